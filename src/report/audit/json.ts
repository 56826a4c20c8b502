// `-o json` and `-o yaml`: the documented contract (schema/audit-result.schema.json) with a stable key
// order, built field by field so nothing outside the contract leaks into the output.

import type { DriftFinding, ReadinessCheck } from "../../core/audit/types.js";
import { DRIFT_TYPES, SEVERITIES } from "../../core/audit/types.js";
import { contractError, contractSource } from "../scan/json.js";
import { toYaml } from "../yaml-output.js";
import { type AuditReport, sortAuditFindings } from "./common.js";
import { AUDIT_API_VERSION, type AuditResultContract } from "./contract.js";

type ContractFinding = AuditResultContract["findings"][number];
type ContractCheck = AuditResultContract["readiness"][number];

/** The contract object: apiVersion, kind, summary, recommendation, readiness, findings, inputErrors, warnings. */
export function toAuditContract(report: AuditReport): AuditResultContract {
  const { result } = report;
  const { strategy, confidence, reasons, blockers } = result.recommendation;
  return {
    apiVersion: AUDIT_API_VERSION,
    kind: "AuditResult",
    summary: contractSummary(report),
    recommendation: { strategy, confidence, reasons: [...reasons], blockers: [...blockers] },
    readiness: result.readiness.map(contractCheck),
    findings: sortAuditFindings(result.findings).map(contractFinding),
    inputErrors: report.inputErrors.map(contractError),
    warnings: [...report.warnings],
  };
}

export function renderAuditJson(report: AuditReport): string {
  return `${JSON.stringify(toAuditContract(report), null, 2)}\n`;
}

/** The same object as YAML that YAML 1.1 readers read back unchanged. */
export function renderAuditYaml(report: AuditReport): string {
  return toYaml(toAuditContract(report));
}

function contractSummary(report: AuditReport): AuditResultContract["summary"] {
  const { summary, findings } = report.result;
  const { argocd, flux, helm, owner, none } = summary.byManager;
  const findingsByType = Object.fromEntries(
    DRIFT_TYPES.map((type) => [type, summary.findingsByType[type] ?? 0]),
  ) as AuditResultContract["summary"]["findingsByType"];
  const findingsBySeverity = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, findings.filter((f) => f.severity === severity).length]),
  ) as AuditResultContract["summary"]["findingsBySeverity"];
  return {
    objects: summary.objects,
    desiredObjects: report.desiredObjects,
    currentVersion: report.currentVersion,
    targetVersion: report.targetVersion,
    clusterName: report.clusterName,
    byManager: { argocd, flux, helm, owner, none },
    findingsByType,
    findingsBySeverity,
  };
}

function contractCheck(check: ReadinessCheck): ContractCheck {
  const out: ContractCheck = {
    check: check.check,
    status: check.status,
    evidence: [...check.evidence],
    actions: [...check.actions],
  };
  if (check.facts !== undefined) out.facts = check.facts;
  return out;
}

/** Optional fields are omitted, not null, when unknown. */
function contractFinding(finding: DriftFinding): ContractFinding {
  const out: ContractFinding = {
    type: finding.type,
    severity: finding.severity,
    kind: finding.kind,
    apiVersion: finding.apiVersion,
    namespace: finding.namespace,
    name: finding.name,
    evidence: finding.evidence,
    fix: finding.fix,
  };
  if (finding.source !== undefined) out.source = contractSource(finding.source);
  if (finding.details !== undefined) out.details = finding.details;
  return out;
}
