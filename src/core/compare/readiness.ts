// Readiness of one object as its side reports it in `status`: workloads available vs desired, Jobs,
// Argo CD Applications Synced/Healthy, Flux Ready, PVCs Bound, LoadBalancer/Ingress addresses. Services
// with endpoints need the Endpoints/EndpointSlices of their side (see EndpointTracker). Objects without
// a status (manifests from files) have no readiness.

import { asCount, asRecord, asString, at, groupOf, labelsOf, records } from "../audit/readiness-fields.js";
import type { KubeObject } from "../types.js";

export interface Readiness {
  ok: boolean;
  /** "2/3 available", "Synced/Degraded", "Pending". */
  detail: string;
}

function replicas(desired: unknown, available: unknown): Readiness {
  const want = asCount(desired) ?? 1;
  const have = asCount(available) ?? 0;
  return { ok: have >= want, detail: `${have}/${want} available` };
}

function condition(object: KubeObject, type: string): Record<string, unknown> | undefined {
  return records(at(object, "status", "conditions")).find((entry) => entry.type === type);
}

function jobReadiness(object: KubeObject): Readiness {
  if (asString(condition(object, "Failed")?.status) === "True") return { ok: false, detail: "Failed" };
  if (
    asString(condition(object, "Complete")?.status) === "True" ||
    (asCount(at(object, "status", "succeeded")) ?? 0) > 0
  ) {
    return { ok: true, detail: "Complete" };
  }
  return { ok: true, detail: "running" };
}

function addressReadiness(object: KubeObject): Readiness {
  const ingress = records(at(object, "status", "loadBalancer", "ingress"));
  return ingress.length > 0 ? { ok: true, detail: "address assigned" } : { ok: false, detail: "no address" };
}

/** The readiness of `object`, or undefined when its kind has none or it carries no status. */
export function readinessOf(object: KubeObject): Readiness | undefined {
  const status = asRecord(object.status);
  if (status === undefined) return undefined;
  const group = groupOf(object.apiVersion);
  const spec = asRecord(object.spec) ?? {};
  switch (object.kind) {
    case "Deployment":
      return replicas(spec.replicas, status.availableReplicas);
    case "StatefulSet":
      return replicas(spec.replicas, status.readyReplicas);
    case "DaemonSet":
      return replicas(status.desiredNumberScheduled ?? 0, status.numberAvailable);
    case "Job":
      return jobReadiness(object);
    case "PersistentVolumeClaim": {
      const phase = asString(status.phase) ?? "Unknown";
      return { ok: phase === "Bound", detail: phase };
    }
    case "Ingress":
      return addressReadiness(object);
    case "Service":
      return spec.type === "LoadBalancer" ? addressReadiness(object) : undefined;
  }
  if (object.kind === "Application" && group === "argoproj.io") {
    const sync = asString(at(status, "sync", "status")) ?? "Unknown";
    const health = asString(at(status, "health", "status")) ?? "Unknown";
    return { ok: sync === "Synced" && health === "Healthy", detail: `${sync}/${health}` };
  }
  if (group.endsWith("toolkit.fluxcd.io")) {
    const ready = condition(object, "Ready");
    if (!ready) return undefined;
    const ok = ready.status === "True";
    return { ok, detail: ok ? "Ready" : `not Ready: ${asString(ready.reason) ?? "Unknown"}` };
  }
  return undefined;
}

/** Services that select pods need endpoints; ExternalName and selector-less Services do not. */
export function needsEndpoints(object: KubeObject): boolean {
  if (object.kind !== "Service" || groupOf(object.apiVersion) !== "") return false;
  const spec = asRecord(object.spec) ?? {};
  return spec.type !== "ExternalName" && Object.keys(asRecord(spec.selector) ?? {}).length > 0;
}

/** Which Services of one side have ready endpoints, from its Endpoints and EndpointSlices. */
export interface EndpointTracker {
  add(object: KubeObject): void;
  /** Whether any Endpoints or EndpointSlice was read: without them, Services have no readiness. */
  readonly seen: boolean;
  has(namespace: string, service: string): boolean;
}

export function createEndpointTracker(): EndpointTracker {
  const served = new Set<string>();
  let seen = false;
  return {
    add(object) {
      const namespace = object.metadata?.namespace ?? "";
      if (object.kind === "Endpoints" && object.apiVersion === "v1") {
        seen = true;
        const ready = records(object.subsets).some((subset) => records(subset.addresses).length > 0);
        if (ready) served.add(`${namespace}/${object.metadata?.name ?? ""}`);
      } else if (object.kind === "EndpointSlice" && groupOf(object.apiVersion) === "discovery.k8s.io") {
        seen = true;
        const service = asString(labelsOf(object)["kubernetes.io/service-name"]);
        const ready = records(object.endpoints).some(
          (endpoint) => at(endpoint, "conditions", "ready") !== false,
        );
        if (service && ready) served.add(`${namespace}/${service}`);
      }
    },
    get seen() {
      return seen;
    },
    has: (namespace, service) => served.has(`${namespace}/${service}`),
  };
}
