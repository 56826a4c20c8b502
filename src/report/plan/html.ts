// `-o html` for `cutover plan`: one self-contained page: the strategy hint and support on top, then the
// plan as a timeline, one entry per control-plane hop (node rollout, add-on versions, removed APIs that
// break at that hop, notes, support), then deprecations, the skew rule and input errors. Every value goes
// through `html` (escaped, secrets redacted).

import type { PlanHop, SupportWindow, UpgradePlan } from "../../core/plan/types.js";
import { plural } from "../../core/text.js";
import { html, listSection, page, type SafeHtml } from "../html-page.js";
import { inputErrorLine } from "../scan/common.js";
import {
  describeSkew,
  describeSupport,
  NODE_KIND_LABELS,
  objectLabel,
  removedCount,
  rolloutCount,
  rolloutLabel,
  sourceLocation,
  sourceOrigin,
  strategyLabel,
  supportCell,
} from "./text.js";

export function renderPlanHtml(plan: UpgradePlan): string {
  const subtitle =
    `${plural(plan.hops.length, "control-plane hop")}, ${plural(rolloutCount(plan), "node rollout")} ` +
    `(nodes start at ${plan.nodesFrom}); as of ${plan.today}`;
  const body = html`
<section class="cards">
  ${card(plan.hops.length, "control-plane hops")}
  ${card(rolloutCount(plan), "node rollouts")}
  ${card(plan.sourcesChecked ? removedCount(plan) : "-", plan.sourcesChecked ? "removed APIs in use" : "removed APIs: not checked")}
  ${card(plan.deprecatedSoon.length, `deprecated at ${plan.to}`)}
</section>
${incomplete(plan)}
<div class="box ${plan.strategyHint.strategy === "blue-green" ? "warn" : "info"}">
<strong>Strategy hint: ${strategyLabel(plan)}</strong>
<ul>${plan.strategyHint.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>
</div>
<div class="box info"><strong>EKS support</strong><ul>
<li>${plan.from}: ${supportTag(plan.support)} ${describeSupport(plan.support)}</li>
<li>${plan.to}: ${supportTag(plan.hops.at(-1)?.support ?? plan.support)} ${describeSupport(plan.hops.at(-1)?.support ?? plan.support)}</li>
</ul>${nodeKinds(plan)}</div>
<h2>Timeline</h2>
<ol class="timeline">
${initialRollout(plan)}
${hopItems(plan)}
</ol>
${listSection(
  `Deprecated at ${plan.to} but still served`,
  plan.deprecatedSoon.map(
    (f) =>
      `${objectLabel(f)} uses ${f.apiVersion}${f.replacement ? `: move to ${f.replacement}` : ""} (${sourceLocation(f.source)}${sourceOrigin(f.source)})`,
  ),
)}
${listSection(
  "Skew policy",
  plan.skewPolicy.map((window) => describeSkew(window)),
  "info",
)}`;
  return page(`Cutover upgrade plan: ${plan.from} → ${plan.to}`, subtitle, body);
}

function card(count: number | string, label: string): SafeHtml {
  return html`<div class="card"><div class="n">${count}</div><div class="l">${label}</div></div>`;
}

function supportTag(support: SupportWindow): SafeHtml {
  return html`<span class="tag ${support.status}">${supportCell(support)}</span>`;
}

function nodeKinds(plan: UpgradePlan): SafeHtml {
  if (plan.nodeKinds.length === 0) return html``;
  const how = plan.nodeKindsDetected ? "detected" : "assumed";
  return html`<p class="muted">Nodes (${how}): ${plan.nodeKinds.map((kind) => NODE_KIND_LABELS[kind]).join(", ")}</p>`;
}

/** Unreadable input makes the removed-API count a lower bound: say so first. */
function incomplete(plan: UpgradePlan): SafeHtml {
  if (plan.inputErrors.length === 0) return html``;
  return html`<div class="box fail"><strong>Input errors (${plan.inputErrors.length}): the removed-API check is incomplete</strong>
<ul>${plan.inputErrors.map((error) => html`<li class="mono">${inputErrorLine(error)}</li>`)}</ul></div>`;
}

function initialRollout(plan: UpgradePlan): SafeHtml {
  const rollout = plan.initialNodeUpgrade;
  if (!rollout) return html``;
  return html`<li class="rollout"><div class="box warn">
<div class="hop-head"><span class="v">Before hop 1: nodes ${rolloutLabel(rollout)}</span></div>
<p>${rollout.reason}</p></div></li>`;
}

function hopItems(plan: UpgradePlan): SafeHtml[] {
  let previous = plan.from;
  return plan.hops.map((hop, index) => {
    const item = hopItem(hop, index + 1, previous);
    previous = hop.controlPlane;
    return item;
  });
}

function hopItem(hop: PlanHop, number: number, from: string): SafeHtml {
  const tone = hop.findings.length > 0 ? "fail" : hop.nodeUpgrade ? "warn" : "info";
  return html`<li class="${hop.nodeUpgrade ? "rollout" : ""}"><div class="box ${tone}">
<div class="hop-head"><span class="v">Hop ${number}: control plane ${from} → ${hop.controlPlane}</span>
<span>nodes at ${hop.nodes}</span> ${supportTag(hop.support)}</div>
<div class="grid">
<div><h3>Node rollout</h3>${
    hop.nodeUpgrade
      ? html`<p><strong>${rolloutLabel(hop.nodeUpgrade)}</strong>: ${hop.nodeUpgrade.reason}</p>`
      : html`<p class="muted">none: nodes stay within the skew policy</p>`
  }</div>
<div><h3>Add-ons</h3>${
    hop.addons.length > 0
      ? html`<ul>${hop.addons.map((addon) => html`<li><code>${addon.name}</code> ${addon.version ?? "version not in the data"}</li>`)}</ul>`
      : html`<p class="muted">no add-on data for ${hop.controlPlane}</p>`
  }</div>
<div><h3>Removed APIs that break here (${hop.findings.length})</h3>${
    hop.findings.length > 0
      ? html`<ul>${hop.findings.map(
          (f) =>
            html`<li>${objectLabel(f)} uses <code>${f.apiVersion}</code> → <code>${f.replacement ?? "no replacement"}</code> <span class="muted mono">${sourceLocation(f.source)}${sourceOrigin(f.source)}</span></li>`,
        )}</ul>`
      : html`<p class="muted">none</p>`
  }</div>
</div>
<h3>Notes</h3>${
    hop.notes.length > 0
      ? html`<ul>${hop.notes.map((note) => html`<li>${note}</li>`)}</ul>`
      : html`<p class="muted">none</p>`
  }
</div></li>`;
}
