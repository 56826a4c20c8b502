import { describe, expect, it } from "vitest";
import { renderScanJunit } from "../../../src/report/scan/junit.js";
import { renderScan, SCAN_FORMATS } from "../../../src/report/scan/render.js";
import { sampleScan } from "./sample.js";

describe("renderScan", () => {
  it.each([
    ["table", /^STATUS {2,}KIND/],
    ["json", /^\{\n {2}"targetVersion": "1\.33"/],
    ["yaml", /^targetVersion: "1\.33"\n/],
    ["markdown", /^# Cutover scan: Kubernetes 1\.33\n/],
    ["sarif", /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json"/],
    ["junit", /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /],
    ["html", /^<!doctype html>\n<html lang="en">/],
  ] as const)("renders %s", (format, start) => {
    const output = renderScan(sampleScan(), format, { color: false });
    expect(output).toMatch(start);
    expect(output.endsWith("\n")).toBe(true);
  });

  it("renders every format it lists, each differently", () => {
    const outputs = SCAN_FORMATS.map((format) => renderScan(sampleScan(), format, { color: false }));
    expect(new Set(outputs).size).toBe(SCAN_FORMATS.length);
  });

  it("passes failOn to JUnit, defaulting to removed", () => {
    const result = sampleScan();
    expect(renderScan(result, "junit", { color: false })).toBe(renderScanJunit(result, "removed"));
    expect(renderScan(result, "junit", { color: false, failOn: "deprecated" })).toBe(
      renderScanJunit(result, "deprecated"),
    );
  });

  it.each(SCAN_FORMATS)(
    "%s carries no clock time (the same input gives the same bytes on any day)",
    (format) => {
      const result = sampleScan();
      const before = structuredClone(result);
      const output = renderScan(result, format, { color: false });
      expect(output).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(output).not.toContain(new Date().toISOString().slice(0, 10));
      expect(result).toEqual(before);
    },
  );
});
