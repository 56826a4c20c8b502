import { describe, expect, it } from "vitest";
import {
  REBUILD_GATES,
  RECOMMENDATION_RULES,
  type RecommendationInput,
  recommend,
  recommendationFacts,
  THRESHOLDS,
} from "./recommend.js";
import {
  type CheckStatus,
  type DriftFinding,
  READINESS_CHECKS,
  type ReadinessCheck,
  type ReadinessCheckId,
  type Severity,
} from "./types.js";

/** Every check passing, except the ones given; a failing check's first action names it. */
function readiness(
  statuses: Partial<Record<ReadinessCheckId, CheckStatus>> = {},
  facts: Partial<Record<ReadinessCheckId, Record<string, unknown>>> = {},
): ReadinessCheck[] {
  return READINESS_CHECKS.map((check) => {
    const status = statuses[check] ?? "pass";
    return {
      check,
      status,
      evidence: [`${check} evidence`],
      actions: status === "pass" ? [] : [`Fix ${check}`],
      facts: facts[check] ?? {},
    };
  });
}

function drift(count: number, severity: Severity = "medium"): DriftFinding[] {
  return Array.from({ length: count }, (_, i) => ({
    type: "unmanaged",
    severity,
    kind: "CronJob",
    apiVersion: "batch/v1",
    namespace: "shop",
    name: `made-by-hand-${i}`,
    evidence: "no GitOps tool owns it",
    fix: "add it to Git or delete it",
  }));
}

function input(overrides: Partial<RecommendationInput> = {}): RecommendationInput {
  return {
    currentVersion: "1.32",
    targetVersion: "1.33",
    drift: [],
    readiness: readiness(),
    removedApis: 0,
    ...overrides,
  };
}

describe("the rule table", () => {
  it("has unique ids and rules for both strategies", () => {
    const ids = RECOMMENDATION_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(RECOMMENDATION_RULES.map((rule) => rule.favours))).toEqual(
      new Set(["in-place", "blue-green"]),
    );
  });

  it("gates blue-green on the seed's five preconditions", () => {
    expect(REBUILD_GATES.map((gate) => gate.check)).toEqual([
      "gitops-coverage",
      "external-secrets",
      "ingress-dns",
      "observability",
      "state",
    ]);
  });

  it("counts drift above info only, and the minor gap", () => {
    const facts = recommendationFacts(
      input({ currentVersion: "v1.29.8-eks-a737599", drift: [...drift(3), ...drift(9, "info")] }),
    );
    expect(facts).toMatchObject({ gap: 4, drift: 3 });
  });
});

describe("recommend", () => {
  it.each<[string, Partial<RecommendationInput>, string, string]>([
    ["a one-minor jump on a healthy, drift-free cluster", {}, "in-place", "high"],
    ["a two-minor jump", { currentVersion: "1.31" }, "in-place", "medium"],
    ["a small jump with some drift", { drift: drift(5) }, "in-place", "medium"],
    ["a small jump with only informational drift", { drift: drift(30, "info") }, "in-place", "high"],
    [
      "a small jump with blocking PDBs",
      { readiness: readiness({ "upgrade-blockers": "fail" }) },
      "in-place",
      "low",
    ],
    ["no versions given", { currentVersion: null, targetVersion: null }, "in-place", "low"],
    [
      "a large gap on a rebuildable platform",
      { currentVersion: "1.26", targetVersion: "1.30" },
      "blue-green",
      "high",
    ],
    [
      "a large gap with observability only half there",
      { currentVersion: "1.26", targetVersion: "1.30", readiness: readiness({ observability: "warn" }) },
      "blue-green",
      "medium",
    ],
    [
      "a large gap on a platform that cannot be rebuilt",
      {
        currentVersion: "1.26",
        targetVersion: "1.30",
        readiness: readiness({ "gitops-coverage": "fail", state: "fail" }),
      },
      "blue-green",
      "low",
    ],
    ["heavy drift at a small jump", { drift: drift(THRESHOLDS.heavyDrift) }, "blue-green", "medium"],
    ["removed APIs in use at a small jump", { removedApis: 3 }, "blue-green", "medium"],
    ["a platform component swap", { componentSwap: true }, "blue-green", "medium"],
    ["heavy drift and removed APIs", { drift: drift(40), removedApis: 2 }, "blue-green", "high"],
  ])("%s → %s, %s confidence", (_what, overrides, strategy, confidence) => {
    const recommendation = recommend(input(overrides));
    expect(recommendation.strategy).toBe(strategy);
    expect(recommendation.confidence).toBe(confidence);
    expect(recommendation.reasons.length).toBeGreaterThan(0);
  });

  it("explains an in-place recommendation with the rules that fired", () => {
    expect(recommend(input())).toEqual({
      strategy: "in-place",
      confidence: "high",
      reasons: [
        "No blue-green trigger: no large version gap, no heavy drift, no removed APIs in use, no component swap",
        "1.32 → 1.33 is one minor: a short in-place path",
        "No drift findings: the cluster matches what its owners think it runs",
        "No upgrade blockers: node drains can proceed and nothing uses an API removed at the target",
      ],
      blockers: [],
    });
  });

  it("explains a large gap, and says what was outweighed", () => {
    const recommendation = recommend(input({ currentVersion: "1.26", targetVersion: "1.30" }));
    expect(recommendation.reasons[0]).toBe(
      "1.26 → 1.30 is 4 minors: in place that is 4 control-plane upgrades, each followed by node and add-on rollouts and validation; one green cluster at 1.30 replaces the chain",
    );
    expect(recommendation.reasons[1]).toBe(
      "The platform can be rebuilt: gitops-coverage, external-secrets, ingress-dns, observability, state do not fail",
    );
    expect(recommendation.reasons).toContain(
      "Outweighed: No drift findings: the cluster matches what its owners think it runs",
    );
  });

  it("keeps blue-green when the platform cannot be rebuilt, and lists what to fix first", () => {
    const recommendation = recommend(
      input({
        currentVersion: "1.25",
        targetVersion: "1.31",
        readiness: readiness({
          "gitops-coverage": "fail",
          "external-secrets": "fail",
          "cluster-specific-values": "warn",
        }),
        removedApis: 4,
      }),
    );
    expect(recommendation.strategy).toBe("blue-green");
    expect(recommendation.confidence).toBe("low");
    expect(recommendation.reasons).toContain(
      "Blue-green fits, but the platform cannot be rebuilt from code yet (failing: gitops-coverage, external-secrets): fixing that is the first job",
    );
    expect(recommendation.blockers).toEqual([
      "gitops-coverage: green needs workloads reconciled from Git (Argo CD or Flux). Fix gitops-coverage",
      "external-secrets: green needs secrets pulled from an external store, not pasted by hand. Fix external-secrets",
      "removed APIs: migrate the 4 objects before their manifests reach green, which rejects them",
    ]);
  });

  it("says a short jump can still be taken in place while the platform is made rebuildable", () => {
    const recommendation = recommend(
      input({ drift: drift(50), readiness: readiness({ "gitops-coverage": "fail" }) }),
    );
    expect(recommendation).toMatchObject({ strategy: "blue-green", confidence: "low" });
    expect(recommendation.reasons.slice(0, 3)).toEqual([
      "50 drift findings: an in-place upgrade carries them forward, rebuilding green from Git flushes them out",
      "Blue-green fits, but the platform cannot be rebuilt from code yet (failing: gitops-coverage): fixing that is the first job",
      "Until then, this short jump can be taken in place",
    ]);
  });

  it("lists docker.sock mounts as a blue-green blocker", () => {
    const recommendation = recommend(
      input({
        componentSwap: true,
        readiness: readiness(
          { "upgrade-blockers": "fail" },
          { "upgrade-blockers": { dockerSocket: ["Pod ci/runner"] } },
        ),
      }),
    );
    expect(recommendation.blockers).toEqual([
      "docker.sock: 1 workload mounts it; green's nodes run containerd, where it does not exist",
    ]);
  });

  it("lists the upgrade blockers an in-place upgrade must fix first", () => {
    const recommendation = recommend(input({ readiness: readiness({ "upgrade-blockers": "fail" }) }));
    expect(recommendation.blockers).toEqual(["upgrade-blockers: Fix upgrade-blockers"]);
    expect(recommendation.reasons).not.toContain(
      "No upgrade blockers: node drains can proceed and nothing uses an API removed at the target",
    );
  });

  it("does not call a cluster with removed APIs in use healthy", () => {
    const reasons = recommend(input({ removedApis: 1 })).reasons;
    expect(reasons[0]).toBe(
      "1 object uses APIs removed at 1.33: they must be migrated either way, and a fresh cluster proves nothing still depends on them while blue stays the rollback",
    );
    expect(reasons.some((reason) => reason.includes("No upgrade blockers"))).toBe(false);
  });

  it("notes a target that is not newer than the cluster", () => {
    const recommendation = recommend(input({ currentVersion: "1.33", targetVersion: "1.33" }));
    expect(recommendation.reasons).toContain("1.33 → 1.33: the target is not newer than the cluster");
  });

  it("says when the version gap could not be judged", () => {
    expect(recommend(input({ targetVersion: null })).reasons).toContain(
      "No current or target version: the version gap was not judged",
    );
  });
});

describe("recommend from no data", () => {
  it("recommends nothing when no live object was read", () => {
    const recommendation = recommend({
      currentVersion: null,
      targetVersion: null,
      drift: [],
      readiness: [],
      removedApis: 0,
      objects: 0,
    });
    expect(recommendation.strategy).toBe("none");
    expect(recommendation.confidence).toBe("low");
    expect(recommendation.reasons.join(" ")).not.toMatch(/matches what its owners think/);
    expect(recommendation.reasons[0]).toMatch(/No live object was read/);
  });
});
