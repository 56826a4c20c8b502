// `-o markdown`: the audit as a report people read (GitHub-flavoured Markdown): the recommendation first,
// then the readiness checks, then the findings grouped by type, each with its evidence and fix.

import type { CheckStatus, DriftFinding, ReadinessCheck } from "../../core/audit/types.js";
import { plural } from "../../core/text.js";
import { fileAndLine, inputErrorLine } from "../scan/common.js";
import { code, escapeText } from "../scan/markdown.js";
import {
  type AuditReport,
  groupByType,
  objectName,
  objectsLine,
  severityLine,
  TYPE_GUIDANCE,
  versionsLine,
} from "./common.js";

const STATUS_MARK: Readonly<Record<CheckStatus, string>> = {
  pass: "✅ pass",
  warn: "⚠️ warn",
  fail: "❌ fail",
};

export function renderAuditMarkdown(report: AuditReport): string {
  const title = report.clusterName ? `# Cutover audit: ${escapeText(report.clusterName)}` : "# Cutover audit";
  const facts = [objectsLine(report), severityLine(report.result.findings), versionsLine(report)].filter(
    Boolean,
  );
  const sections = [
    title,
    `_${escapeText(facts.join("; "))}._`,
    recommendation(report),
    readiness(report.result.readiness),
    findings(report.result.findings),
    inputErrors(report),
    report.warnings.length === 0
      ? ""
      : ["## Warnings", "", ...report.warnings.map((w) => `- ${escapeText(w)}`)].join("\n"),
  ];
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

function recommendation(report: AuditReport): string {
  const { strategy, confidence, reasons, blockers } = report.result.recommendation;
  const lines = [`## Recommendation: **${strategy}** (confidence: ${confidence})`, ""];
  lines.push(...reasons.map((reason) => `- ${escapeText(reason)}`));
  if (blockers.length > 0) {
    lines.push("", "### Fix first", "", ...blockers.map((blocker) => `- [ ] ${escapeText(blocker)}`));
  }
  return lines.join("\n");
}

function readiness(checks: readonly ReadinessCheck[]): string {
  if (checks.length === 0) return "";
  const rows = checks.map((check) =>
    tableRow([
      code(check.check),
      STATUS_MARK[check.status],
      check.evidence.map(escapeText).join("<br>") || "-",
      check.actions.map(escapeText).join("<br>") || "-",
    ]),
  );
  return [
    "## Readiness",
    "",
    tableRow(["Check", "Status", "Evidence", "Actions"]),
    tableRow(["---", "---", "---", "---"]),
    ...rows,
  ].join("\n");
}

function findings(all: readonly DriftFinding[]): string {
  if (all.length === 0) return "## Findings\n\nNo drift findings.";
  const blocks = groupByType(all).map(([type, group]) => {
    const rows = group.map((finding) =>
      tableRow([
        finding.severity === "high" ? "**high**" : finding.severity,
        escapeText(finding.kind),
        code(objectName(finding)),
        escapeText(finding.evidence),
        escapeText(finding.fix),
        finding.source ? code(fileAndLine(finding.source)) : "-",
      ]),
    );
    return [
      `### ${type} (${group.length})`,
      "",
      escapeText(TYPE_GUIDANCE[type]),
      "",
      tableRow(["Severity", "Kind", "Namespace/Name", "Evidence", "Fix", "Source"]),
      tableRow(["---", "---", "---", "---", "---", "---"]),
      ...rows,
    ].join("\n");
  });
  return [`## Findings (${all.length})`, ...blocks].join("\n\n");
}

function inputErrors(report: AuditReport): string {
  if (report.inputErrors.length === 0) return "";
  const lines = report.inputErrors.map((error) => `- ${code(inputErrorLine(error))}`);
  return [`## ${plural(report.inputErrors.length, "input error")}`, "", ...lines].join("\n");
}

/** A table row; `|` inside a cell must be escaped in GitHub tables, and a cell stays on one line. */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ")).join(" | ")} |`;
}
