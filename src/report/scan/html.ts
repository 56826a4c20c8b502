// `-o html` for `cutover scan`: one self-contained page with the counts on top, every finding in a table
// that sorts (click a header) and filters (text, status, origin), then the migration notes per API, input
// errors, skipped files and warnings. Every value goes through `html` (escaped, secrets redacted).

import { plural } from "../../core/text.js";
import type { Finding, ScanResult } from "../../core/types.js";
import { breakable, filterBar, html, listSection, page, type SafeHtml } from "../html-page.js";
import {
  fileAndLine,
  groupByApi,
  inputErrorLine,
  lifecycleText,
  namespacedName,
  ORIGIN_LEGEND,
  originsIn,
  replacementText,
  sortFindings,
  sourceMarkers,
  summaryLine,
} from "./common.js";

export function renderScanHtml(result: ScanResult): string {
  const findings = sortFindings(result.findings);
  const body = html`
<section class="cards">
  ${card(result.summary.removed, "removed")}
  ${card(result.summary.deprecated, "deprecated")}
  ${card(result.summary.objects, "objects scanned")}
  ${card(result.summary.files, "files")}
  ${card(result.errors.length, "input errors")}
  ${card(result.skipped.length, "skipped files")}
</section>
${findingsSection(findings)}
${notesSection(findings)}
${listSection("Input errors", result.errors.map(inputErrorLine))}
${listSection(
  "Skipped files",
  result.skipped.map(
    (s) =>
      `${s.file}: ${s.reason}${s.recovered > 0 ? ` (${plural(s.recovered, "apiVersion/kind line")} recovered and scanned)` : ""}`,
  ),
)}
${listSection("Warnings", result.warnings)}`;
  return page(`Cutover scan: Kubernetes ${result.targetVersion}`, summaryLine(result), body);
}

function card(count: number, label: string): SafeHtml {
  return html`<div class="card"><div class="n">${count}</div><div class="l">${label}</div></div>`;
}

function findingsSection(findings: readonly Finding[]): SafeHtml {
  if (findings.length === 0) return html`<h2>Findings</h2><p>No removed or deprecated APIs found.</p>`;
  const origins = [...new Set(findings.map((f) => f.source.origin))];
  return html`<h2>Findings</h2>
${filterBar("findings", [
  { key: "status", label: "Status", options: ["removed", "deprecated"] },
  { key: "origin", label: "Origin", options: origins },
])}
<table id="findings" class="sortable">
<thead><tr><th>Status</th><th>Kind</th><th>Namespace/name</th><th>API version</th><th>Replacement</th><th>Removed in</th><th>Deprecated in</th><th>Source</th></tr></thead>
<tbody>
${findings.map(findingRow)}
</tbody>
</table>
${legend(findings)}`;
}

function findingRow(finding: Finding): SafeHtml {
  const markers = sourceMarkers(finding.source);
  return html`<tr data-status="${finding.status}" data-origin="${finding.source.origin}">
<td><span class="tag ${finding.status}">${finding.status}</span></td>
<td>${finding.kind}</td>
<td class="mono">${namespacedName(finding)}</td>
<td class="mono">${breakable(finding.apiVersion)}</td>
<td class="mono">${breakable(finding.replacement ?? "-")}</td>
<td data-sort="${finding.removedIn ?? "99.99"}">${finding.removedIn ?? "-"}</td>
<td>${finding.deprecatedIn ?? "-"}</td>
<td class="mono src">${breakable(fileAndLine(finding.source))}${markers.length > 0 ? ` ${markers.join(" ")}` : ""}</td>
</tr>
`;
}

function legend(findings: readonly Finding[]): SafeHtml {
  const origins = originsIn(findings);
  if (origins.length === 0) return html``;
  return html`<div class="box info"><strong>Where the apiVersion was found</strong><ul>${origins.map(
    (origin) => html`<li><code>${origin}</code>: ${ORIGIN_LEGEND[origin as keyof typeof ORIGIN_LEGEND]}</li>`,
  )}</ul></div>`;
}

function notesSection(findings: readonly Finding[]): SafeHtml {
  const groups = groupByApi(findings);
  if (groups.length === 0) return html``;
  return html`<h2>Migration notes</h2>
${groups.map(
  (group) => html`<div class="box ${group.status === "removed" ? "fail" : "warn"}">
<h3><code>${group.apiVersion}</code> ${group.kind} → <code>${group.replacement ?? "-"}</code></h3>
<p class="muted">${lifecycleText(group)}; ${plural(group.count, "object")}; ${replacementText(group.replacement)}</p>
${group.notes.length > 0 ? html`<ul>${group.notes.map((note) => html`<li>${note}</li>`)}</ul>` : ""}
</div>`,
)}`;
}
