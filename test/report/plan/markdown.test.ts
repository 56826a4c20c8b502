import { describe, expect, it } from "vitest";
import { renderPlanMarkdown } from "../../../src/report/plan/markdown.js";
import { renderPlan } from "../../../src/report/plan/render.js";
import { expectGolden } from "../golden.js";
import { edgePlan, samplePlan } from "./sample.js";

/** The lines of one "## Hop N of M" section. */
function hopSection(markdown: string, hop: number): string {
  const start = markdown.indexOf(`## Hop ${hop} of`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

describe("plan markdown playbook", () => {
  const markdown = renderPlanMarkdown(samplePlan());

  it("matches the golden playbook for 1.28 → 1.33", () => {
    expectGolden("plan-markdown.md", markdown);
  });

  it("matches the golden playbook for a rollout before the first hop with every node kind", () => {
    expectGolden("plan-markdown-initial.md", renderPlanMarkdown(edgePlan()));
  });

  it("is what renderPlan returns for markdown", () => {
    expect(renderPlan(samplePlan(), "markdown", { color: true })).toBe(markdown);
  });

  it("opens with a header table of versions, support dates and days left", () => {
    expect(markdown).toMatch(/^# Upgrade playbook: EKS 1\.28 → 1\.33\n/);
    expect(markdown).toContain("| Nodes (kubelet) | 1.28 → 1.33: 2 rollouts |");
    expect(markdown).toContain(
      "| Support of 1.28 | past end: extended support ended 2025-11-26 (365 days ago)",
    );
    expect(markdown).toContain("| Support of 1.33 | extended support until 2027-07-29 (245 days left)");
    expect(markdown).toContain("| Data plane | managed node groups, Karpenter (seen in the sources) |");
  });

  it("states the skew rule correctly: n-3 from kubelet 1.25, n-2 below", () => {
    expect(markdown).toContain(
      "up to 3 minors older (n-3) when it is 1.25 or newer, 2 minors (n-2) when it is older than 1.25",
    );
    expect(markdown).not.toMatch(/up to two minor versions older/i);
  });

  it("gives every hop the control-plane commands with its version", () => {
    for (const [hop, version] of [
      [1, "1.29"],
      [5, "1.33"],
    ] as const) {
      const section = hopSection(markdown, hop);
      expect(section).toContain(
        `aws eks update-cluster-version --name "$CLUSTER" --kubernetes-version ${version}`,
      );
      expect(section).toContain('aws eks wait cluster-active --name "$CLUSTER"');
      expect(section).toContain(
        `aws eks describe-addon-versions --kubernetes-version ${version} --addon-name coredns`,
      );
      expect(section).toContain("kubectl get --raw /readyz");
      expect(section).toContain("kubectl get pdb -A");
    }
  });

  it("lists removed APIs with file:line on the hop where they break", () => {
    expect(hopSection(markdown, 4)).toContain(
      "- [ ] Migrate every object from `flowcontrol.apiserver.k8s.io/v1beta3` FlowSchema to `flowcontrol.apiserver.k8s.io/v1` (removed in 1.32):",
    );
    expect(hopSection(markdown, 4)).toContain("  - [ ] FlowSchema probes: `platform/apf.yaml:3`");
    expect(hopSection(markdown, 1)).toContain(
      "  - already removed at 1.25: objects from files cannot be applied",
    );
    expect(hopSection(markdown, 1)).toContain(
      "  - [ ] PodDisruptionBudget shop/web: `snapshot/pdb.yaml:12` (last-applied)",
    );
    expect(hopSection(markdown, 2)).not.toContain("Migrate every object");
  });

  it("rolls nodes only on hops with a rollout, with steps for the detected kinds only", () => {
    expect(hopSection(markdown, 1)).toContain("No rollout: nodes stay at 1.28");
    const rollout = hopSection(markdown, 3);
    expect(rollout).toContain(
      "Roll the nodes 1.28 → 1.31 (skew): kubelet 1.28 would be 4 minors behind control plane 1.32",
    );
    expect(rollout).toContain(
      'aws eks update-nodegroup-version --cluster-name "$CLUSTER" --nodegroup-name "$NODEGROUP" --kubernetes-version 1.31',
    );
    expect(rollout).toContain("kubectl get nodeclaims -w");
    expect(rollout).not.toContain("kubectl drain");
    expect(rollout).not.toContain("rollout restart");
  });

  it("gives every node kind when none was detected", () => {
    const edge = renderPlanMarkdown(edgePlan());
    expect(edge).toContain("### Roll the nodes to 1.28 first");
    expect(edge).toContain('kubectl drain "$NODE" --ignore-daemonsets --delete-emptydir-data');
    expect(edge).toContain('kubectl rollout restart deployment -n "$NAMESPACE"');
    expect(edge).toContain("--kubernetes-version 1.28");
    expect(edge).toContain("amiSelectorTerms");
    expect(edge).toContain("| Removed APIs in use | not checked: no sources given |");
  });

  it("updates add-ons when their version changes, kube-proxy after the node rollout", () => {
    const first = hopSection(markdown, 1);
    expect(first).toContain(
      'aws eks update-addon --cluster-name "$CLUSTER" --addon-name coredns --addon-version v1.11.4-eksbuild.24 --resolve-conflicts PRESERVE',
    );
    expect(hopSection(markdown, 2)).toContain("No add-on version changes in this hop.");
    expect(hopSection(markdown, 3)).toContain(
      "`kube-proxy` → `v1.31.13-eksbuild.2` (kube-proxy follows the nodes, kubelet 1.31)",
    );
    expect(markdown).toContain("  - `vpc-cni`:\n    - upgrade the VPC CNI one minor version at a time.");
  });

  it("places platform notes and lists APIs deprecated at the target", () => {
    expect(hopSection(markdown, 5)).toContain(
      "- [ ] No Amazon Linux 2 AMIs: move node groups to AL2023 or Bottlerocket",
    );
    expect(markdown).toContain("## Deprecated at 1.33 (still served)");
    expect(markdown).toContain("  - [ ] Endpoints shop/legacy-db: `apps/db.yaml:40`");
  });

  it("uses checklists for every step", () => {
    const tasks = markdown.split("\n").filter((line) => line.trimStart().startsWith("- [ ] "));
    expect(tasks.length).toBeGreaterThan(40);
  });
});
