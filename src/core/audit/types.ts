// The audit's data contract: findings about drift, readiness checks and the in-place vs blue-green
// recommendation. Pure types shared by the rules (core/audit), the command (cli) and the renderers (report).

import type { Provenance } from "../types.js";

export const DRIFT_TYPES = [
  "unmanaged",
  "out-of-band-change",
  "differs-from-desired",
  "missing-from-cluster",
  "not-in-desired",
  "rbac-risk",
] as const;
export type DriftType = (typeof DRIFT_TYPES)[number];

/** Ordered from least to most severe; `--fail-on` compares against this order. */
export const SEVERITIES = ["info", "low", "medium", "high"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `--fail-on`: a severity (that or worse), a finding type, or none. */
export type AuditFailOn = Severity | DriftType | "none";
export const AUDIT_FAIL_ON: readonly AuditFailOn[] = [...SEVERITIES, ...DRIFT_TYPES, "none"];
/** High: unmanaged RBAC, webhooks and CRDs, and hand-made changes to them, fail a CI run by default. */
export const DEFAULT_FAIL_ON: AuditFailOn = "high";

/** Which GitOps or release tool owns an object, as read from its metadata. */
export type Manager = "argocd" | "flux" | "helm" | "owner" | "none";

export interface DriftFinding {
  type: DriftType;
  severity: Severity;
  kind: string;
  apiVersion: string;
  /** null for cluster-scoped objects. */
  namespace: string | null;
  name: string;
  /** What was seen, in words a reviewer can check (never a Secret value). */
  evidence: string;
  /** What to do about it. */
  fix: string;
  /** Where the live object was read (missing-from-cluster: the desired file). */
  source?: Provenance;
  /** Structured detail per type, e.g. { manager, time, fields } for out-of-band-change. */
  details?: Record<string, unknown>;
}

export type CheckStatus = "pass" | "warn" | "fail";

export const READINESS_CHECKS = [
  "gitops-coverage",
  "external-secrets",
  "ingress-dns",
  "observability",
  "state",
  "cluster-specific-values",
  "platform-components",
  "upgrade-blockers",
] as const;
export type ReadinessCheckId = (typeof READINESS_CHECKS)[number];

export interface ReadinessCheck {
  check: ReadinessCheckId;
  status: CheckStatus;
  /** One line per fact, with counts ("41 of 52 workload objects managed by Argo CD"). */
  evidence: string[];
  /** What to do before building green; empty when status is pass. */
  actions: string[];
  /** Structured facts for JSON consumers (counts, lists of components, hostnames…). */
  facts?: Record<string, unknown>;
}

/** "none" when nothing was read to judge from: no recommendation is made from no data. */
export type Strategy = "in-place" | "blue-green" | "none";

export interface Recommendation {
  strategy: Strategy;
  confidence: "low" | "medium" | "high";
  /** The rules that fired, in the order they decided. */
  reasons: string[];
  /** What must be fixed before the recommended strategy is safe. */
  blockers: string[];
}

export interface AuditSummary {
  objects: number;
  byManager: Record<Manager, number>;
  findingsByType: Record<DriftType, number>;
}

export interface AuditResult {
  findings: DriftFinding[];
  readiness: ReadinessCheck[];
  recommendation: Recommendation;
  summary: AuditSummary;
}
