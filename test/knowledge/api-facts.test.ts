// Facts from issue 9 checked against the bundled knowledge base, at the targets where they matter.
import { describe, expect, it } from "vitest";
import { indexApis } from "../../src/core/scan/api-index.js";
import { findingFor } from "../../src/core/scan/scan.js";
import { apiUsages } from "../../src/core/scan/usages.js";
import type { ApiUsage, KubeObject } from "../../src/core/types.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const kb = loadKnowledge();
const index = indexApis(kb.apis);

function usage(apiVersion: string, kind: string): ApiUsage {
  return {
    apiVersion,
    kind,
    name: "x",
    namespace: null,
    source: { file: "f.yaml", line: 1, origin: "manifest" },
  };
}

describe("API facts at a target", () => {
  it.each([
    // TokenReview v1beta1: deprecated in 1.19 (kubent's rule, the v1 GA release), not 1.6.
    ["authentication.k8s.io/v1beta1", "TokenReview", "1.18", undefined, undefined],
    ["authentication.k8s.io/v1beta1", "TokenReview", "1.19", "deprecated", "authentication.k8s.io/v1"],
    ["authentication.k8s.io/v1beta1", "TokenReview", "1.22", "removed", "authentication.k8s.io/v1"],
    // flowcontrol v1beta1: v1 where the target serves it (1.29+), else v1beta3; never v1beta2 (gone in 1.29).
    [
      "flowcontrol.apiserver.k8s.io/v1beta1",
      "FlowSchema",
      "1.26",
      "removed",
      "flowcontrol.apiserver.k8s.io/v1beta3",
    ],
    [
      "flowcontrol.apiserver.k8s.io/v1beta1",
      "FlowSchema",
      "1.28",
      "removed",
      "flowcontrol.apiserver.k8s.io/v1beta3",
    ],
    [
      "flowcontrol.apiserver.k8s.io/v1beta1",
      "FlowSchema",
      "1.29",
      "removed",
      "flowcontrol.apiserver.k8s.io/v1",
    ],
    [
      "flowcontrol.apiserver.k8s.io/v1beta1",
      "PriorityLevelConfiguration",
      "1.33",
      "removed",
      "flowcontrol.apiserver.k8s.io/v1",
    ],
    // external-snapshotter v1 exists from Kubernetes 1.20 on: before it, v1beta1 is what there is.
    ["snapshot.storage.k8s.io/v1beta1", "VolumeSnapshot", "1.19", undefined, undefined],
    ["snapshot.storage.k8s.io/v1beta1", "VolumeSnapshot", "1.20", "removed", "snapshot.storage.k8s.io/v1"],
  ])("%s %s at %s: %s, replacement %s", (apiVersion, kind, target, status, replacement) => {
    const finding = findingFor(usage(apiVersion, kind), index, target);
    expect(finding?.status).toBe(status);
    expect(finding?.replacement).toBe(replacement);
  });

  it("no built-in entry advises flowcontrol v1beta2, which is itself removed in 1.29", () => {
    const advising = kb.apis.filter(
      (api) =>
        api.replacement === "flowcontrol.apiserver.k8s.io/v1beta2" ||
        api.fallbackReplacement === "flowcontrol.apiserver.k8s.io/v1beta2",
    );
    expect(advising).toEqual([]);
  });
});

describe("kapp's original annotation", () => {
  it("is read as another origin, like last-applied", () => {
    const object: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "web",
        namespace: "shop",
        annotations: {
          "kapp.k14s.io/original": JSON.stringify({ apiVersion: "extensions/v1beta1", kind: "Deployment" }),
        },
      },
    };
    const usages = apiUsages({ object, source: { file: "snap.yaml", line: 3, origin: "manifest" } });
    expect(usages.map((found) => [found.apiVersion, found.source.origin])).toEqual([
      ["apps/v1", "manifest"],
      ["extensions/v1beta1", "kapp-original"],
    ]);
  });

  it("of another kind says nothing about the object", () => {
    const object: KubeObject = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        annotations: { "kapp.k14s.io/original": '{"apiVersion":"extensions/v1beta1","kind":"DaemonSet"}' },
      },
    };
    expect(apiUsages({ object, source: { file: "s", line: 1, origin: "manifest" } })).toHaveLength(1);
  });
});
