// `-o table`: the recommendation, the readiness checks and the findings as kubectl-style tables, then
// counts, input errors and warnings. Evidence is cut to fit a terminal; -o markdown and -o json have it
// whole, with each finding's fix. Colour only when asked (TTY and no NO_COLOR).

import pc from "picocolors";
import type { CheckStatus, DriftFinding, ReadinessCheck, Severity } from "../../core/audit/types.js";
import { fileAndLine } from "../scan/common.js";
import { inputErrors } from "../scan/table.js";
import { renderTable } from "../text-table.js";
import {
  type AuditReport,
  failingChecks,
  groupByType,
  objectName,
  objectsLine,
  severityLine,
  sortAuditFindings,
  TYPE_GUIDANCE,
  versionsLine,
} from "./common.js";

type Colors = ReturnType<typeof pc.createColors>;

const EVIDENCE_CHARS = 100;

export function renderAuditTable(report: AuditReport, color: boolean): string {
  const colors = pc.createColors(color);
  const { result } = report;
  const sections = [
    recommendation(report, colors),
    readinessTable(result.readiness, colors),
    actions(result.readiness, colors),
    result.findings.length === 0
      ? colors.green("No drift findings.")
      : findingsTable(result.findings, colors),
    guidance(result.findings, colors),
    colors.bold(
      [objectsLine(report), severityLine(result.findings), versionsLine(report)].filter(Boolean).join("; "),
    ),
    inputErrors(report.inputErrors, colors),
    report.warnings.map((warning) => colors.yellow(`Warning: ${warning}`)).join("\n"),
  ];
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

function recommendation(report: AuditReport, colors: Colors): string {
  const { strategy, confidence, reasons, blockers } = report.result.recommendation;
  const cluster = report.clusterName ? ` for ${report.clusterName}` : "";
  const lines = [colors.bold(`Recommendation${cluster}: ${strategy} (confidence ${confidence})`)];
  lines.push(...reasons.map((reason) => `  - ${reason}`));
  if (blockers.length > 0) {
    lines.push(colors.red(colors.bold("Fix first:")), ...blockers.map((blocker) => `  - ${blocker}`));
  }
  return lines.join("\n");
}

function readinessTable(readiness: readonly ReadinessCheck[], colors: Colors): string {
  if (readiness.length === 0) return "";
  const head = ["CHECK", "STATUS", "EVIDENCE"].map((header) => colors.bold(header));
  const rows = readiness.map((check) => [
    check.check,
    statusText(check.status, colors),
    cut(check.evidence[0] ?? "-") + (check.evidence.length > 1 ? ` (+${check.evidence.length - 1})` : ""),
  ]);
  return renderTable(head, rows);
}

function actions(readiness: readonly ReadinessCheck[], colors: Colors): string {
  const blocks = failingChecks(readiness)
    .filter((check) => check.actions.length > 0)
    .map((check) =>
      [`${check.check} (${statusText(check.status, colors)}):`, ...check.actions.map((a) => `  - ${a}`)].join(
        "\n",
      ),
    );
  return blocks.length === 0 ? "" : [colors.bold("Before building green:"), ...blocks].join("\n");
}

function findingsTable(findings: readonly DriftFinding[], colors: Colors): string {
  const head = ["SEVERITY", "TYPE", "KIND", "NAMESPACE/NAME", "EVIDENCE", "SOURCE"].map((h) =>
    colors.bold(h),
  );
  const rows = sortAuditFindings(findings).map((finding) => [
    severityText(finding.severity, colors),
    finding.type,
    finding.kind,
    objectName(finding),
    cut(finding.evidence),
    finding.source ? fileAndLine(finding.source) : "-",
  ]);
  return renderTable(head, rows);
}

/** One line per finding type present: what it means; the per-object fixes are in markdown and json. */
function guidance(findings: readonly DriftFinding[], colors: Colors): string {
  const lines = groupByType(findings).map(
    ([type, group]) => `  ${type} (${group.length}): ${TYPE_GUIDANCE[type]}`,
  );
  if (lines.length === 0) return "";
  return [
    colors.dim("What the finding types mean (each finding's fix: -o markdown or -o json):"),
    ...lines.map((l) => colors.dim(l)),
  ].join("\n");
}

function statusText(status: CheckStatus, colors: Colors): string {
  if (status === "fail") return colors.red(status);
  if (status === "warn") return colors.yellow(status);
  return colors.green(status);
}

function severityText(severity: Severity, colors: Colors): string {
  if (severity === "high") return colors.red(severity);
  if (severity === "medium") return colors.yellow(severity);
  return severity;
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= EVIDENCE_CHARS ? flat : `${flat.slice(0, EVIDENCE_CHARS - 1)}…`;
}
