import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AUDIT_RESULT_SCHEMA_ID,
  AUDIT_RESULT_SCHEMA_PATH,
  AuditResultSchema,
  auditResultJsonSchema,
} from "../../../src/report/audit/contract.js";
import { renderAuditJson, renderAuditYaml, toAuditContract } from "../../../src/report/audit/json.js";
import { renderAuditMarkdown } from "../../../src/report/audit/markdown.js";
import { renderAuditTable } from "../../../src/report/audit/table.js";
import { sampleAudit } from "./sample.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("the audit JSON contract", () => {
  it("the committed schema file is the one generated from the zod schema", () => {
    const committed = JSON.parse(readFileSync(resolve(repoRoot, AUDIT_RESULT_SCHEMA_PATH), "utf8"));
    expect(
      committed,
      `${AUDIT_RESULT_SCHEMA_PATH} is stale: run npx tsx scripts/gen-audit-schema.ts`,
    ).toEqual(auditResultJsonSchema());
  });

  it("is draft 2020-12 with an id, a title and a description on every top-level and finding field", () => {
    const schema = auditResultJsonSchema() as {
      $schema: string;
      $id: string;
      title: string;
      properties: Record<string, { description?: string; items?: { properties?: Record<string, unknown> } }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(AUDIT_RESULT_SCHEMA_ID);
    expect(schema.title).toBe("Cutover audit result");
    const findingFields = schema.properties.findings?.items?.properties ?? {};
    expect(Object.keys(findingFields)).toEqual([
      "type",
      "severity",
      "kind",
      "apiVersion",
      "namespace",
      "name",
      "evidence",
      "fix",
      "source",
      "details",
    ]);
    for (const field of Object.values({ ...schema.properties, ...findingFields })) {
      expect((field as { description?: string }).description).toBeTruthy();
    }
  });

  it("the json output parses with AuditResultSchema, keys in the documented order", () => {
    const json = JSON.parse(renderAuditJson(sampleAudit()));
    expect(AuditResultSchema.safeParse(json).error).toBeUndefined();
    expect(Object.keys(json)).toEqual([
      "apiVersion",
      "kind",
      "summary",
      "recommendation",
      "readiness",
      "findings",
      "inputErrors",
      "warnings",
    ]);
    expect(json.summary.findingsBySeverity).toEqual({ info: 0, low: 1, medium: 1, high: 1 });
  });

  it.each([
    ["an unknown top-level field", (json: Record<string, unknown>) => Object.assign(json, { extra: 1 })],
    [
      "an unknown finding type",
      (json: { findings: { type: string }[] }) => Object.assign(json.findings[0] ?? {}, { type: "weird" }),
    ],
    [
      "a target that is not 1.N",
      (json: { summary: object }) => Object.assign(json.summary, { targetVersion: "v1.33" }),
    ],
    [
      "a readiness status outside pass/warn/fail",
      (json: { readiness: { status: string }[] }) => Object.assign(json.readiness[0] ?? {}, { status: "ok" }),
    ],
    ["another kind", (json: Record<string, unknown>) => Object.assign(json, { kind: "ScanResult" })],
  ])("AuditResultSchema rejects %s", (_, spoil) => {
    const json = JSON.parse(renderAuditJson(sampleAudit()));
    spoil(json);
    expect(AuditResultSchema.safeParse(json).success).toBe(false);
  });

  it("sorts findings most severe first and omits unknown optionals", () => {
    const json = JSON.parse(renderAuditJson(sampleAudit()));
    expect(json.findings.map((f: { severity: string }) => f.severity)).toEqual(["high", "medium", "low"]);
    const cronJob = json.findings[2];
    expect(cronJob).not.toHaveProperty("source");
    expect(cronJob).not.toHaveProperty("details");
  });

  it("yaml output is the same object as the json output", () => {
    const report = sampleAudit();
    expect(parse(renderAuditYaml(report))).toEqual(JSON.parse(renderAuditJson(report)));
    expect(parse(renderAuditYaml(report))).toEqual(toAuditContract(report));
    expect(renderAuditYaml(report)).toContain('targetVersion: "1.33"');
  });
});

describe("the audit reports people read", () => {
  it("table: recommendation first, then readiness, actions, findings and the counts", () => {
    const text = renderAuditTable(sampleAudit(), false);
    const order = [
      "Recommendation for prod-eu: blue-green (confidence medium)",
      "Fix first:",
      "CHECK",
      "Before building green:",
      "SEVERITY",
      "120 live objects (90 Argo CD, 10 Helm, 15 owned, 5 no manager); 95 desired objects; 3 findings: 1 high, 1 medium, 1 low; current 1.29 → target 1.33",
      "1 input error:",
      "Warning: listing PodMonitors is forbidden",
    ].map((part) => text.indexOf(part));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toMatch(/^high\s+rbac-risk\s+ClusterRoleBinding\s+-\/ops-admin\s+binds cluster-admin/m);
    expect(text).toContain(
      "gitops-coverage  warn    41 of 52 workload and config objects managed by Argo CD (79%) (+1)",
    );
    expect(text).not.toContain("\u001b[");
  });

  it("table: colour only when asked", () => {
    expect(renderAuditTable(sampleAudit(), true)).toContain("\u001b[");
  });

  it("markdown: recommendation, readiness table and findings grouped by type, pipes escaped", () => {
    const text = renderAuditMarkdown(sampleAudit());
    expect(text.startsWith("# Cutover audit: prod-eu\n")).toBe(true);
    expect(text).toContain("## Recommendation: **blue-green** (confidence: medium)");
    expect(text).toContain("- [ ] GitOps coverage is 79%: bring the rest under Argo CD first.");
    expect(text).toContain(
      "| `gitops-coverage` | ⚠️ warn | 41 of 52 workload and config objects managed by Argo CD (79%)<br>1 ApplicationSet |",
    );
    const headings = [...text.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual(["Fix first", "unmanaged (1)", "differs-from-desired (1)", "rbac-risk (1)"]);
    expect(text).toContain("User jane@example.com \\| nobody manages the binding");
    expect(text).toContain("`git/broken.yaml:7: Nested mappings are not allowed`");
  });
});
