// Output formats of `cutover scan` and the one entry point the CLI calls to render a scan result.

import type { FailOn } from "../../core/scan/accumulator.js";
import type { ScanResult } from "../../core/types.js";
import type { ScanFormat } from "./formats.js";
import { renderScanHtml } from "./html.js";
import { renderScanJson, renderScanYaml } from "./json.js";
import { renderScanJunit } from "./junit.js";
import { renderScanMarkdown } from "./markdown.js";
import { renderScanSarif } from "./sarif.js";
import { renderScanTable } from "./table.js";

export { FAIL_ON_LEVELS, type FailOn, SCAN_FORMATS, type ScanFormat } from "./formats.js";

export interface ScanRenderOptions {
  /** ANSI colours in the table; only the CLI decides this (TTY, NO_COLOR). */
  color: boolean;
  /** Which findings are failures in JUnit output; default "removed", as for the exit code. */
  failOn?: FailOn;
  /** Cutover's version, written into SARIF's tool.driver when given. */
  toolVersion?: string;
}

/** Renders a scan result as text in one output format. Pure: the caller prints it. */
export function renderScan(result: ScanResult, format: ScanFormat, options: ScanRenderOptions): string {
  switch (format) {
    case "table":
      return renderScanTable(result, options.color);
    case "json":
      return renderScanJson(result);
    case "yaml":
      return renderScanYaml(result);
    case "markdown":
      return renderScanMarkdown(result);
    case "sarif":
      return renderScanSarif(result, options.toolVersion);
    case "junit":
      return renderScanJunit(result, options.failOn ?? "removed");
    case "html":
      return renderScanHtml(result);
  }
}
