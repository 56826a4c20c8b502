import { describe, expect, it } from "vitest";
import type { ApiLifecycle } from "../knowledge.js";
import type { ApiUsage, Finding, SourceEvent } from "../types.js";
import { createScanAccumulator, scanExitCode } from "./accumulator.js";
import { indexApis } from "./api-index.js";
import { compileFilters, globToRegExp } from "./filters.js";
import { findingFor, statusAt } from "./scan.js";

function api(overrides: Partial<ApiLifecycle>): ApiLifecycle {
  return {
    apiVersion: "extensions/v1beta1",
    kind: "Ingress",
    deprecatedIn: "1.14",
    removedIn: "1.22",
    replacement: "networking.k8s.io/v1",
    replacementAvailableIn: "1.19",
    notes: ["spec.backend → spec.defaultBackend"],
    component: "kubernetes",
    set: "builtin",
    source: "test",
    ...overrides,
  };
}

const APIS = [
  api({}),
  api({ apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", deprecatedIn: "1.21", removedIn: "1.25" }),
  api({ apiVersion: "v1", kind: "Endpoints", deprecatedIn: "1.33", removedIn: null }),
  api({ apiVersion: "certmanager.k8s.io/v1alpha1", kind: "*", component: "cert-manager", removedIn: "0.11" }),
  api({ apiVersion: "cert-manager.io/v1beta1", kind: "Issuer", component: "cert-manager", removedIn: null }),
];
const index = indexApis(APIS);

function usage(apiVersion: string, kind: string, extra: Partial<ApiUsage> = {}): ApiUsage {
  return {
    apiVersion,
    kind,
    name: "x",
    namespace: "ns",
    source: { file: "f.yaml", line: 1, origin: "manifest" },
    ...extra,
  };
}

describe("statusAt / findingFor", () => {
  it.each([
    ["extensions/v1beta1", "Ingress", "1.13", undefined],
    ["extensions/v1beta1", "Ingress", "1.14", "deprecated"],
    ["extensions/v1beta1", "Ingress", "1.21", "deprecated"],
    ["extensions/v1beta1", "Ingress", "1.22", "removed"],
    ["extensions/v1beta1", "Ingress", "1.33", "removed"],
    ["policy/v1beta1", "PodDisruptionBudget", "1.24", "deprecated"],
    ["v1", "Endpoints", "1.36", "deprecated"],
    ["v1", "Endpoints", "1.32", undefined],
    ["apps/v1", "Deployment", "1.36", undefined],
    ["certmanager.k8s.io/v1alpha1", "Certificate", "1.16", "removed"],
    ["cert-manager.io/v1beta1", "Issuer", "1.16", "deprecated"],
  ])("%s %s at %s → %s", (apiVersion, kind, target, expected) => {
    expect(findingFor(usage(apiVersion, kind), index, target)?.status).toBe(expected);
  });

  it("an exact kind wins over a wildcard entry", () => {
    const both = indexApis([api({ kind: "*", removedIn: "1.16" }), api({})]);
    expect(both.lookup("extensions/v1beta1", "Ingress")?.removedIn).toBe("1.22");
    expect(both.lookup("extensions/v1beta1", "Anything")?.removedIn).toBe("1.16");
  });

  it("carries replacement, notes and provenance into the finding", () => {
    const finding = findingFor(usage("extensions/v1beta1", "Ingress"), index, "1.33");
    expect(finding).toMatchObject({
      replacement: "networking.k8s.io/v1",
      removedIn: "1.22",
      notes: ["spec.backend → spec.defaultBackend"],
      source: { file: "f.yaml", line: 1 },
    });
    expect(statusAt(api({ deprecatedIn: null, removedIn: null }), "1.36")).toBeUndefined();
  });
});

function finding(kind: string, name: string | null, namespace: string | null, file = "a.yaml"): Finding {
  return {
    ...(findingFor(usage("extensions/v1beta1", "Ingress"), index, "1.33") as Finding),
    kind,
    name,
    namespace,
    source: { file, line: 1, origin: "manifest" },
  };
}

describe("filters", () => {
  it.each([
    [{ excludeKinds: ["ingress"] }, finding("Ingress", "a", "ns"), false],
    [{ excludeKinds: ["CronJob"] }, finding("Ingress", "a", "ns"), true],
    [{ namespace: "ns" }, finding("Ingress", "a", "ns"), true],
    [{ namespace: "ns" }, finding("Ingress", "a", "other"), false],
    [{ namespace: "ns" }, finding("ClusterRole", "a", null), false],
    [{ ignore: ["Ingress/legacy-*"] }, finding("Ingress", "legacy-web", "ns"), false],
    [{ ignore: ["Ingress/ns/a"] }, finding("Ingress", "a", "ns"), false],
    [{ ignore: ["extensions/v1beta1/*"] }, finding("Ingress", "a", "ns"), false],
    [{ ignore: ["charts/old/*"] }, finding("Ingress", "a", "ns", "charts/old/x.yaml"), false],
    [{ ignore: ["charts/old/*"] }, finding("Ingress", "a", "ns", "charts/new/x.yaml"), true],
  ])("%j keeps %o: %s", (filters, item, kept) => {
    expect(compileFilters(filters)(item)).toBe(kept);
  });

  it("escapes regex characters in globs", () => {
    expect(globToRegExp("a.b").test("axb")).toBe(false);
  });
});

describe("scan accumulator", () => {
  const events: SourceEvent[] = [
    {
      type: "object",
      item: {
        object: {
          apiVersion: "extensions/v1beta1",
          kind: "Ingress",
          metadata: { name: "web", namespace: "shop" },
        },
        source: { file: "a.yaml", line: 1, origin: "manifest" },
      },
    },
    {
      type: "object",
      item: {
        object: { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "shop" } },
        source: { file: "b.yaml", line: 4, origin: "manifest" },
      },
    },
    { type: "error", error: { file: "c.yaml", line: 7, message: "bad indentation" } },
    { type: "skipped", skipped: { file: "t/x.yaml", reason: "unrendered Helm template", recovered: 1 } },
    { type: "warning", message: "skipped secrets: forbidden" },
  ];

  it("counts objects, findings, errors and files", () => {
    const acc = createScanAccumulator({ index, targetVersion: "1.33" });
    for (const event of events) acc.add(event);
    const result = acc.result();
    expect(result.summary).toEqual({ objects: 2, removed: 1, deprecated: 1, files: 4 });
    expect(result.errors).toHaveLength(1);
    expect(result.skipped).toHaveLength(1);
    expect(result.warnings).toEqual(["skipped secrets: forbidden"]);
  });

  it.each([
    ["removed", 2],
    ["none", 2],
  ] as const)("any input error exits 2 (fail-on %s)", (failOn, code) => {
    const acc = createScanAccumulator({ index, targetVersion: "1.33" });
    for (const event of events) acc.add(event);
    expect(scanExitCode(acc.result(), failOn)).toBe(code);
  });

  it.each([
    ["1.33", "removed", 1],
    ["1.33", "deprecated", 1],
    ["1.33", "none", 0],
    ["1.21", "removed", 0],
    ["1.21", "deprecated", 1],
    ["1.13", "deprecated", 0],
  ] as const)("target %s fail-on %s → exit %d", (target, failOn, code) => {
    const acc = createScanAccumulator({ index, targetVersion: target });
    acc.add(events[0] as SourceEvent);
    expect(scanExitCode(acc.result(), failOn)).toBe(code);
  });
});
