// In place or blue-green, and why: a transparent rule table built on the seed's reasoning. A small jump
// on a healthy, drift-free cluster is upgraded in place; a large version gap, heavy drift, removed APIs
// in use or a platform component swap favour blue-green, but only if the platform can be rebuilt from
// code. When it cannot, the strategy stays what fits, confidence is low and the blockers say what to fix.
// docs/audit-recommendation.md documents every rule, threshold and example.
import { parseMinor } from "../version.js";
import { agree, count } from "./readiness-common.js";
import type {
  CheckStatus,
  DriftFinding,
  ReadinessCheck,
  ReadinessCheckId,
  Recommendation,
  Strategy,
} from "./types.js";

export interface RecommendationInput {
  currentVersion: string | null;
  targetVersion: string | null;
  drift: readonly DriftFinding[];
  readiness: readonly ReadinessCheck[];
  /** Objects using APIs removed at the target version. */
  removedApis: number;
  /** The upgrade also replaces a platform component (ingress pattern, mesh, Gateway API, CNI…). */
  componentSwap?: boolean;
  /** Live objects the audit read (Helm release manifests left out); none means nothing to judge from. */
  objects?: number;
}

export const THRESHOLDS = {
  /** Minors an in-place upgrade takes with high confidence. */
  smallJump: 1,
  /** Minors an in-place upgrade still takes, with medium confidence. */
  acceptableJump: 2,
  /** From this many minors on, blue-green replaces a chain of in-place upgrades. */
  largeGap: 3,
  /** Drift findings (above "info") from which the cluster counts as carrying years of drift. */
  heavyDrift: 20,
} as const;

/** What the rules look at, derived once from the input. */
export interface RecommendationFacts {
  current: string | null;
  target: string | null;
  /** Target minor minus current minor; null when either version is missing. */
  gap: number | null;
  /** Drift findings with a severity above "info". */
  drift: number;
  removedApis: number;
  componentSwap: boolean;
  status: (check: ReadinessCheckId) => CheckStatus | "missing";
}

export interface RecommendationRule {
  id: string;
  favours: Strategy;
  when: (facts: RecommendationFacts) => boolean;
  reason: (facts: RecommendationFacts) => string;
}

const jump = (facts: RecommendationFacts) => `${facts.current} → ${facts.target}`;

/** The strategy rules, blue-green triggers first. Any blue-green trigger decides for blue-green. */
export const RECOMMENDATION_RULES: readonly RecommendationRule[] = [
  {
    id: "large-version-gap",
    favours: "blue-green",
    when: (facts) => facts.gap !== null && facts.gap >= THRESHOLDS.largeGap,
    reason: (facts) =>
      `${jump(facts)} is ${facts.gap} minors: in place that is ${facts.gap} control-plane upgrades, each followed by node and add-on rollouts and validation; one green cluster at ${facts.target} replaces the chain`,
  },
  {
    id: "heavy-drift",
    favours: "blue-green",
    when: (facts) => facts.drift >= THRESHOLDS.heavyDrift,
    reason: (facts) =>
      `${count(facts.drift, "drift finding")}: an in-place upgrade carries them forward, rebuilding green from Git flushes them out`,
  },
  {
    id: "removed-apis",
    favours: "blue-green",
    when: (facts) => facts.removedApis > 0,
    reason: (facts) =>
      `${count(facts.removedApis, "object")} ${agree(facts.removedApis, "uses", "use")} APIs removed at ${facts.target ?? "the target"}: they must be migrated either way, and a fresh cluster proves nothing still depends on them while blue stays the rollback`,
  },
  {
    id: "component-swap",
    favours: "blue-green",
    when: (facts) => facts.componentSwap,
    reason: () =>
      "A platform component is being swapped (ingress pattern, mesh, Gateway API): build the new one in green and test it before a user reaches it",
  },
  {
    id: "small-jump",
    favours: "in-place",
    when: (facts) => facts.gap !== null && facts.gap <= THRESHOLDS.acceptableJump,
    reason: (facts) =>
      facts.gap !== null && facts.gap <= 0
        ? `${jump(facts)}: the target is not newer than the cluster`
        : `${jump(facts)} is ${facts.gap === 1 ? "one minor" : `${facts.gap} minors`}: a short in-place path`,
  },
  {
    id: "drift-free",
    favours: "in-place",
    when: (facts) => facts.drift === 0,
    reason: () => "No drift findings: the cluster matches what its owners think it runs",
  },
  {
    id: "healthy",
    favours: "in-place",
    when: (facts) => facts.status("upgrade-blockers") !== "fail" && facts.removedApis === 0,
    reason: () =>
      "No upgrade blockers: node drains can proceed and nothing uses an API removed at the target",
  },
];

/** The seed's "what needs to be true first": a failing gate means green cannot be rebuilt yet. */
export const REBUILD_GATES: readonly { check: ReadinessCheckId; needs: string }[] = [
  { check: "gitops-coverage", needs: "workloads reconciled from Git (Argo CD or Flux)" },
  { check: "external-secrets", needs: "secrets pulled from an external store, not pasted by hand" },
  { check: "ingress-dns", needs: "ingress and DNS that are understood and can point at either cluster" },
  { check: "observability", needs: "metrics and logs to compare green with blue" },
  { check: "state", needs: "a plan for persistent data" },
];

export function recommendationFacts(input: RecommendationInput): RecommendationFacts {
  const current = input.currentVersion;
  const target = input.targetVersion;
  const currentMinor = current === null ? undefined : parseMinor(current);
  const targetMinor = target === null ? undefined : parseMinor(target);
  const statuses = new Map(input.readiness.map((check) => [check.check, check.status]));
  return {
    current,
    target,
    gap: currentMinor === undefined || targetMinor === undefined ? null : targetMinor - currentMinor,
    drift: input.drift.filter((finding) => finding.severity !== "info").length,
    removedApis: input.removedApis,
    componentSwap: input.componentSwap ?? false,
    status: (check) => statuses.get(check) ?? "missing",
  };
}

function checkOf(input: RecommendationInput, id: ReadinessCheckId): ReadinessCheck | undefined {
  return input.readiness.find((check) => check.check === id);
}

/** "gitops-coverage: workloads reconciled from Git … (first action of the check)". */
function gateBlockers(input: RecommendationInput, facts: RecommendationFacts): string[] {
  return REBUILD_GATES.filter((gate) => facts.status(gate.check) === "fail").map((gate) => {
    const action = checkOf(input, gate.check)?.actions[0];
    return `${gate.check}: green needs ${gate.needs}.${action ? ` ${action}` : ""}`;
  });
}

function upgradeBlockerActions(input: RecommendationInput, facts: RecommendationFacts): string[] {
  if (facts.status("upgrade-blockers") !== "fail") return [];
  const check = checkOf(input, "upgrade-blockers");
  return (check?.actions ?? []).slice(0, 3).map((action) => `upgrade-blockers: ${action}`);
}

function blueGreen(
  input: RecommendationInput,
  facts: RecommendationFacts,
  decisive: RecommendationRule[],
): Omit<Recommendation, "reasons"> & { gateNote: string } {
  const blockers = gateBlockers(input, facts);
  if (facts.removedApis > 0) {
    blockers.push(
      `removed APIs: migrate the ${count(facts.removedApis, "object")} before their manifests reach green, which rejects them`,
    );
  }
  const dockerSocket = checkOf(input, "upgrade-blockers")?.facts?.dockerSocket;
  if (Array.isArray(dockerSocket) && dockerSocket.length > 0) {
    blockers.push(
      `docker.sock: ${count(dockerSocket.length, "workload")} ${agree(dockerSocket.length, "mounts", "mount")} it; green's nodes run containerd, where it does not exist`,
    );
  }
  const failing = REBUILD_GATES.filter((gate) => facts.status(gate.check) === "fail").map(
    (gate) => gate.check,
  );
  const allPass = REBUILD_GATES.every((gate) => facts.status(gate.check) === "pass");
  const strong = decisive.length >= 2 || decisive.some((rule) => rule.id === "large-version-gap");
  const confidence = failing.length > 0 ? "low" : allPass && strong ? "high" : "medium";
  const gateNote =
    failing.length > 0
      ? `Blue-green fits, but the platform cannot be rebuilt from code yet (failing: ${failing.join(", ")}): fixing that is the first job`
      : `The platform can be rebuilt: ${REBUILD_GATES.map((gate) => gate.check).join(", ")} do not fail`;
  return { strategy: "blue-green", confidence, blockers, gateNote };
}

function inPlace(input: RecommendationInput, facts: RecommendationFacts): Omit<Recommendation, "reasons"> {
  const blockers = upgradeBlockerActions(input, facts);
  const clean = facts.gap !== null && facts.gap <= THRESHOLDS.smallJump && facts.drift === 0;
  const confidence = blockers.length > 0 || facts.gap === null ? "low" : clean ? "high" : "medium";
  return { strategy: "in-place", confidence, blockers };
}

/** No live object: every rule would fire or not on absent data ("no drift" of nothing is not a clean cluster). */
const NO_DATA: Recommendation = {
  strategy: "none",
  confidence: "low",
  reasons: [
    "No live object was read: there is nothing to recommend from. Give the cluster's objects (PATH…, --snapshot DIR or --context NAME) and audit again",
  ],
  blockers: ["no live objects: the input was empty or could not be read"],
};

export function recommend(input: RecommendationInput): Recommendation {
  if (input.objects === 0)
    return { ...NO_DATA, reasons: [...NO_DATA.reasons], blockers: [...NO_DATA.blockers] };
  const facts = recommendationFacts(input);
  const fired = RECOMMENDATION_RULES.filter((rule) => rule.when(facts));
  const forBlueGreen = fired.filter((rule) => rule.favours === "blue-green");
  const versionNote =
    facts.gap === null ? ["No current or target version: the version gap was not judged"] : [];
  if (forBlueGreen.length > 0) {
    const { gateNote, ...decision } = blueGreen(input, facts, forBlueGreen);
    const outweighed = fired.filter((rule) => rule.favours === "in-place");
    // A short jump stays possible in place while the platform is made rebuildable.
    const meanwhile =
      decision.confidence === "low" && outweighed.some((rule) => rule.id === "small-jump")
        ? ["Until then, this short jump can be taken in place"]
        : [];
    return {
      ...decision,
      reasons: [
        ...forBlueGreen.map((rule) => rule.reason(facts)),
        gateNote,
        ...meanwhile,
        ...versionNote,
        ...outweighed.map((rule) => `Outweighed: ${rule.reason(facts)}`),
      ],
    };
  }
  const decision = inPlace(input, facts);
  return {
    ...decision,
    reasons: [
      "No blue-green trigger: no large version gap, no heavy drift, no removed APIs in use, no component swap",
      ...fired.map((rule) => rule.reason(facts)),
      ...(facts.drift > 0 ? [`${count(facts.drift, "drift finding")}: review them before the upgrade`] : []),
      ...versionNote,
    ],
  };
}
