import { describe, expect, it } from "vitest";
import { code, escapeNote, escapeText, renderScanMarkdown } from "../../../src/report/scan/markdown.js";
import { expectGolden } from "../golden.js";
import { awkwardFinding, cleanScan, sampleScan } from "./sample.js";

/** Cells of a GFM table row, split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe("renderScanMarkdown", () => {
  it("matches the golden report", () => {
    expectGolden("scan-markdown.md", renderScanMarkdown(sampleScan()));
  });

  it("matches the golden report for a clean scan", () => {
    expectGolden("scan-markdown-clean.md", renderScanMarkdown(cleanScan()));
  });

  it("has one table row per finding, each with seven cells", () => {
    const rows = renderScanMarkdown(sampleScan())
      .split("\n")
      .filter((line) => line.startsWith("| "));
    expect(rows).toHaveLength(2 + sampleScan().findings.length);
    for (const row of rows) expect(cells(row)).toHaveLength(7);
  });

  it("escapes pipes, HTML and emphasis in names, paths and notes", () => {
    const result = cleanScan();
    result.findings = [awkwardFinding()];
    result.summary.removed = 1;
    const output = renderScanMarkdown(result);
    const row = output.split("\n").find((line) => line.startsWith("| **removed**"));
    if (!row) throw new Error("no finding row");
    expect(cells(row)).toHaveLength(7);
    expect(row).toContain("`x\\|y/a<b>&\"c'\\|d`");
    expect(row).toContain("`odd dir/a\\|b#1?.yaml:2`");
    expect(output).toContain("- Use `a|b` and \\<not-html\\> & \\*not-emphasis\\*.");
  });

  it.each([
    ["*bold* _it_", "\\*bold\\* \\_it\\_"],
    ["<script>", "\\<script\\>"],
    ["a [link](x)", "a \\[link\\](x)"],
    ["back\\slash `tick`", "back\\\\slash \\`tick\\`"],
  ])("escapeText(%j) = %j", (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it.each([
    ["`spec.backend` is *gone*", "`spec.backend` is \\*gone\\*"],
    ["an unbalanced ` tick", "an unbalanced \\` tick"],
  ])("escapeNote(%j) = %j", (input, expected) => {
    expect(escapeNote(input)).toBe(expected);
  });

  it.each([
    ["plain", "`plain`"],
    ["has`tick", "`` has`tick ``"],
    ["two\nlines", "`two lines`"],
  ])("code(%j) = %j", (input, expected) => {
    expect(code(input)).toBe(expected);
  });
});
