import { describe, expect, it } from "vitest";
import { TINY_KB } from "../../../test/support/tiny-kb.js";
import { formatMinor, minorOf } from "../version.js";
import {
  allowedLag,
  describeLag,
  nodeSkewWindows,
  oldestAllowed,
  scheduleNodeRollouts,
  withinSkew,
} from "./skew.js";
import type { SkewWindow } from "./types.js";

const windows = nodeSkewWindows(TINY_KB.skew);
const [kubelet] = windows;

describe("kubelet skew window", () => {
  it.each([
    // kubelet, control plane, allowed?
    ["1.28", "1.28", true],
    ["1.28", "1.31", true], // n-3 for kubelets 1.25 and newer
    ["1.28", "1.32", false],
    ["1.25", "1.28", true],
    ["1.24", "1.26", true], // n-2 for kubelets older than 1.25
    ["1.24", "1.27", false],
    ["1.22", "1.25", false], // the narrower window is chosen by the kubelet's own version
    ["1.29", "1.28", false], // never newer than the control plane
  ])("kubelet %s against control plane %s → %s", (node, controlPlane, allowed) => {
    expect(withinSkew(kubelet, node, controlPlane)).toBe(allowed);
  });

  it.each([
    ["1.24", 2],
    ["1.25", 3],
    ["1.33", 3],
  ])("kubelet %s may lag %d minors", (node, lag) => {
    expect(allowedLag(kubelet, node)).toBe(lag);
  });

  it.each([
    ["1.28", "1.25"],
    ["1.27", "1.25"], // 1.24 would be n-3 with only n-2 allowed
    ["1.26", "1.24"], // 1.23 would be n-3 with only n-2 allowed
    ["1.25", "1.23"],
  ])("the oldest kubelet for control plane %s is %s", (controlPlane, oldest) => {
    expect(oldestAllowed(kubelet, controlPlane)).toBe(oldest);
  });

  it("states the rule with the window that applies", () => {
    expect(describeLag(kubelet, "1.28")).toBe("at most 3 minors older (n-3 for kubelet 1.25 and newer)");
    expect(describeLag(kubelet, "1.24")).toBe("at most 2 minors older (n-2 for kubelet older than 1.25)");
  });

  it("falls back to the kubelet window for kube-proxy and fails clearly without a kubelet rule", () => {
    const onlyKubelet = TINY_KB.skew.filter((rule) => rule.component === "kubelet");
    expect(nodeSkewWindows(onlyKubelet)[1]).toMatchObject({ component: "kube-proxy", maxOlder: 3 });
    expect(() => nodeSkewWindows([])).toThrow(/no kubelet skew rule/);
  });
});

/** "1.29:1.28" = hop to 1.29 ends with nodes 1.28; "*" marks a node rollout in that hop. */
function summary(from: string, to: string, nodes: string, policy: readonly SkewWindow[] = windows): string {
  const schedule = scheduleNodeRollouts(from, to, nodes, policy);
  const initial = schedule.initial ? `init→${schedule.initial.to} ` : "";
  return (
    initial +
    schedule.hops.map((hop) => `${hop.controlPlane}:${hop.nodes}${hop.nodeUpgrade ? "*" : ""}`).join(" ")
  );
}

describe("node rollout schedule", () => {
  it.each([
    // nodes 1.28 are fine up to control plane 1.31; before 1.32 they go to 1.31; the end brings them to 1.33
    ["1.28", "1.33", "1.28", "1.29:1.28 1.30:1.28 1.31:1.31* 1.32:1.31 1.33:1.33*"],
    // kubelets older than 1.25 only get n-2: 1.22 survives 1.24, and 1.24 survives 1.26
    ["1.22", "1.26", "1.22", "1.23:1.22 1.24:1.24* 1.25:1.24 1.26:1.26*"],
    // the window widens once nodes reach 1.25 or newer
    ["1.24", "1.30", "1.24", "1.25:1.24 1.26:1.26* 1.27:1.26 1.28:1.26 1.29:1.29* 1.30:1.30*"],
    // nodes already at the edge of the window must roll before the first hop
    ["1.28", "1.29", "1.25", "init→1.28 1.29:1.29*"],
    ["1.25", "1.28", "1.23", "init→1.25 1.26:1.25 1.27:1.25 1.28:1.28*"],
    ["1.30", "1.31", "1.30", "1.31:1.31*"],
    ["1.30", "1.33", "1.30", "1.31:1.30 1.32:1.30 1.33:1.33*"],
    [
      "1.20",
      "1.36",
      "1.20",
      "1.21:1.20 1.22:1.22* 1.23:1.22 1.24:1.24* 1.25:1.24 1.26:1.26* 1.27:1.26 1.28:1.26 1.29:1.29* 1.30:1.29 1.31:1.29 1.32:1.32* 1.33:1.32 1.34:1.32 1.35:1.35* 1.36:1.36*",
    ],
  ])("%s → %s with nodes %s: %s", (from, to, nodes, expected) => {
    expect(summary(from, to, nodes)).toBe(expected);
  });

  it("explains a skew rollout with the component, the lag and the rule", () => {
    const hop = scheduleNodeRollouts("1.28", "1.33", "1.28", windows).hops[2];
    expect(hop?.nodeUpgrade).toEqual({
      from: "1.28",
      to: "1.31",
      trigger: "skew",
      reason:
        "kubelet 1.28 would be 4 minors behind control plane 1.32; kubelet 1.28 may be at most 3 minors older (n-3 for kubelet 1.25 and newer)",
    });
    const last = scheduleNodeRollouts("1.28", "1.33", "1.28", windows).hops[4];
    expect(last?.nodeUpgrade).toMatchObject({ from: "1.31", to: "1.33", trigger: "finish" });
  });

  it("follows the stricter window when kube-proxy is narrower than the kubelet", () => {
    const strictProxy: SkewWindow[] = [
      kubelet,
      { component: "kube-proxy", maxOlder: 1, narrowerBelow: null, narrowerMaxOlder: null },
    ];
    expect(summary("1.28", "1.31", "1.28", strictProxy)).toBe("1.29:1.29* 1.30:1.30* 1.31:1.31*");
    const hop = scheduleNodeRollouts("1.28", "1.31", "1.28", strictProxy).hops[0];
    expect(hop?.nodeUpgrade?.reason).toMatch(/^kube-proxy 1.28 would be 2 minors behind control plane 1.30/);
  });
});

/** The fewest rollouts any schedule needs, by breadth-first search over (hop, kubelet) states. */
function minimumRollouts(from: number, to: number, nodes: number): number {
  const ok = (kubeletMinor: number, cp: number) =>
    withinSkew(kubelet, formatMinor(kubeletMinor), formatMinor(cp));
  // best[n] = fewest rollouts to be at kubelet n with the control plane at `cp`, before its next hop
  let best = new Map<number, number>([[nodes, 0]]);
  for (let cp = from; cp <= to; cp++) {
    const afterRollouts = new Map(best);
    for (const [n, count] of best) {
      for (let target = n + 1; target <= cp; target++) {
        afterRollouts.set(target, Math.min(afterRollouts.get(target) ?? Number.POSITIVE_INFINITY, count + 1));
      }
    }
    if (cp === to) return afterRollouts.get(to) ?? Number.POSITIVE_INFINITY;
    best = new Map([...afterRollouts].filter(([n]) => ok(n, cp + 1)));
  }
  return Number.POSITIVE_INFINITY;
}

describe("the schedule is minimal and always inside the policy", () => {
  const cases: [string, string, string][] = [];
  for (let from = 20; from <= 35; from++) {
    for (let to = from + 1; to <= 36; to++) {
      for (let nodes = from - 3; nodes <= from; nodes++) {
        if (withinSkew(kubelet, formatMinor(nodes), formatMinor(from))) {
          cases.push([formatMinor(from), formatMinor(to), formatMinor(nodes)]);
        }
      }
    }
  }

  it(`checks ${cases.length} from/to/nodes combinations`, () => {
    expect(cases.length).toBeGreaterThan(400);
    for (const [from, to, nodes] of cases) {
      const schedule = scheduleNodeRollouts(from, to, nodes, windows);
      let current = schedule.initial?.to ?? nodes;
      for (const hop of schedule.hops) {
        // during the control-plane upgrade the nodes are still at `current`
        expect(
          withinSkew(kubelet, current, hop.controlPlane),
          `${from}→${to} nodes ${nodes} at ${hop.controlPlane}`,
        ).toBe(true);
        expect(minorOf(hop.nodes)).toBeLessThanOrEqual(minorOf(hop.controlPlane));
        current = hop.nodes;
      }
      expect(current).toBe(to);
      const rollouts = (schedule.initial ? 1 : 0) + schedule.hops.filter((hop) => hop.nodeUpgrade).length;
      expect(rollouts, `${from}→${to} nodes ${nodes}`).toBe(
        minimumRollouts(minorOf(from), minorOf(to), minorOf(nodes)),
      );
    }
  });
});
