// Output formats of `cutover compare` and the one entry point the CLI calls to render a compare.
import type { CompareReport } from "../../core/compare/types.js";
import type { CompareFormat } from "./formats.js";
import { renderCompareJson, renderCompareYaml } from "./json.js";
import { renderCompareMarkdown } from "./markdown.js";
import { renderCompareTable } from "./table.js";

export { COMPARE_FORMATS, type CompareFormat } from "./formats.js";

export function renderCompare(report: CompareReport, format: CompareFormat): string {
  switch (format) {
    case "table":
      return renderCompareTable(report);
    case "json":
      return renderCompareJson(report);
    case "yaml":
      return renderCompareYaml(report);
    case "markdown":
      return renderCompareMarkdown(report);
  }
}
