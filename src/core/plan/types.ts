// The shape of `cutover plan`: the in-place upgrade path, hop by hop. Also the JSON contract
// (schema/plan-result.schema.json); change both together.

import { UsageError } from "../errors.js";
import type { Finding, InputError } from "../types.js";

/** How a data plane is run; each kind has its own rollout steps in the playbook. */
export type NodeKind = "managed-node-group" | "self-managed" | "fargate" | "karpenter";

/** Every node kind, in the order the playbook lists them. */
export const NODE_KINDS: readonly NodeKind[] = ["managed-node-group", "self-managed", "fargate", "karpenter"];

/** EKS support of a version on a given day. "unknown": the calendar has no dates for it. */
export type SupportStatus = "standard" | "extended" | "past-end" | "unknown";

export interface SupportWindow {
  version: string;
  status: SupportStatus;
  endOfStandardSupport: string | null;
  endOfExtendedSupport: string | null;
  /**
   * Days left in the current status: until the end of standard support while in standard support,
   * until the end of extended support while in extended support; negative once past the end (days
   * since extended support ended); null when unknown. 0 means the support ends today.
   */
  daysLeft: number | null;
  /** today → end of standard support, in days (negative when in the past); null when not on record. */
  daysToEndOfStandardSupport: number | null;
  /** today → end of extended support, in days (negative when in the past); null when not on record. */
  daysToEndOfExtendedSupport: number | null;
}

/** Why nodes are rolled: the skew policy forces it, or the upgrade finishes with nodes at the target. */
export type RolloutTrigger = "skew" | "finish";

/** One rollout of the whole data plane to a newer kubelet minor (never newer than the control plane). */
export interface NodeRollout {
  from: string;
  to: string;
  trigger: RolloutTrigger;
  reason: string;
}

/** An EKS add-on and the version recommended for the hop; null when the data has none on record. */
export interface HopAddon {
  name: string;
  version: string | null;
}

export interface PlanHop {
  /** The control-plane minor this hop upgrades to. */
  controlPlane: string;
  /** The kubelet minor at the end of the hop (after its node rollout, if any). */
  nodes: string;
  /** The rollout done after this hop's control-plane upgrade, or null when nodes stay. */
  nodeUpgrade: NodeRollout | null;
  /** Add-on versions at the end of the hop; kube-proxy follows the nodes, the others the control plane. */
  addons: HopAddon[];
  /** Objects whose API is removed exactly at this version (the first hop also gets those removed before). */
  findings: Finding[];
  /** Platform notes that apply when reaching this version, "title: action". */
  notes: string[];
  support: SupportWindow;
}

export interface StrategyHint {
  strategy: "in-place" | "blue-green";
  reasons: string[];
}

/** The skew window of a node component, as the plan applied it. */
export interface SkewWindow {
  component: "kubelet" | "kube-proxy";
  maxOlder: number;
  /** Components older than this version only get `narrowerMaxOlder` (kubelet < 1.25 → n-2). */
  narrowerBelow: string | null;
  narrowerMaxOlder: number | null;
}

export interface AddonRules {
  name: string;
  rules: string[];
}

export interface UpgradePlan {
  from: string;
  to: string;
  /** The kubelet minor the data plane starts from (--nodes, default --from). */
  nodesFrom: string;
  /** The day the support status is computed for, "YYYY-MM-DD". */
  today: string;
  /** The node kinds the data-plane steps cover: the detected ones, else every kind. */
  nodeKinds: NodeKind[];
  nodeKindsDetected: boolean;
  /** A rollout to --from needed before the first hop (nodes too old to survive it), else null. */
  initialNodeUpgrade: NodeRollout | null;
  hops: PlanHop[];
  /** False when no sources (files, snapshot, cluster) were given: findings were not looked for. */
  sourcesChecked: boolean;
  /** Input that could not be read: the removed-API check is incomplete when this is not empty. */
  inputErrors: InputError[];
  /** Support of the starting version. */
  support: SupportWindow;
  /** Objects whose API is deprecated at the target but still served there. */
  deprecatedSoon: Finding[];
  strategyHint: StrategyHint;
  skewPolicy: SkewWindow[];
  addonRules: AddonRules[];
}

/** A plan request that cannot be planned; `flag` names the input at fault (e.g. "--nodes"). */
export class PlanError extends UsageError {
  override name = "PlanError";
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}
