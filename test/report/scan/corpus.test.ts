// Renders findings built from the real pluto fixtures' expectations (corpus/pluto-fixtures/expected.json)
// in every format and checks each format's invariants on that data.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding, ScanResult } from "../../../src/core/types.js";
import { normalizeVersion } from "../../../src/core/version.js";
import { ScanResultSchema } from "../../../src/report/scan/contract.js";
import { renderScan } from "../../../src/report/scan/render.js";

const EXPECTED = "test/corpus/pluto-fixtures/expected.json";

interface ExpectedApi {
  kind: string;
  apiVersion: string;
  deprecatedIn: string;
  removedIn: string;
  replacement: string;
}

function corpusScan(): ScanResult {
  const byFile: Record<string, ExpectedApi[]> = JSON.parse(readFileSync(EXPECTED, "utf8")).byFile;
  const findings: Finding[] = Object.entries(byFile).flatMap(([file, apis]) =>
    apis.map((api, index) => ({
      kind: api.kind,
      apiVersion: api.apiVersion,
      name: `${api.kind.toLowerCase()}-${index}`,
      namespace: "default",
      status: "removed",
      deprecatedIn: normalizeVersion(api.deprecatedIn) ?? null,
      removedIn: normalizeVersion(api.removedIn) ?? null,
      replacement: api.replacement || null,
      component: "kubernetes",
      notes: [],
      source: file.includes("helm3")
        ? { file, line: 1, origin: "helm-release", release: "default/test@1" }
        : { file, line: 1, origin: "manifest" },
    })),
  );
  return {
    targetVersion: "1.25",
    findings,
    errors: [],
    skipped: [],
    warnings: [],
    summary: {
      objects: findings.length,
      files: Object.keys(byFile).length,
      removed: findings.length,
      deprecated: 0,
    },
  };
}

describe("renderers on the pluto fixtures' findings", () => {
  const result = corpusScan();

  it("the corpus yields findings from several files and origins", () => {
    expect(result.findings.length).toBeGreaterThanOrEqual(8);
    expect(new Set(result.findings.map((finding) => finding.source.origin))).toEqual(
      new Set(["manifest", "helm-release"]),
    );
  });

  it("json output satisfies the contract", () => {
    const parsed = ScanResultSchema.safeParse(JSON.parse(renderScan(result, "json", { color: false })));
    expect(parsed.error).toBeUndefined();
    expect(parsed.data?.findings).toHaveLength(result.findings.length);
  });

  it("sarif has one rule per API and one result per finding, located in the fixture file", () => {
    const log = JSON.parse(renderScan(result, "sarif", { color: false }));
    const apis = new Set(result.findings.map((finding) => `api/${finding.apiVersion}/${finding.kind}`));
    expect(log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id).sort()).toEqual(
      [...apis].sort(),
    );
    const uris = log.runs[0].results.map(
      (entry: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        entry.locations[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(result.findings.map((finding) => finding.source.file));
  });

  it("junit fails every removed finding", () => {
    const xml = renderScan(result, "junit", { color: false });
    expect(xml.match(/<failure /g)).toHaveLength(result.findings.length);
  });

  it("table and markdown show every finding once", () => {
    const table = renderScan(result, "table", { color: false });
    const markdown = renderScan(result, "markdown", { color: false });
    for (const finding of result.findings) {
      expect(table).toContain(` ${finding.source.file}:1`);
      expect(markdown).toContain(`\`${finding.source.file}:1\``);
    }
    expect(table.split("\n").filter((line) => line.startsWith("removed "))).toHaveLength(
      result.findings.length,
    );
    expect(markdown.split("\n").filter((line) => line.startsWith("| **removed**"))).toHaveLength(
      result.findings.length,
    );
  });
});
