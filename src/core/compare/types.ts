// The compare's data contract: what differs between blue (the running cluster) and green (its
// replacement), grouped per application, with a parity verdict. Pure types shared by core, app and report.

/** Where an item was found: blue missing from green, green's extras, a difference, readiness, platform. */
export const COMPARE_ITEM_TYPES = [
  "missing-on-green",
  "extra-on-green",
  "differs",
  "not-ready",
  "platform",
] as const;
export type CompareItemType = (typeof COMPARE_ITEM_TYPES)[number];

/**
 * blocking: green cannot take traffic (missing objects, not ready where blue is, a missing add-on);
 * drift: green serves something else than blue (counted in "at parity except …");
 * info: shown, never counted (not ready on either side, kubelet versions).
 */
export const COMPARE_LEVELS = ["info", "drift", "blocking"] as const;
export type CompareLevel = (typeof COMPARE_LEVELS)[number];

/** `--fail-on`: a level (that or worse), an item type, or none. */
export type CompareFailOn = CompareLevel | CompareItemType | "none";
export const COMPARE_FAIL_ON: readonly CompareFailOn[] = ["blocking", "drift", ...COMPARE_ITEM_TYPES, "none"];
/** Not at parity fails by default: "at parity except …" too. */
export const DEFAULT_COMPARE_FAIL_ON: CompareFailOn = "drift";

/** What part of an object a difference is in. */
export const ASPECTS = [
  "image",
  "replicas",
  "autoscaling",
  "resources",
  "config",
  "secret",
  "ingress",
  "storage-class",
  "crd-versions",
  "pdb",
  "args",
  "env",
  "annotation",
  "gitops-source",
  "schedule",
  "address",
] as const;
export type Aspect = (typeof ASPECTS)[number];

/** How an application is known: the tool that deploys it, else its namespace, else "cluster". */
export type AppVia = "argocd" | "flux" | "helm" | "namespace" | "cluster";

export interface AppId {
  /** "argocd:guestbook", "flux:flux-system/apps", "helm:shop/api", "namespace:shop", "cluster". */
  id: string;
  via: AppVia;
  name: string;
}

export interface ObjectRef {
  /** "" for the core group; moved kinds under their new group (extensions Ingress → networking.k8s.io). */
  group: string;
  kind: string;
  namespace: string | null;
  name: string;
}

export interface CompareItem {
  type: CompareItemType;
  level: CompareLevel;
  app: string;
  object: ObjectRef | null;
  aspect: Aspect | null;
  /** The field that differs ("containers[web].image", "data.LOG_LEVEL"); null for whole objects. */
  field: string | null;
  /** What blue and green have; null when absent or a Secret value (never shown). */
  blue: string | null;
  green: string | null;
  /** One line a reviewer can check. */
  message: string;
}

/** Why a difference is expected (never drift). */
export const EXPECTED_REASONS = [
  "irsa-role-arn",
  "set-identifier",
  "txt-owner-id",
  "cluster-name",
  "load-balancer-hostname",
  "certificate-arn",
  "cluster-address",
  "node-names",
  "ignore-rule",
] as const;
export type ExpectedReason = (typeof EXPECTED_REASONS)[number];

export interface ExpectedDifference {
  reason: ExpectedReason;
  app: string;
  object: ObjectRef | null;
  field: string | null;
  blue: string | null;
  green: string | null;
  /** The --ignore rule id when reason is ignore-rule. */
  rule?: string;
  message: string;
}

export interface PlatformComponent {
  component: string;
  blue: string | null;
  green: string | null;
}

export interface SideFacts {
  objects: number;
  /** "1.N" of the control plane (a snapshot's serverVersion), else null. */
  controlPlane: string | null;
  /** Distinct kubelet versions of the Node objects, sorted. */
  kubelets: string[];
  nodes: number;
}

export type Verdict = "at-parity" | "at-parity-except" | "not-ready";

export interface CompareResult {
  verdict: Verdict;
  /** The verdict in words, blocking items first. */
  headline: string;
  blue: SideFacts;
  green: SideFacts;
  /** The version gap in words when the sides are more than one minor apart or green is older; else null. */
  versionGap: string | null;
  /** Items ordered: blocking first, then drift, then info; within a level by app and object. */
  items: CompareItem[];
  expected: ExpectedDifference[];
  platform: PlatformComponent[];
  /** Kinds ("Kind.group") seen or served on one side only. */
  kindsOnlyOn: { blue: string[]; green: string[] };
  summary: {
    matched: number;
    byType: Record<CompareItemType, number>;
    byLevel: Record<CompareLevel, number>;
    expected: number;
    apps: number;
  };
}

/** A problem reading one side's input. */
export interface SideInputError {
  side: "blue" | "green";
  file: string;
  line: number | null;
  message: string;
}

/** What the command hands the renderers: the result, how each side was named, and input problems. */
export interface CompareReport {
  result: CompareResult;
  sources: Record<"blue" | "green", string>;
  inputErrors: SideInputError[];
  warnings: string[];
}

/** The parity gate's result as a migration stores it (preflight events): no item values, only messages. */
export interface ParityRecord {
  verdict: Verdict;
  headline: string;
  failOn: "drift" | "blocking";
  /** Whether green met failOn. */
  passed: boolean;
  /** Not passed, and `migrate start --force` went on anyway. */
  forced: boolean;
  blocking: number;
  drift: number;
  expected: number;
  /** The first counted items' messages (never Secret values). */
  items: string[];
}
