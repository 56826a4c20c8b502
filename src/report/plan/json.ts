// `cutover plan -o json` and `-o yaml`: the UpgradePlan object (schema/plan-result.schema.json), built
// field by field in a stable key order so nothing outside the contract leaks into the output.

import type { NodeRollout, PlanHop, SupportWindow, UpgradePlan } from "../../core/plan/types.js";
import { contractFinding } from "../scan/json.js";
import { toYaml } from "../yaml-output.js";
import type { UpgradePlanContract } from "./contract.js";

export function toPlanContract(plan: UpgradePlan): UpgradePlanContract {
  return {
    from: plan.from,
    to: plan.to,
    nodesFrom: plan.nodesFrom,
    today: plan.today,
    nodeKinds: [...plan.nodeKinds],
    nodeKindsDetected: plan.nodeKindsDetected,
    initialNodeUpgrade: rollout(plan.initialNodeUpgrade),
    hops: plan.hops.map(hop),
    sourcesChecked: plan.sourcesChecked,
    complete: plan.inputErrors.length === 0,
    inputErrors: plan.inputErrors.map((error) => ({
      file: error.file,
      line: error.line,
      message: error.message,
    })),
    support: support(plan.support),
    deprecatedSoon: plan.deprecatedSoon.map(contractFinding),
    strategyHint: { strategy: plan.strategyHint.strategy, reasons: [...plan.strategyHint.reasons] },
    skewPolicy: plan.skewPolicy.map((window) => ({ ...window })),
    addonRules: plan.addonRules.map((addon) => ({ name: addon.name, rules: [...addon.rules] })),
  };
}

export function renderPlanJson(plan: UpgradePlan): string {
  return `${JSON.stringify(toPlanContract(plan), null, 2)}\n`;
}

/** Same object as JSON; no line folding, so long reasons stay on one line. */
export function renderPlanYaml(plan: UpgradePlan): string {
  return toYaml(toPlanContract(plan));
}

function hop(planHop: PlanHop): UpgradePlanContract["hops"][number] {
  return {
    controlPlane: planHop.controlPlane,
    nodes: planHop.nodes,
    nodeUpgrade: rollout(planHop.nodeUpgrade),
    addons: planHop.addons.map((addon) => ({ name: addon.name, version: addon.version })),
    findings: planHop.findings.map(contractFinding),
    notes: [...planHop.notes],
    support: support(planHop.support),
  };
}

function rollout(value: NodeRollout | null): NodeRollout | null {
  return value && { from: value.from, to: value.to, trigger: value.trigger, reason: value.reason };
}

function support(window: SupportWindow): SupportWindow {
  return {
    version: window.version,
    status: window.status,
    endOfStandardSupport: window.endOfStandardSupport,
    endOfExtendedSupport: window.endOfExtendedSupport,
    daysLeft: window.daysLeft,
    daysToEndOfStandardSupport: window.daysToEndOfStandardSupport,
    daysToEndOfExtendedSupport: window.daysToEndOfExtendedSupport,
  };
}
