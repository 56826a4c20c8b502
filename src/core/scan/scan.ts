import type { ApiLifecycle } from "../knowledge.js";
import type { ApiUsage, Finding, FindingStatus } from "../types.js";
import { announcedLifecycle, clientAction } from "../usage/advice.js";
import { reached } from "../version.js";
import type { ApiIndex } from "./api-index.js";

/**
 * The status of an API at a Kubernetes target version. Built-in and user entries with component
 * "kubernetes" compare against the target; CRD projects version independently of Kubernetes, so their
 * entries report what the project has already done (removed, else deprecated).
 */
export function statusAt(api: ApiLifecycle, target: string): FindingStatus | undefined {
  if (api.component !== "kubernetes") {
    // Before the Kubernetes version that can serve the replacement, the old API is the only one there is.
    if (api.replacementNeedsKubernetes && !reached(target, api.replacementNeedsKubernetes)) return undefined;
    if (api.removedIn) return "removed";
    return api.deprecatedIn ? "deprecated" : undefined;
  }
  if (reached(target, api.removedIn)) return "removed";
  if (reached(target, api.deprecatedIn)) return "deprecated";
  return undefined;
}

/**
 * A finding for one API usage at the target version, or undefined when the API is fine there. Calls seen
 * by the API server (usage) also count when the server announced the deprecation itself, even for APIs the
 * knowledge base does not list, and tell to upgrade the client rather than a manifest.
 */
export function findingFor(usage: ApiUsage, index: ApiIndex, target: string): Finding | undefined {
  const called = usage.usage;
  const api =
    index.lookup(usage.apiVersion, usage.kind) ?? (called && announcedLifecycle(called, usage.apiVersion));
  if (!api) return undefined;
  const status = statusAt(api, target) ?? (called ? "deprecated" : undefined);
  if (!status) return undefined;
  const finding: Finding = {
    kind: usage.kind,
    apiVersion: usage.apiVersion,
    name: usage.name,
    namespace: usage.namespace,
    status,
    deprecatedIn: api.deprecatedIn,
    removedIn: api.removedIn,
    replacement: replacementAt(api, target),
    component: api.component,
    notes: called ? [clientAction(called, usage.apiVersion, api.replacement), ...api.notes] : api.notes,
    source: usage.source,
  };
  if (called) finding.usage = called;
  return finding;
}

/** The replacement to advise at the target: the fallback while the target does not serve the replacement yet. */
export function replacementAt(api: ApiLifecycle, target: string): string | null {
  if (api.fallbackReplacement && !reached(target, api.replacementAvailableIn)) return api.fallbackReplacement;
  return api.replacement;
}
