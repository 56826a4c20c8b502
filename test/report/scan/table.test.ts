import { describe, expect, it } from "vitest";
import { renderScanTable } from "../../../src/report/scan/table.js";
import { expectGolden } from "../golden.js";
import { cleanScan, sampleScan } from "./sample.js";

const ANSI_ESCAPE = "\u001b[";

/** The data rows of the table: cells cut at the header's column starts, up to the first blank line. */
function tableRows(output: string): string[][] {
  const lines = output.split("\n");
  const headerIndex = lines.findIndex((line) => line.startsWith("STATUS"));
  const header = lines[headerIndex] ?? "";
  const starts = [...header.matchAll(/(?:^|\s{2,})(\S)/g)].map(
    (match) => (match.index ?? 0) + match[0].length - 1,
  );
  const end = lines.findIndex((line, index) => index > headerIndex && line.trim() === "");
  return lines
    .slice(headerIndex + 1, end)
    .map((line) =>
      starts.map((start, column) => line.slice(start, starts[column + 1] ?? line.length).trim()),
    );
}

describe("renderScanTable", () => {
  it("matches the golden output without colour", () => {
    expectGolden("scan-table.txt", renderScanTable(sampleScan(), false));
  });

  it("matches the golden output for a clean scan", () => {
    expectGolden("scan-table-clean.txt", renderScanTable(cleanScan(), false));
  });

  it("uses ANSI colour only when asked", () => {
    expect(renderScanTable(sampleScan(), false)).not.toContain(ANSI_ESCAPE);
    expect(renderScanTable(sampleScan(), true)).toContain(ANSI_ESCAPE);
  });

  it("sorts removed first, Kubernetes by removal version, then CRD APIs, then deprecated", () => {
    const order = tableRows(renderScanTable(sampleScan(), false)).map((row) => `${row[1]} ${row[2]}`);
    expect(order).toEqual([
      "ClusterRole -/metrics-reader",
      "Ingress legacy/admin",
      "Ingress shop/storefront",
      "CronJob jobs/nightly-report",
      "PodDisruptionBudget payments/api",
      "HorizontalPodAutoscaler shop/checkout",
      "Certificate shop/shop-tls",
      "Endpoints payments/external-db",
    ]);
  });

  it.each([
    ["ClusterRole", "-/metrics-reader", "cluster:prod-eu (last-applied)"],
    ["CronJob", "jobs/nightly-report", "snapshots/prod/cronjobs.yaml:12 (last-applied)"],
    [
      "HorizontalPodAutoscaler",
      "shop/checkout",
      "snapshots/prod/hpa.yaml:3 (managed-fields: kubectl-client-side-apply)",
    ],
    [
      "PodDisruptionBudget",
      "payments/api",
      "snapshots/prod/secrets.yaml:120 (helm: payments/api@3) (template: api/templates/pdb.yaml)",
    ],
    ["Ingress", "shop/storefront", "deploy/shop/ingress.yaml:1"],
  ])("shows the source of %s %s as %s", (kind, name, source) => {
    const row = tableRows(renderScanTable(sampleScan(), false)).find(
      (cells) => cells[1] === kind && cells[2] === name,
    );
    expect(row?.[6]).toBe(source);
  });

  it("writes none for a missing replacement and - for a missing removal version", () => {
    const result = sampleScan();
    const endpoints = result.findings.find((finding) => finding.kind === "Endpoints");
    if (!endpoints) throw new Error("sample has an Endpoints finding");
    endpoints.replacement = null;
    const row = tableRows(renderScanTable(result, false)).find((cells) => cells[1] === "Endpoints");
    expect(row?.[4]).toBe("none");
    expect(row?.[5]).toBe("-");
  });

  it("prints each API's migration notes once, however many objects use it", () => {
    const output = renderScanTable(sampleScan(), false);
    expect(output.match(/`spec\.backend` is renamed/g)).toHaveLength(1);
    expect(output).toContain("extensions/v1beta1 Ingress → networking.k8s.io/v1: removed in Kubernetes 1.22");
    expect(output).toContain("; 2 objects");
  });

  it("writes the summary line under the table", () => {
    expect(renderScanTable(sampleScan(), false)).toContain(
      "\n7 removed, 1 deprecated in 120 objects from 14 files; target 1.33\n",
    );
  });

  it("lists input errors as file:line: message, indenting parser context lines", () => {
    const result = cleanScan();
    result.errors = [
      { file: "a.yaml", line: 3, message: "Unexpected token\n\n  key: : x\n       ^" },
      { file: "unreadable.yaml", line: null, message: "EACCES: permission denied" },
    ];
    const output = renderScanTable(result, false);
    expect(output).toContain(
      "2 input errors:\n  a.yaml:3: Unexpected token\n\n      key: : x\n           ^\n",
    );
    expect(output).toContain("\n  unreadable.yaml: EACCES: permission denied\n");
  });

  it("says nothing was found, still reporting errors, skipped files and warnings", () => {
    const result = cleanScan();
    result.warnings = ["forbidden to list secrets"];
    result.skipped = [{ file: "t.yaml", reason: "template", recovered: 2 }];
    const output = renderScanTable(result, false);
    expect(
      output.startsWith("No removed or deprecated APIs found for Kubernetes 1.33 (58 objects scanned)."),
    ).toBe(true);
    expect(output).toContain("Skipped 1 file");
    expect(output).toContain("2 top-level apiVersion/kind lines were recovered");
    expect(output).toContain("Warning: forbidden to list secrets");
  });
});
