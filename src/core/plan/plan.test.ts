import { describe, expect, it } from "vitest";
import { TINY_KB, usage } from "../../../test/support/tiny-kb.js";
import { PlanError, planUpgrade } from "./plan.js";

const TODAY = "2026-11-26";
const plan = (from: string, to: string, extra: Partial<Parameters<typeof planUpgrade>[0]> = {}) =>
  planUpgrade({ from, to, today: TODAY, kb: TINY_KB, ...extra });

describe("planUpgrade", () => {
  it("plans one control-plane minor per hop with the kubelet minor at the end of each hop", () => {
    const result = plan("1.28", "1.33");
    expect(result).toMatchObject({
      from: "1.28",
      to: "1.33",
      nodesFrom: "1.28",
      today: TODAY,
      initialNodeUpgrade: null,
    });
    expect(result.hops.map((hop) => [hop.controlPlane, hop.nodes])).toEqual([
      ["1.29", "1.28"],
      ["1.30", "1.28"],
      ["1.31", "1.31"],
      ["1.32", "1.31"],
      ["1.33", "1.33"],
    ]);
    expect(result.hops.map((hop) => hop.nodeUpgrade?.trigger ?? null)).toEqual([
      null,
      null,
      "skew",
      null,
      "finish",
    ]);
  });

  it("normalises version spellings and uses --nodes", () => {
    const result = plan("v1.28.4", "1.29", { nodes: "v1.25.16-eks-abc" });
    expect(result.nodesFrom).toBe("1.25");
    expect(result.initialNodeUpgrade).toMatchObject({ from: "1.25", to: "1.28", trigger: "skew" });
    expect(result.hops).toHaveLength(1);
  });

  it("lists add-ons per hop: kube-proxy follows the nodes, the others the control plane", () => {
    const hops = plan("1.28", "1.33").hops;
    const addons = (index: number) =>
      Object.fromEntries(hops[index]?.addons.map((a) => [a.name, a.version]) ?? []);
    expect(addons(0)).toEqual({
      coredns: "v1.11.4-eksbuild.24",
      "kube-proxy": "v1.28.15-eksbuild.31",
      "vpc-cni": "v1.20.1-eksbuild.3",
    });
    expect(addons(2)["kube-proxy"]).toBe("v1.31.13-eksbuild.2");
    expect(addons(4)).toMatchObject({ coredns: "v1.12.4-eksbuild.1", "kube-proxy": "v1.33.5-eksbuild.2" });
    expect(plan("1.33", "1.34").hops[0]?.addons.find((a) => a.name === "coredns")?.version).toBeNull();
  });

  it("places removed APIs on the hop where they break, and ones already removed on the first hop", () => {
    const usages = [
      usage("policy/v1beta1", "PodDisruptionBudget", "web", { line: 7 }),
      usage("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web"),
      usage("extensions/v1beta1", "Ingress", "old", { origin: "last-applied" }),
      usage("apps/v1", "Deployment", "fine"),
      usage("cert-manager.io/v1alpha2", "Certificate", "tls"), // CRD project API: not a hop's concern
    ];
    const result = plan("1.23", "1.26", { usages, nodes: "1.22" });
    const names = result.hops.map((hop) => [
      hop.controlPlane,
      hop.findings.map((f) => `${f.kind}/${f.name}`),
    ]);
    expect(names).toEqual([
      ["1.24", ["Ingress/old"]],
      ["1.25", ["PodDisruptionBudget/web"]],
      ["1.26", ["HorizontalPodAutoscaler/web"]],
    ]);
    const first = result.hops[0]?.findings[0];
    expect(first?.notes[0]).toBe("already removed at 1.22: objects from files cannot be applied");
    expect(first?.source.origin).toBe("last-applied");
    expect(result.hops[1]?.findings[0]).toMatchObject({
      status: "removed",
      removedIn: "1.25",
      replacement: "policy/v1",
    });
    expect(result.hops[1]?.findings[0]?.source.line).toBe(7);
  });

  it("lists APIs deprecated at the target but still served", () => {
    const usages = [usage("storage.k8s.io/v1beta1", "VolumeAttributesClass", "fast")];
    expect(plan("1.33", "1.34", { usages }).deprecatedSoon.map((f) => f.name)).toEqual(["fast"]);
    expect(plan("1.32", "1.33", { usages }).deprecatedSoon).toEqual([]);
  });

  it("places platform notes on the hop where they start, blockers first, once for a range", () => {
    const notes = (from: string, to: string): [string, string[]][] =>
      plan(from, to, { nodes: from }).hops.map((hop) => [hop.controlPlane, hop.notes]);
    expect(notes("1.22", "1.25")).toEqual([
      ["1.23", ["EBS CSI migration: install the EBS CSI driver add-on before upgrading to 1.23"]],
      ["1.24", []],
      [
        "1.25",
        [
          "PodSecurityPolicy removed: move to Pod Security Admission before upgrading",
          "AWS Load Balancer Controller: upgrade the controller to 2.4.7 or newer first",
        ],
      ],
    ]);
    // AL2 applies 1.33–1.36: shown on 1.33 only, and on 1.35 when the path starts past 1.33
    expect(notes("1.32", "1.35").map(([, lines]) => lines.length)).toEqual([1, 0, 0]);
    expect(notes("1.34", "1.35")[0]?.[1]).toEqual([
      "No Amazon Linux 2 AMIs: move node groups to AL2023 or Bottlerocket",
    ]);
  });

  it("gives the support status of the start and of every hop", () => {
    const result = plan("1.28", "1.31");
    expect(result.support).toMatchObject({ version: "1.28", status: "past-end", daysLeft: -365 });
    expect(result.hops.map((hop) => hop.support.status)).toEqual(["past-end", "past-end", "extended"]);
  });

  it("hints blue-green for a long path with removed APIs and in-place for a short clean one", () => {
    const long = plan("1.28", "1.33", {
      usages: [usage("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "fs")],
    });
    expect(long.strategyHint.strategy).toBe("blue-green");
    expect(long.strategyHint.reasons).toHaveLength(3);
    const short = plan("1.33", "1.34", { usages: [] });
    expect(short.strategyHint).toEqual({
      strategy: "in-place",
      reasons: [
        "1 control-plane hop (fewer than 3)",
        "no removed APIs found in the given sources",
        "1.33 support: extended",
      ],
    });
    expect(short.sourcesChecked).toBe(true);
    expect(plan("1.33", "1.34").sourcesChecked).toBe(false);
  });

  it("covers every node kind unless some were detected", () => {
    expect(plan("1.33", "1.34")).toMatchObject({
      nodeKinds: ["managed-node-group", "self-managed", "fargate", "karpenter"],
      nodeKindsDetected: false,
    });
    expect(
      plan("1.33", "1.34", { nodeKinds: ["karpenter", "managed-node-group", "karpenter"] }),
    ).toMatchObject({
      nodeKinds: ["managed-node-group", "karpenter"],
      nodeKindsDetected: true,
    });
  });

  it("records the skew policy and add-on rules it applied", () => {
    const result = plan("1.33", "1.34");
    expect(result.skewPolicy[0]).toEqual({
      component: "kubelet",
      maxOlder: 3,
      narrowerBelow: "1.25",
      narrowerMaxOlder: 2,
    });
    expect(result.addonRules).toEqual([
      { name: "vpc-cni", rules: ["upgrade the VPC CNI one minor version at a time"] },
    ]);
  });

  it.each([
    [{ from: "1.28", to: "1.28" }, "--to"],
    [{ from: "1.28", to: "1.30", nodes: "1.24" }, "--nodes"],
    [{ from: "1.28", to: "1.30", today: "26/11/2026" }, "--today"],
  ])("throws a PlanError for %j", (input, flag) => {
    expect(() => planUpgrade({ today: TODAY, kb: TINY_KB, ...input })).toThrow(PlanError);
    try {
      planUpgrade({ today: TODAY, kb: TINY_KB, ...input });
    } catch (error) {
      expect((error as PlanError).flag).toBe(flag);
    }
  });
});
