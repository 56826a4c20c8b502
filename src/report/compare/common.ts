// Wording shared by the compare's table and markdown renderers.

import { refText } from "../../core/compare/identity.js";
import type {
  CompareItem,
  CompareReport,
  ExpectedDifference,
  SideFacts,
  Verdict,
} from "../../core/compare/types.js";
import { plural } from "../../core/text.js";

export const VERDICT_WORDS: Record<Verdict, string> = {
  "at-parity": "AT PARITY",
  "at-parity-except": "AT PARITY EXCEPT",
  "not-ready": "NOT READY",
};

/** A value as shown: Secret values (null on both sides of a secret item) never are. */
export function shownValue(entry: CompareItem | ExpectedDifference, side: "blue" | "green"): string {
  const value = entry[side];
  if (value !== null) return value;
  if ("aspect" in entry && entry.aspect === "secret") return "(hidden)";
  return "-";
}

export function objectText(entry: CompareItem | ExpectedDifference): string {
  return entry.object ? refText(entry.object) : "-";
}

export function sideLine(name: string, source: string, facts: SideFacts): string {
  const version = facts.controlPlane ? `control plane ${facts.controlPlane}, ` : "";
  const kubelets =
    facts.kubelets.length > 0 ? `kubelets ${facts.kubelets.join(", ")}` : "no kubelet versions";
  return `${name}: ${source}: ${plural(facts.objects, "object")}, ${version}${kubelets} (${plural(facts.nodes, "node")})`;
}

/** The applications with items, in the order of their first (most severe) item. */
export function byApp(items: readonly CompareItem[]): Map<string, CompareItem[]> {
  const apps = new Map<string, CompareItem[]>();
  for (const item of items) apps.set(item.app, [...(apps.get(item.app) ?? []), item]);
  return apps;
}

export function sidesOf(report: CompareReport): string[] {
  const { result, sources } = report;
  return [sideLine("blue", sources.blue, result.blue), sideLine("green", sources.green, result.green)];
}
