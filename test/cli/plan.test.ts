import { describe, expect, it } from "vitest";
import type { UpgradePlan } from "../../src/core/plan/plan.js";
import { runCli } from "../support/terminal.js";

const SNAPSHOT = "examples/snapshot";
const TODAY = "2026-11-26";
const base = ["plan", "--from", "1.29", "--to", "1.33", "--today", TODAY];
const withSnapshot = [...base, "--snapshot", SNAPSHOT];

const minor = (version: string) => Number(version.split(".")[1]);
const json = (stdout: string) => JSON.parse(stdout) as UpgradePlan;

/** The Kubernetes skew rule, written out here on purpose: n-3 for kubelet 1.25+, n-2 below. */
const maxOlder = (kubelet: string) => (minor(kubelet) >= 25 ? 3 : 2);
const inWindow = (kubelet: string, controlPlane: string) =>
  minor(kubelet) <= minor(controlPlane) && minor(controlPlane) - minor(kubelet) <= maxOlder(kubelet);

async function planJson(args: string[]): Promise<{ code: number; plan: UpgradePlan; stderr: string }> {
  const run = await runCli([...args, "-o", "json"]);
  return { code: run.code, plan: json(run.stdout), stderr: run.stderr };
}

describe("cutover plan on the bundled snapshot (end to end)", () => {
  it("plans four hops with the nodes read from the Node objects (kubelet 1.29)", async () => {
    const { code, plan } = await planJson(withSnapshot);
    expect(code).toBe(1);
    expect(plan.hops.map((hop) => hop.controlPlane)).toEqual(["1.30", "1.31", "1.32", "1.33"]);
    expect(plan.nodesFrom).toBe("1.29");
    expect(plan.hops.map((hop) => hop.nodes)).toEqual(["1.29", "1.29", "1.32", "1.33"]);
    expect(plan.hops.map((hop) => hop.nodeUpgrade?.trigger ?? null)).toEqual([null, null, "skew", "finish"]);
    expect(plan.initialNodeUpgrade).toBeNull();
    expect(plan.nodeKinds).toEqual(["managed-node-group", "karpenter"]);
    expect(plan.nodeKindsDetected).toBe(true);
    expect(plan.sourcesChecked).toBe(true);
  });

  it("puts the flowcontrol v1beta3 objects on the 1.32 hop with their origins", async () => {
    const { plan } = await planJson(withSnapshot);
    const hop132 = plan.hops.find((hop) => hop.controlPlane === "1.32");
    const found = hop132?.findings.map((f) => ({
      what: `${f.apiVersion} ${f.kind} ${f.name}`,
      origin: f.source.origin,
      by: f.source.manager ?? f.source.release,
    }));
    expect(found).toEqual(
      expect.arrayContaining([
        {
          what: "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema batch-jobs",
          origin: "managed-fields",
          by: "platform-operator",
        },
        {
          what: "flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration legacy-api",
          origin: "helm-release",
          by: "shop/legacy-api@2",
        },
      ]),
    );
    expect(hop132?.findings).toHaveLength(2);
    for (const hop of plan.hops.filter((h) => h.controlPlane !== "1.32" && h.controlPlane !== "1.30")) {
      expect(hop.findings, hop.controlPlane).toEqual([]);
    }
  });

  it("puts the last-applied batch/v1beta1 CronJob (removed in 1.25, before --from) on the first hop", async () => {
    const { plan } = await planJson(withSnapshot);
    expect(plan.hops[0]?.findings).toEqual([
      expect.objectContaining({
        kind: "CronJob",
        apiVersion: "batch/v1beta1",
        name: "nightly-report",
        namespace: "shop",
        removedIn: "1.25",
        source: expect.objectContaining({ file: `${SNAPSHOT}/workloads.yaml`, origin: "last-applied" }),
        notes: expect.arrayContaining([expect.stringMatching(/already removed at 1\.25/)]),
      }),
    ]);
  });

  it.each([
    [[], 1],
    [["--fail-on", "removed"], 1],
    [["--fail-on", "none"], 0],
  ])("exit code with %j is %d", async (flags, code) => {
    const run = await runCli([...withSnapshot, "-o", "json", ...flags]);
    expect(run.code).toBe(code);
    expect(json(run.stdout).hops).toHaveLength(4);
  });

  it("writes a markdown playbook with the EKS commands of every hop and the Karpenter steps", async () => {
    const run = await runCli([...withSnapshot, "-o", "markdown"]);
    expect(run.code).toBe(1);
    for (const version of ["1.30", "1.31", "1.32", "1.33"]) {
      expect(run.stdout).toContain(
        `aws eks update-cluster-version --name "$CLUSTER" --kubernetes-version ${version}`,
      );
    }
    expect(run.stdout).toContain("- [ ] **Karpenter**");
    expect(run.stdout).toContain("kubectl get nodeclaims");
    expect(run.stdout).toContain("- [ ] **Managed node groups**");
    expect(run.stdout).toContain("aws eks update-nodegroup-version");
    // Only the node kinds the snapshot shows get steps.
    expect(run.stdout).not.toContain("**Fargate**");
    expect(run.stdout).not.toContain("**Self-managed node groups**");
    expect(run.stdout).toContain("`examples/snapshot/workloads.yaml:13` (managed-fields: platform-operator)");
  });
});

describe("cutover plan: the node schedule follows the skew policy", () => {
  it.each([
    // --nodes, initial rollout target, kubelet at the end of each hop 1.30 … 1.33
    [undefined, null, ["1.29", "1.29", "1.32", "1.33"]],
    ["1.28", null, ["1.28", "1.31", "1.31", "1.33"]],
    ["1.27", null, ["1.30", "1.30", "1.30", "1.33"]],
    ["1.26", "1.29", ["1.29", "1.29", "1.32", "1.33"]],
  ])("--nodes %s: initial rollout to %s, then %j", async (nodes, initial, schedule) => {
    const flags = nodes ? ["--nodes", nodes] : [];
    const { plan } = await planJson([...withSnapshot, ...flags]);
    expect(plan.nodesFrom).toBe(nodes ?? "1.29");
    expect(plan.initialNodeUpgrade?.to ?? null).toBe(initial);
    expect(plan.hops.map((hop) => hop.nodes)).toEqual(schedule);
  });

  it.each(["1.26", "1.27", "1.28", "1.29"])(
    "--nodes %s: every moment is inside the window, and each skew rollout is needed",
    async (nodes) => {
      const { plan } = await planJson([...withSnapshot, "--nodes", nodes]);
      let kubelet = plan.initialNodeUpgrade?.to ?? plan.nodesFrom;
      expect(inWindow(kubelet, plan.from)).toBe(true);
      plan.hops.forEach((hop, i) => {
        // Right after the control-plane upgrade, the nodes have not moved yet.
        expect(inWindow(kubelet, hop.controlPlane), `kubelet ${kubelet} on ${hop.controlPlane}`).toBe(true);
        const next = plan.hops[i + 1]?.controlPlane;
        if (hop.nodeUpgrade?.trigger === "skew" && next) {
          expect(inWindow(kubelet, next), `rollout in hop ${hop.controlPlane} was not needed`).toBe(false);
        }
        if (!hop.nodeUpgrade && next) expect(inWindow(kubelet, next)).toBe(true);
        kubelet = hop.nodes;
        expect(inWindow(kubelet, hop.controlPlane)).toBe(true);
      });
      expect(kubelet).toBe(plan.to);
    },
  );

  it("takes the oldest kubelet and every node kind from Node objects of mixed kinds", async () => {
    const { plan } = await planJson([
      ...["plan", "--from", "1.31", "--to", "1.34", "--today", TODAY],
      ...["--snapshot", "test/fixtures/cli/mixed-nodes"],
    ]);
    expect(plan.nodesFrom).toBe("1.30");
    expect(plan.hops.map((hop) => hop.nodes)).toEqual(["1.30", "1.33", "1.34"]);
    expect(plan.nodeKinds).toEqual(["managed-node-group", "self-managed", "fargate"]);
    expect(plan.nodeKindsDetected).toBe(true);
  });

  it("--nodes changes the schedule against the snapshot's own kubelets", async () => {
    const fromNodes = await planJson(withSnapshot);
    const older = await planJson([...withSnapshot, "--nodes", "1.27"]);
    expect(older.plan.hops.map((hop) => hop.nodes)).not.toEqual(fromNodes.plan.hops.map((hop) => hop.nodes));
  });
});

describe("cutover plan usage errors", () => {
  it.each([
    [["--from", "1.33", "--to", "1.29"], /--to 1\.29 must be newer than --from 1\.33/],
    [
      ["--from", "1.29", "--to", "1.99"],
      /--to 1\.99 is not a known version: known versions are 1\.16, .*1\.36/,
    ],
    [["--from", "1.29", "--to", "1.33", "--nodes", "1.34"], /--nodes 1\.34 is newer than --from 1\.29/],
    [["--from", "1.29", "--to", "1.33", "--nodes", "1.20"], /--nodes 1\.20 is outside the skew policy/],
    [["--from", "1.29", "--to", "1.33", "--today", "26/11/2026"], /--today "26\/11\/2026" is not a date/],
    [["--from", "1.29", "--to", "1.33", "--today", "2026-02-30"], /--today "2026-02-30" is not a date/],
    [["--from", "1.29", "--to", "1.33", "-o", "pdf"], /--output "pdf" is not one of/],
    [["--from", "1.29", "--to", "1.33", "--fail-on", "warn"], /--fail-on "warn" is not one of/],
    [["--to", "1.33"], /--from/],
  ])("%j exits 2 naming the flag", async (flags, message) => {
    const run = await runCli(["plan", ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });
});

describe("cutover plan without sources", () => {
  it("plans the hops, exits 0 and says removed APIs were not checked", async () => {
    const { code, plan } = await planJson(base);
    expect(code).toBe(0);
    expect(plan.sourcesChecked).toBe(false);
    expect(plan.hops.map((hop) => hop.controlPlane)).toEqual(["1.30", "1.31", "1.32", "1.33"]);
    expect(plan.hops.flatMap((hop) => hop.findings)).toEqual([]);
    expect(plan.nodeKindsDetected).toBe(false);
    expect(plan.nodeKinds).toEqual(["managed-node-group", "self-managed", "fargate", "karpenter"]);
  });

  it.each([
    ["table", /Removed APIs: not checked/],
    ["markdown", /Removed APIs in use \| not checked/],
  ])("-o %s says removed APIs were not checked", async (format, message) => {
    const run = await runCli([...base, "-o", format]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(message);
  });

  it("reads manifests given as paths and places their removed APIs", async () => {
    const { code, plan } = await planJson([...base, "examples/manifests"]);
    expect(code).toBe(1);
    expect(plan.sourcesChecked).toBe(true);
    const onHop = (version: string) =>
      plan.hops.find((hop) => hop.controlPlane === version)?.findings.map((f) => `${f.apiVersion} ${f.kind}`);
    expect(onHop("1.30")).toEqual(expect.arrayContaining(["extensions/v1beta1 Ingress"]));
    expect(onHop("1.32")).toEqual(
      expect.arrayContaining(["flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema"]),
    );
  });
});

describe("cutover plan with unreadable input", () => {
  it("carries the input errors into the plan, prints them once, and exits 2", async () => {
    const run = await runCli([
      "plan",
      "--from",
      "1.29",
      "--to",
      "1.30",
      "--snapshot",
      "no/such",
      "--today",
      "2026-11-26",
    ]);
    expect(run.code).toBe(2);
    const plan = JSON.parse(run.stdout) as { inputErrors: { file: string; line: number | null }[] };
    expect(plan.inputErrors).toEqual([expect.objectContaining({ file: "no/such", line: null })]);
    expect(run.stderr.match(/error: no\/such:/g)).toHaveLength(1);
  });
});
