// `cutover plan -o table`: one row per hop, then support, skew rule and the strategy hint.

import pc from "picocolors";
import type { SupportWindow, UpgradePlan } from "../../core/plan/types.js";
import { plural } from "../../core/text.js";
import { inputErrorLine } from "../scan/common.js";
import { renderTable } from "../text-table.js";
import {
  describeSkew,
  describeSupport,
  removedCount,
  rolloutCount,
  rolloutLabel,
  strategyLabel,
  supportCell,
} from "./text.js";

const HEAD = ["HOP", "CONTROL PLANE", "NODES", "NODE ROLLOUT", "REMOVED APIS", "NOTES", "SUPPORT"];

export function renderPlanTable(plan: UpgradePlan, color: boolean): string {
  const paint = pc.createColors(color);
  const lines = [
    paint.bold(
      `Upgrade plan ${plan.from} → ${plan.to}: ${plural(plan.hops.length, "control-plane hop")}, ` +
        `${plural(rolloutCount(plan), "node rollout")} (nodes start at ${plan.nodesFrom})${incompleteMark(plan)}`,
    ),
    "",
    renderTable(HEAD, hopRows(plan)),
    "",
    `Support (EKS, as of ${plan.today}):`,
    `  ${plan.from}  ${paintSupport(paint, plan.support)}`,
    `  ${plan.to}  ${paintSupport(paint, plan.hops.at(-1)?.support ?? plan.support)}`,
    "",
    "Skew policy:",
    ...plan.skewPolicy.map((window) => `  ${describeSkew(window)}`),
    "",
    ...findingsSummary(plan),
    `Strategy hint: ${paint.bold(strategyLabel(plan))}`,
    ...plan.strategyHint.reasons.map((reason) => `  - ${reason}`),
  ];
  return `${lines.join("\n")}\n`;
}

function hopRows(plan: UpgradePlan): string[][] {
  const rows: string[][] = [];
  const initial = plan.initialNodeUpgrade;
  if (initial) {
    rows.push([
      "0",
      `${plan.from} (before)`,
      initial.to,
      rolloutLabel(initial),
      "-",
      "-",
      supportCell(plan.support),
    ]);
  }
  let previous = plan.from;
  plan.hops.forEach((hop, index) => {
    rows.push([
      String(index + 1),
      `${previous} → ${hop.controlPlane}`,
      hop.nodes,
      hop.nodeUpgrade ? rolloutLabel(hop.nodeUpgrade) : "-",
      String(hop.findings.length),
      String(hop.notes.length),
      supportCell(hop.support),
    ]);
    previous = hop.controlPlane;
  });
  return rows;
}

function paintSupport(paint: ReturnType<typeof pc.createColors>, support: SupportWindow): string {
  const text = describeSupport(support);
  if (support.status === "past-end") return paint.red(text);
  if (support.status === "extended") return paint.yellow(text);
  return text;
}

/** " — INCOMPLETE: 1 input error" after the title when a source could not be read. */
export function incompleteMark(plan: UpgradePlan): string {
  return plan.inputErrors.length > 0
    ? ` — INCOMPLETE: ${plural(plan.inputErrors.length, "input error")}`
    : "";
}

/** Unreadable input makes the removed-API count a lower bound: say so above it. */
function inputErrorLines(plan: UpgradePlan): string[] {
  if (plan.inputErrors.length === 0) return [];
  return [
    `Input errors (${plan.inputErrors.length}): the removed-API check is incomplete`,
    ...plan.inputErrors.map((error) => `  ${inputErrorLine(error)}`),
  ];
}

function findingsSummary(plan: UpgradePlan): string[] {
  if (!plan.sourcesChecked)
    return ["Removed APIs: not checked (no sources given; pass files, --snapshot or --context)", ""];
  const soon = plan.deprecatedSoon.length;
  return [
    ...inputErrorLines(plan),
    plan.inputErrors.length > 0
      ? `Removed APIs in use: at least ${removedCount(plan)} (incomplete: only what could be read was checked)`
      : `Removed APIs in use: ${removedCount(plan)} (see -o markdown for each object and the hop where it breaks)`,
    `Deprecated at ${plan.to} but still served: ${soon}`,
    "",
  ];
}
