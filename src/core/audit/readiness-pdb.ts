// PodDisruptionBudgets that block every drain: maxUnavailable 0, or minAvailable at or above the replicas
// of the workloads they select. Node drains of an in-place upgrade wait on such a budget forever.
import type { KubeObject } from "../types.js";
import {
  asCount,
  asRecord,
  asString,
  at,
  type Fields,
  nameOf,
  namespaceOf,
  records,
  strings,
} from "./readiness-fields.js";
import type { ReadinessIndex, Workload } from "./readiness-index.js";

export interface PdbVerdict {
  pdb: string;
  /** Workloads whose pod labels the selector matches. */
  selects: string[];
  /** Replicas of the selected workloads; null when unknown (a DaemonSet without status). */
  replicas: number | null;
  blocks: boolean;
  reason: string;
}

/** label selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) all hold. */
export function selectorMatches(selector: Fields, labels: Record<string, string>): boolean {
  const matchLabels = asRecord(selector.matchLabels);
  for (const key in matchLabels) if (labels[key] !== matchLabels[key]) return false;
  if (selector.matchExpressions === undefined) return true;
  for (const expression of records(selector.matchExpressions)) {
    const key = asString(expression.key) ?? "";
    const values = strings(expression.values);
    const has = Object.hasOwn(labels, key);
    const value = labels[key] ?? "";
    switch (asString(expression.operator)) {
      case "In":
        if (!has || !values.includes(value)) return false;
        break;
      case "NotIn":
        if (has && values.includes(value)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Workloads by namespace, and by namespace plus one "key=value" pod label, for cheap selector lookups. */
interface WorkloadLookup {
  byNamespace: Map<string, Workload[]>;
  byLabel: Map<string, Workload[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function lookup(workloads: readonly Workload[]): WorkloadLookup {
  const byNamespace = new Map<string, Workload[]>();
  const byLabel = new Map<string, Workload[]>();
  for (const workload of workloads) {
    const namespace = workload.namespace ?? "";
    push(byNamespace, namespace, workload);
    for (const [key, value] of Object.entries(workload.podLabels))
      push(byLabel, `${namespace}\n${key}=${value}`, workload);
  }
  return { byNamespace, byLabel };
}

/** Candidates through the first matchLabels pair (an index hit), else every workload of the namespace. */
function selected(pdb: KubeObject, selector: Fields, workloads: WorkloadLookup): Workload[] {
  const namespace = namespaceOf(pdb) ?? "";
  const [first] = Object.entries(asRecord(selector.matchLabels) ?? {});
  const candidates = first
    ? (workloads.byLabel.get(`${namespace}\n${first[0]}=${String(first[1])}`) ?? [])
    : (workloads.byNamespace.get(namespace) ?? []);
  return candidates.filter((workload) => selectorMatches(selector, workload.podLabels));
}

function replicasOf(workload: Workload): number | null {
  if (workload.replicas !== null) return workload.replicas;
  if (workload.object.kind === "Pod") return 1;
  return asCount(at(workload.object, "status", "desiredNumberScheduled")) ?? null;
}

/** An int-or-percent field: { value, percent } or undefined when absent or unreadable. */
function intOrPercent(value: unknown): { value: number; percent: boolean } | undefined {
  const number = asCount(value);
  if (number !== undefined) return { value: number, percent: false };
  const match = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
  return match ? { value: Number(match[1]), percent: true } : undefined;
}

function replicaCount(replicas: number | null): string {
  return replicas === null
    ? "an unknown number of replicas"
    : replicas === 1
      ? "1 replica"
      : `${replicas} replicas`;
}

function verdict(spec: unknown, replicas: number | null): { blocks: boolean; reason: string } {
  const maxUnavailable = intOrPercent(at(spec, "maxUnavailable"));
  if (maxUnavailable) {
    const blocks = maxUnavailable.value === 0;
    return { blocks, reason: `maxUnavailable ${maxUnavailable.value}${maxUnavailable.percent ? "%" : ""}` };
  }
  const minAvailable = intOrPercent(at(spec, "minAvailable"));
  if (!minAvailable) return { blocks: false, reason: "no minAvailable or maxUnavailable" };
  if (minAvailable.percent) {
    // Kubernetes rounds a percentage of minAvailable up.
    const required = replicas === null ? null : Math.ceil((minAvailable.value / 100) * replicas);
    const blocks =
      minAvailable.value >= 100 || (required !== null && replicas !== null && required >= replicas);
    return { blocks, reason: `minAvailable ${minAvailable.value}% of ${replicaCount(replicas)}` };
  }
  const blocks = replicas !== null && minAvailable.value >= replicas;
  return { blocks, reason: `minAvailable ${minAvailable.value} with ${replicaCount(replicas)}` };
}

export function assessPdbs(index: ReadinessIndex): PdbVerdict[] {
  const workloads = lookup(index.workloads);
  return index.ofType("policy", "PodDisruptionBudget").map((pdb) => {
    const ref = `${namespaceOf(pdb) ?? ""}/${nameOf(pdb)}`;
    const selector = asRecord(at(pdb, "spec", "selector"));
    const matched = selector ? selected(pdb, selector, workloads) : [];
    const counts = matched.map(replicasOf);
    const replicas = counts.some((n) => n === null)
      ? null
      : counts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
    const { blocks, reason } = verdict(at(pdb, "spec"), matched.length === 0 ? null : replicas);
    if (matched.length === 0) {
      return {
        pdb: ref,
        selects: [],
        replicas: null,
        blocks: false,
        reason: "selects no workload in the input",
      };
    }
    return { pdb: ref, selects: matched.map((workload) => workload.ref), replicas, blocks, reason };
  });
}
