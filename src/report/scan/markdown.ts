// `-o markdown`: a report a team pastes into a pull request or issue (GitHub-flavoured Markdown).

import { plural } from "../../core/text.js";
import type { Finding, ScanResult } from "../../core/types.js";
import {
  componentVersion,
  fileAndLine,
  groupByApi,
  lifecycleText,
  namespacedName,
  noFindingsLine,
  ORIGIN_LEGEND,
  originsIn,
  sortFindings,
  sourceMarkers,
  summaryLine,
} from "./common.js";

const HEADERS = ["Status", "Kind", "Namespace/Name", "API version", "Replacement", "Removed in", "Source"];

export function renderScanMarkdown(result: ScanResult): string {
  const sections = [`# Cutover scan: Kubernetes ${result.targetVersion}`];
  if (result.findings.length === 0) {
    sections.push(escapeText(noFindingsLine(result)));
  } else {
    sections.push(
      `**${escapeText(summaryLine(result))}.**`,
      findingsTable(result.findings),
      migrationNotes(result.findings),
      originLegend(result.findings),
    );
  }
  sections.push(inputErrors(result), skippedFiles(result), warnings(result));
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

function findingsTable(findings: readonly Finding[]): string {
  const rows = sortFindings(findings).map((finding) => tableRow(findingCells(finding)));
  return ["## Findings", "", tableRow(HEADERS), tableRow(HEADERS.map(() => "---")), ...rows].join("\n");
}

function findingCells(finding: Finding): string[] {
  const markers = sourceMarkers(finding.source, finding.usage).map((marker) => `(${escapeText(marker)})`);
  return [
    finding.status === "removed" ? "**removed**" : "deprecated",
    escapeText(finding.kind),
    code(namespacedName(finding)),
    code(finding.apiVersion),
    finding.replacement ? code(finding.replacement) : "none",
    escapeText(componentVersion(finding, finding.removedIn) ?? "-"),
    [code(fileAndLine(finding.source)), ...markers].join(" "),
  ];
}

/** A table row; `|` inside a cell (even in a code span) must be escaped in GitHub tables. */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ")).join(" | ")} |`;
}

function migrationNotes(findings: readonly Finding[]): string {
  const blocks = groupByApi(findings).map((group) => {
    const target = group.replacement ? ` → ${code(group.replacement)}` : " (no replacement API)";
    const heading = `### ${code(group.apiVersion)} ${escapeText(group.kind)}${target}`;
    const status = `${capitalize(lifecycleText(group))}; ${plural(group.count, "object")}.`;
    const notes = group.notes.map((note) => `- ${escapeNote(note)}`);
    return [heading, "", escapeText(status), ...(notes.length > 0 ? ["", ...notes] : [])].join("\n");
  });
  return ["## Migration notes", ...blocks].join("\n\n");
}

function originLegend(findings: readonly Finding[]): string {
  const origins = originsIn(findings);
  if (origins.length === 0) return "";
  const items = origins.map(
    (origin) => `- **${origin}**: ${escapeText(ORIGIN_LEGEND[origin as keyof typeof ORIGIN_LEGEND])}`,
  );
  return ["## Where the apiVersion was found", "", ...items].join("\n");
}

function inputErrors(result: ScanResult): string {
  if (result.errors.length === 0) return "";
  const intro = "These inputs could not be read or parsed; the rest of each file was still scanned.";
  const items = result.errors.map(
    (error) => `- ${code(fileAndLine(error))}: ${escapeText(oneLine(error.message))}`,
  );
  return [`## Input errors (${result.errors.length})`, "", intro, "", ...items].join("\n");
}

function skippedFiles(result: ScanResult): string {
  if (result.skipped.length === 0) return "";
  const intro =
    "Not parsed as a whole (e.g. unrendered Helm templates); top-level apiVersion/kind lines were recovered and scanned. Render charts with `helm template` for a full scan.";
  const items = result.skipped.map(
    (skipped) =>
      `- ${code(skipped.file)}: ${escapeText(oneLine(skipped.reason))} (${plural(skipped.recovered, "apiVersion/kind")} recovered)`,
  );
  return [`## Skipped files (${result.skipped.length})`, "", intro, "", ...items].join("\n");
}

function warnings(result: ScanResult): string {
  if (result.warnings.length === 0) return "";
  const items = result.warnings.map((warning) => `- ${escapeText(oneLine(warning))}`);
  return [`## Warnings (${result.warnings.length})`, "", ...items].join("\n");
}

/** Backslash-escapes Markdown punctuation so names and messages render literally. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>~#]/g, (char) => `\\${char}`);
}

/** Knowledge-base notes may use `code spans`: keep balanced spans, escape everything else. */
export function escapeNote(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, index) => (index % 2 === 1 ? part : escapeText(part)))
    .join("");
}

/** A code span that survives backticks in the text (a longer fence with padding). */
export function code(text: string): string {
  const flat = oneLine(text);
  if (!flat.includes("`")) return `\`${flat}\``;
  const longestRun = Math.max(...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  return `${fence} ${flat} ${fence}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
