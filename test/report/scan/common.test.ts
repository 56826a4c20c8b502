import { describe, expect, it } from "vitest";
import type { Finding, Provenance } from "../../../src/core/types.js";
import {
  compareOptionalVersions,
  groupByApi,
  lifecycleText,
  namespacedName,
  sourceLabel,
  summaryLine,
} from "../../../src/report/scan/common.js";
import { cleanScan, sampleScan } from "./sample.js";

describe("scan wording shared by the renderers", () => {
  it.each<[Provenance, string]>([
    [{ file: "a.yaml", line: 3, origin: "manifest" }, "a.yaml:3"],
    [{ file: "-", line: 1, origin: "manifest" }, "-:1"],
    [{ file: "cluster:prod", line: null, origin: "last-applied" }, "cluster:prod (last-applied)"],
    [
      { file: "s.yaml", line: 9, origin: "managed-fields", manager: "kubectl-edit" },
      "s.yaml:9 (managed-fields: kubectl-edit)",
    ],
    [{ file: "s.yaml", line: 9, origin: "managed-fields" }, "s.yaml:9 (managed-fields)"],
    [{ file: "s.yaml", line: 2, origin: "helm-release", release: "ns/name@3" }, "s.yaml:2 (helm: ns/name@3)"],
    [
      { file: "out.yaml", line: 40, origin: "manifest", template: "c/templates/i.yaml" },
      "out.yaml:40 (template: c/templates/i.yaml)",
    ],
  ])("sourceLabel(%j) = %j", (source, label) => {
    expect(sourceLabel(source)).toBe(label);
  });

  it.each<[string | null, string | null, number]>([
    ["1.9", "1.22", -1],
    ["1.22", "1.9", 1],
    ["1.22", "1.22", 0],
    ["1.22", null, -1],
    [null, "1.16", 1],
    [null, null, 0],
    ["0.11", "1.0", -1],
  ])("compareOptionalVersions(%j, %j) has sign %i", (a, b, sign) => {
    expect(Math.sign(compareOptionalVersions(a, b))).toBe(sign);
  });

  it.each([
    [{ namespace: "shop", name: "web" }, "shop/web"],
    [{ namespace: null, name: "admin" }, "-/admin"],
    [{ namespace: "shop", name: null }, "shop/(unnamed)"],
  ])("namespacedName(%j) = %j", (object, text) => {
    expect(namespacedName(object)).toBe(text);
  });

  it.each<[Partial<Finding>, string]>([
    [
      { status: "removed", deprecatedIn: "1.14", removedIn: "1.22" },
      "removed in Kubernetes 1.22, deprecated in 1.14",
    ],
    [{ status: "removed", deprecatedIn: null, removedIn: "1.22" }, "removed in Kubernetes 1.22"],
    [
      { status: "deprecated", deprecatedIn: "1.33", removedIn: null },
      "deprecated in Kubernetes 1.33, no removal scheduled",
    ],
    [
      { status: "deprecated", deprecatedIn: "1.29", removedIn: "1.35" },
      "deprecated in Kubernetes 1.29, removal in 1.35",
    ],
    [
      { status: "removed", deprecatedIn: "0.11", removedIn: "0.11", component: "cert-manager" },
      "removed in cert-manager 0.11",
    ],
  ])("lifecycleText(%j) = %j", (overrides, text) => {
    const base = sampleScan().findings[0] as Finding;
    expect(lifecycleText({ ...base, component: "kubernetes", ...overrides })).toBe(text);
  });

  it("groups findings per API with counts and deduplicated notes", () => {
    const groups = groupByApi(sampleScan().findings);
    expect(groups.map((group) => `${group.apiVersion}/${group.kind}:${group.count}`)).toEqual([
      "rbac.authorization.k8s.io/v1beta1/ClusterRole:1",
      "extensions/v1beta1/Ingress:2",
      "batch/v1beta1/CronJob:1",
      "policy/v1beta1/PodDisruptionBudget:1",
      "autoscaling/v2beta2/HorizontalPodAutoscaler:1",
      "certmanager.k8s.io/v1alpha1/Certificate:1",
      "v1/Endpoints:1",
    ]);
    expect(groups[1]?.notes).toHaveLength(3);
  });

  it("uses singular nouns for one object and one file", () => {
    const result = cleanScan();
    result.summary = { objects: 1, files: 1, removed: 0, deprecated: 0 };
    expect(summaryLine(result)).toBe("0 removed, 0 deprecated in 1 object from 1 file; target 1.33");
  });
});
