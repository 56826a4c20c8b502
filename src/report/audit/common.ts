// What every audit renderer receives, and the wording shared by the table and markdown reports, so both
// name findings, checks and counts the same way.

import type {
  AuditResult,
  DriftFinding,
  DriftType,
  Manager,
  ReadinessCheck,
} from "../../core/audit/types.js";
import { DRIFT_TYPES, SEVERITIES } from "../../core/audit/types.js";
import { compareText, plural } from "../../core/text.js";
import type { InputError } from "../../core/types.js";

/** An audit result with the context it was computed in: the input of every audit renderer. */
export interface AuditReport {
  result: AuditResult;
  /** The cluster's version (--from, else the oldest kubelet); null when unknown. */
  currentVersion: string | null;
  targetVersion: string | null;
  clusterName: string | null;
  /** Objects read from --desired; null without it. */
  desiredObjects: number | null;
  inputErrors: InputError[];
  warnings: string[];
}

/** What a finding type means and what to do about it in general; each finding has its own fix too. */
export const TYPE_GUIDANCE: Readonly<Record<DriftType, string>> = {
  unmanaged:
    "No GitOps tool, Helm release or managed owner: green will not have these objects. Commit them to Git or delete them.",
  "out-of-band-change":
    "Managed objects written since by someone else (kubectl edit, patch, scale…): the change lives only in this cluster. Put it into Git or revert it.",
  "differs-from-desired":
    "The live object differs from the desired state after normalisation: green, built from Git, will differ from blue.",
  "missing-from-cluster": "In the desired state but not in the cluster: a failed sync, or pruned by hand.",
  "not-in-desired":
    "Tracked by Argo CD or Flux but absent from the desired state given: left over, or rendered elsewhere.",
  "rbac-risk":
    "Broad rights (cluster-admin, wildcard verbs or resources) granted by objects nobody manages: review and commit, or remove.",
};

const MANAGER_LABELS: Readonly<Record<Manager, string>> = {
  argocd: "Argo CD",
  flux: "Flux",
  helm: "Helm",
  owner: "owned",
  none: "no manager",
};

/** Most severe first, then type, namespace, kind, name: the order of every report. */
export function sortAuditFindings(findings: readonly DriftFinding[]): DriftFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
      DRIFT_TYPES.indexOf(a.type) - DRIFT_TYPES.indexOf(b.type) ||
      compareText(a.namespace ?? "", b.namespace ?? "") ||
      compareText(a.kind, b.kind) ||
      compareText(a.name, b.name),
  );
}

/** Findings per type, in the contract's order of types, types without findings left out. */
export function groupByType(findings: readonly DriftFinding[]): [DriftType, DriftFinding[]][] {
  const sorted = sortAuditFindings(findings);
  return DRIFT_TYPES.map(
    (type) => [type, sorted.filter((f) => f.type === type)] as [DriftType, DriftFinding[]],
  ).filter(([, group]) => group.length > 0);
}

/** "shop/web", "-/cluster-admin" for cluster-scoped objects. */
export function objectName(finding: Pick<DriftFinding, "namespace" | "name">): string {
  return `${finding.namespace ?? "-"}/${finding.name}`;
}

/** "1 203 objects: 900 Argo CD, 12 Helm, 250 owned, 41 unmanaged" */
export function objectsLine(report: AuditReport): string {
  const { objects, byManager } = report.result.summary;
  const parts = (Object.keys(MANAGER_LABELS) as Manager[])
    .filter((manager) => byManager[manager] > 0)
    .map((manager) => `${byManager[manager]} ${MANAGER_LABELS[manager]}`);
  const desired =
    report.desiredObjects === null ? "" : `; ${plural(report.desiredObjects, "desired object")}`;
  return `${plural(objects, "live object")}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}${desired}`;
}

/** "3 high, 5 medium, 1 low" or "no findings" */
export function severityLine(findings: readonly DriftFinding[]): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  return counts.length === 0 ? "no findings" : `${plural(findings.length, "finding")}: ${counts.join(", ")}`;
}

/** "current 1.29 → target 1.33", "target 1.33 (current version unknown)", "" */
export function versionsLine(report: AuditReport): string {
  const { currentVersion, targetVersion } = report;
  if (currentVersion && targetVersion) return `current ${currentVersion} → target ${targetVersion}`;
  if (targetVersion) return `target ${targetVersion} (current version unknown: give --from)`;
  if (currentVersion) return `current ${currentVersion} (no --target-version)`;
  return "";
}

export function failingChecks(readiness: readonly ReadinessCheck[]): ReadinessCheck[] {
  return readiness.filter((check) => check.status !== "pass");
}
