// Output formats of `cutover audit` and the one entry point the CLI calls to render an audit.

import type { AuditReport } from "./common.js";
import type { AuditFormat } from "./formats.js";
import { renderAuditHtml } from "./html.js";
import { renderAuditJson, renderAuditYaml } from "./json.js";
import { renderAuditMarkdown } from "./markdown.js";
import { renderAuditTable } from "./table.js";

export { AUDIT_FORMATS, type AuditFormat } from "./formats.js";

/** Renders an audit report as text in one output format. Pure: the caller prints it. */
export function renderAudit(report: AuditReport, format: AuditFormat, options: { color: boolean }): string {
  switch (format) {
    case "table":
      return renderAuditTable(report, options.color);
    case "json":
      return renderAuditJson(report);
    case "yaml":
      return renderAuditYaml(report);
    case "markdown":
      return renderAuditMarkdown(report);
    case "html":
      return renderAuditHtml(report);
  }
}
