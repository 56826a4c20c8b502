import { describe, expect, it } from "vitest";
import type { KubeObject, Provenance } from "../types.js";
import { apiUsages } from "./usages.js";

const source: Provenance = { file: "dump.yaml", line: 3, origin: "manifest" };
const lastApplied = (apiVersion: string, kind: string) =>
  JSON.stringify({ apiVersion, kind, metadata: { name: "web" } });

function liveObject(extra: Partial<KubeObject["metadata"]>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "shop", ...extra },
  };
}

describe("apiUsages", () => {
  it("reports the printed version for a plain manifest", () => {
    const usages = apiUsages({ object: liveObject({}), source });
    expect(usages).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "shop", source },
    ]);
  });

  it.each([
    {
      case: "last-applied with an older version",
      meta: {
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": lastApplied("extensions/v1beta1", "Deployment"),
        },
      },
      expected: [
        ["apps/v1", "manifest", undefined],
        ["extensions/v1beta1", "last-applied", undefined],
      ],
    },
    {
      case: "last-applied of another kind is ignored (pluto #432)",
      meta: {
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": lastApplied("extensions/v1beta1", "DaemonSet"),
        },
      },
      expected: [["apps/v1", "manifest", undefined]],
    },
    {
      case: "broken last-applied JSON is ignored",
      meta: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{not json" } },
      expected: [["apps/v1", "manifest", undefined]],
    },
    {
      case: "managedFields versions carry the manager, duplicates once",
      meta: {
        managedFields: [
          { manager: "helm", apiVersion: "apps/v1beta2", operation: "Update" },
          { manager: "kubectl-edit", apiVersion: "apps/v1beta2", operation: "Update" },
          { manager: "kube-controller-manager", apiVersion: "apps/v1", subresource: "status" },
          { manager: "no-version" },
        ],
      },
      expected: [
        ["apps/v1", "manifest", undefined],
        ["apps/v1beta2", "managed-fields", "helm"],
      ],
    },
  ])("$case", ({ meta, expected }) => {
    const usages = apiUsages({ object: liveObject(meta), source });
    expect(usages.map((u) => [u.apiVersion, u.source.origin, u.source.manager])).toEqual(expected);
  });

  it("uses generateName and null namespace when absent", () => {
    const object: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { generateName: "web-" } };
    const [usage] = apiUsages({ object, source });
    expect(usage?.name).toBe("web-");
    expect(usage?.namespace).toBeNull();
  });
});
