// `-o table`: findings as a terminal table, then a summary line, migration notes per API, a legend of
// origins, input errors, skipped templates and warnings. Colour only when asked (TTY and no NO_COLOR).

import pc from "picocolors";
import { plural } from "../../core/text.js";
import type { Finding, InputError, ScanResult } from "../../core/types.js";
import { renderTable } from "../text-table.js";
import {
  componentVersion,
  groupByApi,
  inputErrorLine,
  lifecycleText,
  namespacedName,
  noFindingsLine,
  ORIGIN_LEGEND,
  originsIn,
  sortFindings,
  sourceLabel,
  summaryLine,
} from "./common.js";

type Colors = ReturnType<typeof pc.createColors>;

const HEADERS = ["STATUS", "KIND", "NAMESPACE/NAME", "API VERSION", "REPLACEMENT", "REMOVED IN", "SOURCE"];

export function renderScanTable(result: ScanResult, color: boolean): string {
  const colors = pc.createColors(color);
  const sections =
    result.findings.length === 0
      ? [colors.green(noFindingsLine(result))]
      : [
          findingsTable(result.findings, colors),
          colors.bold(summaryLine(result)),
          migrationNotes(result.findings, colors),
          originLegend(result.findings, colors),
        ];
  sections.push(inputErrors(result.errors, colors), skippedTemplates(result), warnings(result, colors));
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

function findingsTable(findings: readonly Finding[], colors: Colors): string {
  const head = HEADERS.map((header) => colors.bold(header));
  return renderTable(
    head,
    sortFindings(findings).map((finding) => findingRow(finding, colors)),
  );
}

function findingRow(finding: Finding, colors: Colors): string[] {
  const status = finding.status === "removed" ? colors.red(finding.status) : colors.yellow(finding.status);
  return [
    status,
    finding.kind,
    namespacedName(finding),
    finding.apiVersion,
    finding.replacement ?? "none",
    componentVersion(finding, finding.removedIn) ?? "-",
    sourceLabel(finding.source, finding.usage),
  ];
}

/** One block per apiVersion/kind that has notes; the table has no room for them. */
function migrationNotes(findings: readonly Finding[], colors: Colors): string {
  const blocks = groupByApi(findings)
    .filter((group) => group.notes.length > 0)
    .map((group) => {
      const target = group.replacement ? ` → ${group.replacement}` : "";
      const heading = `${group.apiVersion} ${group.kind}${target}: ${lifecycleText(group)}; ${plural(group.count, "object")}`;
      return [colors.bold(heading), ...group.notes.map((note) => `  - ${note}`)].join("\n");
    });
  return blocks.length === 0 ? "" : [colors.bold(colors.underline("Migration notes")), ...blocks].join("\n");
}

function originLegend(findings: readonly Finding[], colors: Colors): string {
  const origins = originsIn(findings);
  if (origins.length === 0) return "";
  const lines = origins.map(
    (origin) => `  (${origin}): ${ORIGIN_LEGEND[origin as keyof typeof ORIGIN_LEGEND]}`,
  );
  return [colors.dim("Where the apiVersion was found:"), ...lines.map((line) => colors.dim(line))].join("\n");
}

/** `file:line: message`; continuation lines of a parser message are indented under it. The audit table reuses it. */
export function inputErrors(errors: readonly InputError[], colors: Colors): string {
  if (errors.length === 0) return "";
  const heading = colors.red(colors.bold(`${plural(errors.length, "input error")}:`));
  const lines = errors.flatMap((error) =>
    inputErrorLine(error)
      .split("\n")
      .map((line, index) => (line === "" ? "" : `${index === 0 ? "  " : "    "}${line}`)),
  );
  return [heading, ...lines].join("\n");
}

function skippedTemplates(result: ScanResult): string {
  if (result.skipped.length === 0) return "";
  const recovered = result.skipped.reduce((sum, skipped) => sum + skipped.recovered, 0);
  return (
    `Skipped ${plural(result.skipped.length, "file")} that could not be parsed as a whole (e.g. unrendered Helm templates); ` +
    `${recovered} top-level apiVersion/kind ${recovered === 1 ? "line was" : "lines were"} recovered and scanned. ` +
    "Render charts with `helm template` for a full scan; -o json lists the files."
  );
}

function warnings(result: ScanResult, colors: Colors): string {
  return result.warnings.map((warning) => colors.yellow(`Warning: ${warning}`)).join("\n");
}
