import type { ApiLifecycle } from "../knowledge.js";
import type { ApiUsage, Finding, FindingStatus } from "../types.js";
import { reached } from "../version.js";
import type { ApiIndex } from "./api-index.js";

/**
 * The status of an API at a Kubernetes target version. Built-in and user entries with component
 * "kubernetes" compare against the target; CRD projects version independently of Kubernetes, so their
 * entries report what the project has already done (removed, else deprecated).
 */
export function statusAt(api: ApiLifecycle, target: string): FindingStatus | undefined {
  if (api.component !== "kubernetes") {
    if (api.removedIn) return "removed";
    return api.deprecatedIn ? "deprecated" : undefined;
  }
  if (reached(target, api.removedIn)) return "removed";
  if (reached(target, api.deprecatedIn)) return "deprecated";
  return undefined;
}

/** A finding for one API usage at the target version, or undefined when the API is fine there. */
export function findingFor(usage: ApiUsage, index: ApiIndex, target: string): Finding | undefined {
  const api = index.lookup(usage.apiVersion, usage.kind);
  if (!api) return undefined;
  const status = statusAt(api, target);
  if (!status) return undefined;
  return {
    kind: usage.kind,
    apiVersion: usage.apiVersion,
    name: usage.name,
    namespace: usage.namespace,
    status,
    deprecatedIn: api.deprecatedIn,
    removedIn: api.removedIn,
    replacement: api.replacement,
    component: api.component,
    notes: api.notes,
    source: usage.source,
  };
}
