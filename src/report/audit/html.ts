// `-o html` for `cutover audit`: one self-contained page: the recommendation and its reasons on top (with
// the blockers to fix first), the readiness checks as a checklist (status, evidence, actions), then the
// drift findings in a table that sorts and filters (text, severity, type). Every value goes through
// `html` (escaped, secrets redacted); the `facts` and `details` records are not shown.

import type { CheckStatus, DriftFinding, ReadinessCheck } from "../../core/audit/types.js";
import { DRIFT_TYPES, SEVERITIES } from "../../core/audit/types.js";
import { filterBar, html, listSection, page, type SafeHtml } from "../html-page.js";
import { fileAndLine, inputErrorLine } from "../scan/common.js";
import {
  type AuditReport,
  objectName,
  objectsLine,
  severityLine,
  sortAuditFindings,
  TYPE_GUIDANCE,
  versionsLine,
} from "./common.js";

const MARK: Readonly<Record<CheckStatus, string>> = { pass: "✓", warn: "!", fail: "✗" };

export function renderAuditHtml(report: AuditReport): string {
  const facts = [objectsLine(report), severityLine(report.result.findings), versionsLine(report)].filter(
    Boolean,
  );
  const title = report.clusterName ? `Cutover audit: ${report.clusterName}` : "Cutover audit";
  const body = html`
${inputErrorsBox(report)}
${recommendation(report)}
${checklist(report.result.readiness)}
${findings(report.result.findings)}
${listSection("Warnings", report.warnings)}`;
  return page(title, facts.join("; "), body);
}

function recommendation(report: AuditReport): SafeHtml {
  const { strategy, confidence, reasons, blockers } = report.result.recommendation;
  return html`<div class="box ${blockers.length > 0 ? "fail" : "pass"}">
<h2 style="margin-top:0">Recommendation: ${strategy} <span class="tag info">confidence: ${confidence}</span></h2>
<ul>${reasons.map((reason) => html`<li>${reason}</li>`)}</ul>
${
  blockers.length > 0
    ? html`<h3>Fix first</h3><ul class="todo">${blockers.map((blocker) => html`<li>☐ ${blocker}</li>`)}</ul>`
    : ""
}
</div>`;
}

function checklist(checks: readonly ReadinessCheck[]): SafeHtml {
  if (checks.length === 0) return html``;
  const counts = (["pass", "warn", "fail"] as const).map(
    (status) => `${checks.filter((check) => check.status === status).length} ${status}`,
  );
  return html`<h2>Readiness checklist <span class="muted">(${counts.join(", ")})</span></h2>
${checks.map(
  (check) => html`<div class="box ${check.status}"><div class="check">
<div class="mark ${check.status}" aria-label="${check.status}">${MARK[check.status]}</div>
<div><strong><code>${check.check}</code></strong> <span class="tag ${check.status}">${check.status}</span>
${check.evidence.length > 0 ? html`<ul>${check.evidence.map((line) => html`<li>${line}</li>`)}</ul>` : ""}
${
  check.actions.length > 0
    ? html`<p><strong>To do</strong></p><ul class="todo">${check.actions.map((line) => html`<li>☐ ${line}</li>`)}</ul>`
    : ""
}
</div></div></div>`,
)}`;
}

function findings(all: readonly DriftFinding[]): SafeHtml {
  if (all.length === 0) return html`<h2>Drift findings</h2><p>No drift findings.</p>`;
  const types = DRIFT_TYPES.filter((type) => all.some((finding) => finding.type === type));
  return html`<h2>Drift findings (${all.length})</h2>
<ul class="muted">${types.map((type) => html`<li><code>${type}</code>: ${TYPE_GUIDANCE[type]}</li>`)}</ul>
${filterBar("drift", [
  { key: "severity", label: "Severity", options: [...SEVERITIES].reverse() },
  { key: "type", label: "Type", options: types },
])}
<table id="drift" class="sortable">
<thead><tr><th>Severity</th><th>Type</th><th>Kind</th><th>Namespace/name</th><th>Evidence</th><th>Fix</th><th>Source</th></tr></thead>
<tbody>
${sortAuditFindings(all).map(
  (finding) => html`<tr data-severity="${finding.severity}" data-type="${finding.type}">
<td data-sort="${SEVERITIES.length - SEVERITIES.indexOf(finding.severity)}"><span class="tag ${finding.severity}">${finding.severity}</span></td>
<td>${finding.type}</td><td>${finding.kind}</td><td class="mono">${objectName(finding)}</td>
<td>${finding.evidence}</td><td>${finding.fix}</td>
<td class="mono src">${finding.source ? fileAndLine(finding.source) : "-"}</td></tr>
`,
)}
</tbody>
</table>`;
}

/** Unreadable input: the audit is incomplete, said before the recommendation. */
function inputErrorsBox(report: AuditReport): SafeHtml {
  if (report.inputErrors.length === 0) return html``;
  return html`<div class="box fail"><strong>${report.inputErrors.length} input error(s): the audit is incomplete</strong>
<ul>${report.inputErrors.map((error) => html`<li class="mono">${inputErrorLine(error)}</li>`)}</ul></div>`;
}
