// `cutover plan`: the sources are read once for API usages with a known lifecycle, node kinds and the
// oldest kubelet; the pure planner does the rest.

import { createKubeletVersionCollector } from "../core/kubelet-versions.js";
import { createNodeKindCollector } from "../core/plan/node-kinds.js";
import { type NodeKind, planUpgrade, type UpgradePlan } from "../core/plan/plan.js";
import type { FailOn } from "../core/scan/accumulator.js";
import { indexApis } from "../core/scan/api-index.js";
import { apiUsages } from "../core/scan/usages.js";
import type { ApiUsage, InputError } from "../core/types.js";
import { knownVersion } from "../core/version.js";
import { type AppContext, watched } from "./context.js";
import { type ObjectSourceOptions, objectStream } from "./object-stream.js";
import { hasObjectSources } from "./scan.js";
import { gatherUsage, hasUsageSources, type UsageContext, type UsageOptions } from "./usage.js";

export interface PlanRequest extends Omit<ObjectSourceOptions, "stdin">, UsageOptions {
  from: string;
  to: string;
  /** The oldest kubelet's version; default: from Node objects in the sources, else `from`. */
  nodes?: string;
  /** YYYY-MM-DD the support status is computed for. */
  today: string;
}

export interface PlanOutcome {
  plan: UpgradePlan;
  warnings: string[];
  errors: InputError[];
}

export async function runPlan(
  request: PlanRequest,
  context: AppContext,
  usageContext: UsageContext = {},
): Promise<PlanOutcome> {
  const gathered = await gather(request, context);
  if (hasUsageSources(request)) {
    // Calls are judged at the last hop's version: every API that goes away on the path.
    const to = knownVersion("--to", request.to, context.kb.versions);
    const usage = await gatherUsage(request, context.kb, to, usageContext);
    gathered.usages = [...(gathered.usages ?? []), ...usage.usages];
    gathered.errors.push(...usage.errors);
    gathered.warnings.push(...usage.warnings);
  }
  const plan = planUpgrade({
    from: request.from,
    to: request.to,
    nodes: request.nodes ?? gathered.oldestKubelet,
    nodesSource: request.nodes === undefined && gathered.oldestKubelet ? "sources" : "flag",
    today: request.today,
    kb: context.kb,
    usages: gathered.usages,
    nodeKinds: gathered.nodeKinds,
    inputErrors: gathered.errors,
  });
  return { plan, warnings: gathered.warnings, errors: gathered.errors };
}

/** 2 when a source could not be read, 1 when APIs in use are removed (or deprecated) on the path, else 0. */
export function planExitCode(outcome: PlanOutcome, failOn: FailOn): 0 | 1 | 2 {
  if (outcome.errors.length > 0) return 2;
  if (failOn === "none") return 0;
  const removed = outcome.plan.hops.some((hop) => hop.findings.length > 0);
  if (removed) return 1;
  return failOn === "deprecated" && outcome.plan.deprecatedSoon.length > 0 ? 1 : 0;
}

interface Gathered {
  usages?: ApiUsage[];
  nodeKinds: NodeKind[];
  oldestKubelet?: string;
  errors: InputError[];
  warnings: string[];
}

async function gather(request: PlanRequest, context: AppContext): Promise<Gathered> {
  const nodeKinds = createNodeKindCollector();
  const kubelets = createKubeletVersionCollector();
  const gathered: Gathered = { nodeKinds: [], errors: [], warnings: [] };
  if (!hasObjectSources(request)) return gathered;
  const index = indexApis(context.kb.apis);
  const usages: ApiUsage[] = [];
  const events = objectStream({ ...request, stdin: context.stdin });
  for await (const batch of watched(context, events, "read")) {
    for (const event of batch) {
      if (event.type === "error") gathered.errors.push(event.error);
      if (event.type === "warning") gathered.warnings.push(event.message);
      if (event.type !== "object") continue;
      nodeKinds.add(event.item.object);
      kubelets.add(event.item.object);
      for (const usage of apiUsages(event.item)) {
        if (index.lookup(usage.apiVersion, usage.kind)) usages.push(usage);
      }
    }
  }
  return { ...gathered, usages, nodeKinds: nodeKinds.result(), oldestKubelet: kubelets.oldest() };
}
