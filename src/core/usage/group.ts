// Which API calls matter at the target version, and their grouping by client: one group per user, user
// agent, source IP, verb and resource, with a count and first/last seen. Memory grows with the number of
// distinct clients of deprecated APIs, never with the number of calls.
import type { ApiLifecycle } from "../knowledge.js";
import type { ApiIndex } from "../scan/api-index.js";
import { statusAt } from "../scan/scan.js";
import type { ApiUsage, UsageDetail, UsageVia } from "../types.js";
import { serviceAccountOf } from "./advice.js";
import type { ApiCall } from "./audit-event.js";

/**
 * The resource name Kubernetes derives from a kind (UnsafeGuessKindToResource): lower case, then
 * "…s" → "…ses", "…y" → "…ies", else "…s". Ingress → ingresses, NetworkPolicy → networkpolicies.
 */
export function resourceOfKind(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith("s")) return `${lower}es`;
  if (lower.endsWith("y")) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export interface UsageClassifier {
  /** The kind a call is about when it matters at the target (deprecated or removed), else undefined. */
  kindOf(
    call: Pick<ApiCall, "apiVersion" | "resource" | "deprecated" | "removedRelease">,
  ): string | undefined;
}

/**
 * A call matters when the API server announced the API deprecated (k8s.io/deprecated, k8s.io/removed-release)
 * or when the knowledge base says it is deprecated or removed at the target. Unknown resources keep their
 * resource name as the kind.
 */
export function createUsageClassifier(
  apis: readonly ApiLifecycle[],
  index: ApiIndex,
  target: string,
): UsageClassifier {
  const kinds = new Map<string, string>();
  for (const api of apis) {
    if (api.kind !== "*") kinds.set(keyOf(api.apiVersion, resourceOfKind(api.kind)), api.kind);
  }
  const decided = new Map<string, string | null>();
  return {
    kindOf(call) {
      const key = keyOf(call.apiVersion, call.resource);
      const kind = kinds.get(key) ?? call.resource;
      if (call.deprecated || call.removedRelease) return kind;
      let known = decided.get(key);
      if (known === undefined) {
        const api = index.lookup(call.apiVersion, kind);
        known = api && statusAt(api, target) ? kind : null;
        decided.set(key, known);
      }
      return known ?? undefined;
    },
  };
}

function keyOf(apiVersion: string, resource: string): string {
  return `${apiVersion}\u0000${resource}`;
}

/** Where a group of calls was first seen: an audit-log file and line, or a source like "prometheus:…". */
export interface UsageLocation {
  via: UsageVia;
  file: string;
  line: number | null;
}

/** Calls already counted by the source (Prometheus, a Logs Insights stats row). */
export interface CallStats {
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/** A call the source already counted, for UsageGrouper.add(call, location, stats). */
export interface CountedCall {
  call: ApiCall;
  stats: CallStats;
}

interface Group {
  usage: ApiUsage;
  detail: UsageDetail;
  firstMs: number;
  lastMs: number;
}

export interface UsageGrouper {
  /** Adds one call (count 1 at its time), or a group the source counted; false when it does not matter. */
  add(call: ApiCall, location: UsageLocation, stats?: CallStats): boolean;
  /** One ApiUsage (origin "usage") per group, in the order first seen. */
  usages(): ApiUsage[];
}

export function createUsageGrouper(classifier: UsageClassifier): UsageGrouper {
  const groups = new Map<string, Group>();
  return {
    add(call, location, stats) {
      const kind = classifier.kindOf(call);
      if (kind === undefined) return false;
      const counted = stats ?? { count: 1, firstSeen: call.time, lastSeen: call.time };
      const resource = call.subresource ? `${call.resource}/${call.subresource}` : call.resource;
      const key = [
        location.via,
        call.user,
        call.userAgent,
        call.sourceIP,
        call.verb,
        call.apiVersion,
        resource,
      ]
        .map((part) => part ?? "")
        .join("\u0000");
      const group = groups.get(key);
      if (group) merge(group, call, counted);
      else groups.set(key, newGroup(call, kind, resource, location, counted));
      return true;
    },
    usages: () => [...groups.values()].map((group) => group.usage),
  };
}

function newGroup(
  call: ApiCall,
  kind: string,
  resource: string,
  location: UsageLocation,
  stats: CallStats,
): Group {
  const detail: UsageDetail = {
    via: location.via,
    user: call.user,
    serviceAccount: serviceAccountOf(call.user),
    userAgent: call.userAgent,
    sourceIP: call.sourceIP,
    verb: call.verb,
    resource,
    count: stats.count,
    firstSeen: stats.firstSeen,
    lastSeen: stats.lastSeen,
    removedRelease: call.removedRelease,
  };
  const usage: ApiUsage = {
    apiVersion: call.apiVersion,
    kind,
    name: null,
    namespace: null,
    source: { file: location.file, line: location.line, origin: "usage" },
    usage: detail,
  };
  return {
    usage,
    detail,
    firstMs: timeOf(stats.firstSeen, Infinity),
    lastMs: timeOf(stats.lastSeen, -Infinity),
  };
}

function merge(group: Group, call: ApiCall, stats: CallStats): void {
  const { detail } = group;
  detail.count += stats.count;
  detail.removedRelease ??= call.removedRelease;
  const first = timeOf(stats.firstSeen, Infinity);
  if (first < group.firstMs) {
    group.firstMs = first;
    detail.firstSeen = stats.firstSeen;
  }
  const last = timeOf(stats.lastSeen, -Infinity);
  if (last > group.lastMs) {
    group.lastMs = last;
    detail.lastSeen = stats.lastSeen;
  }
}

/** RFC 3339 strings with different fraction lengths do not sort as text: compare as times. */
function timeOf(time: string | null, missing: number): number {
  if (time === null) return missing;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? missing : ms;
}
