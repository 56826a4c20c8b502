// The scan's renderer for the chosen format only, imported when chosen: `-o json` does not load the
// table, SARIF, JUnit and HTML code or their libraries (a tenth of a small scan's time).
import type { ScanResult } from "../../core/types.js";
import type { ScanFormat } from "./formats.js";
import type { ScanRenderOptions } from "./render.js";

type Render = (result: ScanResult, options: ScanRenderOptions) => string;

const LOADERS: Record<ScanFormat, () => Promise<Render>> = {
  table: async () => {
    const { renderScanTable } = await import("./table.js");
    return (result, options) => renderScanTable(result, options.color);
  },
  json: async () => (await import("./json.js")).renderScanJson,
  yaml: async () => (await import("./json.js")).renderScanYaml,
  markdown: async () => (await import("./markdown.js")).renderScanMarkdown,
  sarif: async () => {
    const { renderScanSarif } = await import("./sarif.js");
    return (result, options) => renderScanSarif(result, options.toolVersion);
  },
  junit: async () => {
    const { renderScanJunit } = await import("./junit.js");
    return (result, options) => renderScanJunit(result, options.failOn ?? "removed");
  },
  html: async () => (await import("./html.js")).renderScanHtml,
};

/** renderScan for one format, with only that format's code loaded. */
export async function renderScanAs(
  result: ScanResult,
  format: ScanFormat,
  options: ScanRenderOptions,
): Promise<string> {
  return (await LOADERS[format]())(result, options);
}
