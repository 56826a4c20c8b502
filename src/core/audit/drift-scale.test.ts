// Speed: 50k objects in one pass (index by uid and identity, no pairwise comparisons).
import { describe, expect, it } from "vitest";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import type { KubeObject, ManagedFieldsEntry, SourcedObject } from "../types.js";
import { findDrift } from "./drift.js";

const rules = loadSystemObjectRules();

const argoWrite = (fieldsV1: unknown): ManagedFieldsEntry => ({
  manager: "argocd-controller",
  operation: "Apply",
  time: "2024-03-01T10:00:00Z",
  fieldsV1,
});

function tracked(namespace: string, name: string, managedFields: ManagedFieldsEntry[]): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace,
      uid: `uid-Deployment-${name}`,
      annotations: { "argocd.argoproj.io/tracking-id": `shop:apps/Deployment:${namespace}/${name}` },
      managedFields,
    },
  };
}

function sourced(objects: KubeObject[]): SourcedObject[] {
  return objects.map((object, index) => ({
    object,
    source: { file: "bench.yaml", line: index + 1, origin: "manifest" },
  }));
}

describe("scale", () => {
  /** n objects: tracked Deployments (one in ten hotfixed), their ReplicaSets and Pods, ConfigMaps, Events. */
  function cluster(n: number): SourcedObject[] {
    const objects: KubeObject[] = [];
    for (let i = 0; objects.length < n; i++) {
      const namespace = `team-${i % 50}`;
      const entries: ManagedFieldsEntry[] = [argoWrite({ "f:spec": { "f:replicas": {} } })];
      if (i % 10 === 0)
        entries.push({
          manager: "kubectl-edit",
          operation: "Update",
          time: "2024-04-01T00:00:00Z",
          fieldsV1: { "f:spec": { "f:paused": {} } },
        });
      const deployment = tracked(namespace, `app-${i}`, entries);
      const owner = (kind: string, name: string, uid: string) => [
        { apiVersion: kind === "Pod" ? "v1" : "apps/v1", kind, name, uid },
      ];
      objects.push(
        deployment,
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: {
            name: `app-${i}-rs`,
            namespace,
            uid: `rs-${i}`,
            ownerReferences: owner("Deployment", `app-${i}`, `uid-Deployment-app-${i}`),
          },
        },
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            name: `app-${i}-pod`,
            namespace,
            ownerReferences: owner("ReplicaSet", `app-${i}-rs`, `rs-${i}`),
          },
        },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `config-${i}`, namespace } },
        { apiVersion: "v1", kind: "Event", metadata: { name: `event-${i}`, namespace } },
      );
    }
    return sourced(objects);
  }

  // Speed is measured by bench/audit-bench.mjs, not asserted here: this checks the counts at scale.
  it("audits 50k objects: one manager per object, every out-of-band and unmanaged object found", () => {
    const { findings, managers } = findDrift(cluster(50_000), rules);
    expect(managers.size).toBe(50_000);
    expect(findings.filter((finding) => finding.type === "out-of-band-change")).toHaveLength(1_000);
    expect(findings.filter((finding) => finding.type === "unmanaged")).toHaveLength(10_000);
  });
});
