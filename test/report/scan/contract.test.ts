import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  SCAN_RESULT_SCHEMA_ID,
  SCAN_RESULT_SCHEMA_PATH,
  ScanResultSchema,
  scanResultJsonSchema,
} from "../../../src/report/scan/contract.js";
import { renderScanJson, renderScanYaml, toScanContract } from "../../../src/report/scan/json.js";
import { cleanScan, sampleScan } from "./sample.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("the JSON contract", () => {
  it("the committed schema file is the one generated from the zod schema", () => {
    const committed = JSON.parse(readFileSync(resolve(repoRoot, SCAN_RESULT_SCHEMA_PATH), "utf8"));
    expect(committed, `${SCAN_RESULT_SCHEMA_PATH} is stale: run npx tsx scripts/gen-schema.ts`).toEqual(
      scanResultJsonSchema(),
    );
  });

  it("the JSON Schema is draft 2020-12 with an id, a title and a description on every field", () => {
    const schema = scanResultJsonSchema() as {
      $schema: string;
      $id: string;
      title: string;
      properties: Record<string, { description?: string; items?: { properties?: Record<string, unknown> } }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(SCAN_RESULT_SCHEMA_ID);
    expect(schema.title).toBe("Cutover scan result");
    const findingFields = schema.properties.findings?.items?.properties ?? {};
    expect(Object.keys(findingFields)).toContain("source");
    for (const field of Object.values({ ...schema.properties, ...findingFields })) {
      expect((field as { description?: string }).description).toBeTruthy();
    }
  });

  it.each([
    ["a sample scan", sampleScan()],
    ["a clean scan", cleanScan()],
  ])("the json output of %s parses with ScanResultSchema", (_, result) => {
    const parsed = ScanResultSchema.safeParse(JSON.parse(renderScanJson(result)));
    expect(parsed.error).toBeUndefined();
  });

  it.each([
    ["an unknown top-level field", (json: Record<string, unknown>) => Object.assign(json, { extra: 1 })],
    [
      "a bad status",
      (json: { findings: { status: string }[] }) => Object.assign(json.findings[0] ?? {}, { status: "gone" }),
    ],
    [
      "a target that is not 1.N",
      (json: Record<string, unknown>) => Object.assign(json, { targetVersion: "v1.33.0" }),
    ],
    [
      "a line of 0",
      (json: { errors: { line: number }[] }) => Object.assign(json.errors[0] ?? {}, { line: 0 }),
    ],
  ])("ScanResultSchema rejects %s", (_, spoil) => {
    const json = JSON.parse(renderScanJson(sampleScan()));
    spoil(json);
    expect(ScanResultSchema.safeParse(json).success).toBe(false);
  });

  it("orders keys: targetVersion, summary, findings, errors, skipped, warnings", () => {
    const json = JSON.parse(renderScanJson(sampleScan()));
    expect(Object.keys(json)).toEqual([
      "targetVersion",
      "summary",
      "findings",
      "errors",
      "skipped",
      "warnings",
    ]);
    expect(Object.keys(json.findings[0])).toEqual([
      "kind",
      "apiVersion",
      "name",
      "namespace",
      "status",
      "deprecatedIn",
      "removedIn",
      "replacement",
      "component",
      "notes",
      "source",
    ]);
  });

  it("pretty-prints with two spaces and ends with a newline", () => {
    const text = renderScanJson(sampleScan());
    expect(text.startsWith('{\n  "targetVersion": "1.33",\n  "summary": {\n    "objects": 120,')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("keeps findings in the order found and nulls for cluster-scoped and live objects", () => {
    const json = JSON.parse(renderScanJson(sampleScan()));
    expect(json.findings.map((finding: { kind: string }) => finding.kind)).toEqual(
      sampleScan().findings.map((finding) => finding.kind),
    );
    const clusterRole = json.findings.find((finding: { kind: string }) => finding.kind === "ClusterRole");
    expect(clusterRole.namespace).toBeNull();
    expect(clusterRole.source).toEqual({ file: "cluster:prod-eu", line: null, origin: "last-applied" });
  });

  it.each([
    ["manager", "HorizontalPodAutoscaler", { manager: "kubectl-client-side-apply" }],
    ["release", "PodDisruptionBudget", { release: "payments/api@3" }],
  ])("includes optional %s only when known", (_, kind, expected) => {
    const json = JSON.parse(renderScanJson(sampleScan()));
    for (const finding of json.findings) {
      if (finding.kind === kind) expect(finding.source).toMatchObject(expected);
      else for (const key of Object.keys(expected)) expect(finding.source).not.toHaveProperty(key);
    }
  });

  it("drops fields outside the contract and undefined optionals", () => {
    const result = sampleScan();
    const first = result.findings[0];
    if (!first) throw new Error("sample has findings");
    Object.assign(first, { internal: "x" });
    first.source.manager = undefined;
    const json = JSON.parse(renderScanJson(result));
    expect(json.findings[0]).not.toHaveProperty("internal");
    expect(Object.keys(json.findings[0].source)).toEqual(["file", "line", "origin"]);
  });

  it("yaml output is the same object as the json output", () => {
    const result = sampleScan();
    expect(parse(renderScanYaml(result))).toEqual(JSON.parse(renderScanJson(result)));
    expect(parse(renderScanYaml(result))).toEqual(toScanContract(result));
  });

  it("yaml keeps versions as strings and long notes on one line", () => {
    const yaml = renderScanYaml(sampleScan());
    expect(yaml).toContain('targetVersion: "1.33"');
    expect(yaml).toContain('removedIn: "1.22"');
    expect(yaml).toContain(
      '- "`serviceName` and `servicePort` become `service.name` and `service.port.number` (or `service.port.name`)."\n',
    );
  });
});
