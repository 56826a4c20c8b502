// `cutover plan`: the in-place upgrade path, hop by hop. Pure: the caller passes the knowledge base,
// the API usages read from the sources, the node kinds seen and `today`.

import type { KnowledgeBase } from "../knowledge.js";
import { indexApis } from "../scan/api-index.js";
import type { ApiUsage, InputError } from "../types.js";
import { placeFindings } from "./findings.js";
import { strategyHint } from "./hint.js";
import { addonRules, addonsAt, placeNotes } from "./notes.js";
import { nodeSkewWindows, scheduleNodeRollouts } from "./skew.js";
import { requireToday, supportOn } from "./support.js";
import { NODE_KINDS, type NodeKind, type PlanHop, type UpgradePlan } from "./types.js";
import { type NodesSource, validatePlanVersions } from "./validate.js";

export type { NodeKind, PlanHop, UpgradePlan } from "./types.js";
export { PlanError } from "./types.js";

export interface PlanInput {
  /** Current control-plane version ("1.28", "v1.28.5" …). */
  from: string;
  /** Target control-plane version. */
  to: string;
  /** Current kubelet minor of the data plane (the oldest node); default `from`. */
  nodes?: string;
  /** Where `nodes` came from, so errors name the right input; default "flag". */
  nodesSource?: NodesSource;
  /** "YYYY-MM-DD": the day support status is computed for. */
  today: string;
  kb: KnowledgeBase;
  /** API usages found in the given sources; undefined when no sources were given. */
  usages?: readonly ApiUsage[];
  /** Input the sources could not read; carried into the plan so the gap is visible. */
  inputErrors?: readonly InputError[];
  /** Node kinds seen in the sources; empty or undefined → steps for every kind. */
  nodeKinds?: readonly NodeKind[];
}

/** Plans the in-place upgrade from `from` to `to`; throws PlanError for a request it cannot plan. */
export function planUpgrade(input: PlanInput): UpgradePlan {
  const today = requireToday(input.today);
  const { kb } = input;
  const skewPolicy = nodeSkewWindows(kb.skew);
  const { from, to, nodes } = validatePlanVersions(input, kb.versions, skewPolicy[0]);

  const schedule = scheduleNodeRollouts(from, to, nodes, skewPolicy);
  const hopVersions = schedule.hops.map((hop) => hop.controlPlane);
  const placed = placeFindings(input.usages ?? [], indexApis(kb.apis), { from, to });
  const notes = placeNotes(kb.platformNotes, hopVersions);

  const hops: PlanHop[] = schedule.hops.map((hop) => ({
    controlPlane: hop.controlPlane,
    nodes: hop.nodes,
    nodeUpgrade: hop.nodeUpgrade,
    addons: addonsAt(kb.addons, hop.controlPlane, hop.nodes),
    findings: placed.byHop.get(hop.controlPlane) ?? [],
    notes: notes.get(hop.controlPlane) ?? [],
    support: supportOn(hop.controlPlane, kb.eks, today),
  }));

  const support = supportOn(from, kb.eks, today);
  const removedApisInUse = hops.reduce((sum, hop) => sum + hop.findings.length, 0);
  const detected = NODE_KINDS.filter((kind) => input.nodeKinds?.includes(kind));
  return {
    from,
    to,
    nodesFrom: nodes,
    today,
    nodeKinds: detected.length > 0 ? detected : [...NODE_KINDS],
    nodeKindsDetected: detected.length > 0,
    initialNodeUpgrade: schedule.initial,
    hops,
    sourcesChecked: input.usages !== undefined,
    inputErrors: [...(input.inputErrors ?? [])],
    support,
    deprecatedSoon: placed.deprecatedSoon,
    strategyHint: strategyHint({
      hops: hops.length,
      removedApisInUse,
      sourcesChecked: input.usages !== undefined,
      fromSupport: support,
    }),
    skewPolicy,
    addonRules: addonRules(kb.addons),
  };
}
