import { describe, expect, it } from "vitest";
import type { ScanResult } from "../../core/types.js";
import { SCAN_FORMATS } from "./formats.js";
import { renderScan } from "./render.js";
import { renderScanAs } from "./render-chosen.js";

const result: ScanResult = {
  targetVersion: "1.33",
  findings: [],
  errors: [{ file: "a.yaml", line: 3, message: "bad" }],
  skipped: [],
  warnings: ["a warning"],
  summary: { objects: 2, removed: 0, deprecated: 0, files: 1 },
};

describe("renderScanAs", () => {
  it.each(SCAN_FORMATS)("renders %s exactly as renderScan does", async (format) => {
    const options = { color: false, failOn: "deprecated" as const, toolVersion: "9.9.9" };
    const text = await renderScanAs(result, format, options);
    expect(text).toBe(renderScan(result, format, options));
    expect(text.length).toBeGreaterThan(0);
  });
});
