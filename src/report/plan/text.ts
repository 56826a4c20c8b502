// Phrases shared by the plan renderers, so the table and the playbook say the same thing.

import type { NodeKind, NodeRollout, SkewWindow, SupportWindow, UpgradePlan } from "../../core/plan/types.js";
import type { UsageDetail } from "../../core/types.js";
import { callsText } from "../../core/usage/advice.js";
import { clientLabel } from "../scan/common.js";

export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  "managed-node-group": "managed node groups",
  "self-managed": "self-managed node groups",
  fargate: "Fargate",
  karpenter: "Karpenter",
};

/** "past end: extended support ended 2025-11-26 (365 days ago)", and so on for each status. */
export function describeSupport(support: SupportWindow): string {
  const { endOfStandardSupport: standardEnd, endOfExtendedSupport: extendedEnd, daysLeft } = support;
  switch (support.status) {
    case "standard":
      return `standard support until ${standardEnd} (${daysPhrase(daysLeft)})${extendedEnd ? `, then extended support until ${extendedEnd}` : ""}`;
    case "extended":
      return `extended support until ${extendedEnd} (${daysPhrase(daysLeft)}); standard support ended ${standardEnd}`;
    case "past-end":
      return `past end: extended support ended ${extendedEnd} (${-(daysLeft ?? 0)} days ago); EKS may auto-upgrade the control plane`;
    case "unknown":
      return "support dates unknown: not on the EKS calendar in the data";
  }
}

/** Short form for table cells: "standard 6d", "extended 0d", "past end", "unknown". */
export function supportCell(support: SupportWindow): string {
  if (support.status === "past-end") return "past end";
  if (support.status === "unknown" || support.daysLeft === null) return "unknown";
  return `${support.status} ${support.daysLeft}d`;
}

function daysPhrase(days: number | null): string {
  if (days === 0) return "ends today";
  return days === 1 ? "1 day left" : `${days} days left`;
}

/** "1.28 → 1.31 (skew)" or "1.31 → 1.33 (finish)". */
export function rolloutLabel(rollout: NodeRollout): string {
  return `${rollout.from} → ${rollout.to} (${rollout.trigger})`;
}

/** Every node rollout of the plan, the one before the first hop included. */
export function rolloutCount(plan: UpgradePlan): number {
  return (plan.initialNodeUpgrade ? 1 : 0) + plan.hops.filter((hop) => hop.nodeUpgrade !== null).length;
}

export function removedCount(plan: UpgradePlan): number {
  return plan.hops.reduce((sum, hop) => sum + hop.findings.length, 0);
}

/**
 * The skew rule as applied: "kubelet: never newer than the control plane; up to 3 minors older
 * (n-3) when it is 1.25 or newer, 2 minors (n-2) when it is older than 1.25".
 */
export function describeSkew(window: SkewWindow): string {
  const wide = `up to ${window.maxOlder} minors older (n-${window.maxOlder})`;
  if (window.narrowerBelow === null || window.narrowerMaxOlder === null) {
    return `${window.component}: never newer than the control plane; ${wide}`;
  }
  return (
    `${window.component}: never newer than the control plane; ${wide} when it is ${window.narrowerBelow} ` +
    `or newer, ${window.narrowerMaxOlder} minors (n-${window.narrowerMaxOlder}) when it is older than ${window.narrowerBelow}`
  );
}

export function strategyLabel(plan: UpgradePlan): string {
  return plan.strategyHint.strategy === "blue-green" ? "blue-green worth considering" : "in-place";
}

/**
 * "Ingress default/web", or "ClusterRole admin" for cluster-scoped objects; for calls seen by the API server,
 * the client and its calls: "PodSecurityPolicy called by user agent "…", service account ops/agent, list …".
 */
export function objectLabel(finding: {
  kind: string;
  name: string | null;
  namespace: string | null;
  usage?: UsageDetail;
}): string {
  if (finding.usage) {
    return `${finding.kind} called by ${clientLabel(finding.usage)} (${callsText(finding.usage)})`;
  }
  const name = finding.name ?? "(unnamed)";
  return `${finding.kind} ${finding.namespace ? `${finding.namespace}/${name}` : name}`;
}

type SourceFields = { file: string; line: number | null; origin: string; manager?: string; release?: string };

/** "deploy/app.yaml:12", or the file alone for objects read from a live cluster. */
export function sourceLocation(source: SourceFields): string {
  return source.line === null ? source.file : `${source.file}:${source.line}`;
}

/** " (last-applied)", " (managed-fields: kubectl)", or "" when the version was read from the manifest. */
export function sourceOrigin(source: SourceFields): string {
  if (source.origin === "manifest") return "";
  const detail = source.manager ?? source.release;
  return ` (${source.origin}${detail ? `: ${detail}` : ""})`;
}

/** "Managed node groups" at the start of a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
