// The audit: drift without a desired state (unmanaged, out-of-band, RBAC risk), the desired-state diff,
// the readiness checks and the in-place vs blue-green recommendation, composed over one set of objects.
// Pure: objects and rules in, an AuditResult out.

import type { Finding, InputError, KubeObject, SourcedObject } from "../types.js";
import { createDesiredDiff } from "./desired-diff.js";
import { compareFindings, findDrift } from "./drift.js";
import { assessReadiness } from "./readiness.js";
import type { RemovedApiUse } from "./readiness-blockers.js";
import type { PlatformCatalog } from "./readiness-catalog.js";
import { recommend } from "./recommend.js";
import { isSystemObject, type SystemObjectRules } from "./system-objects.js";
import {
  type AuditFailOn,
  type AuditResult,
  type AuditSummary,
  DRIFT_TYPES,
  type DriftFinding,
  type DriftType,
  type Manager,
  SEVERITIES,
  type Severity,
} from "./types.js";

/** What the audit needs besides the objects, known once every input has been read. */
export interface AuditContext {
  /** The platform-component catalogue (knowledge/platform-components); empty when not given. */
  components?: PlatformCatalog;
  /** Objects using APIs removed at the target version (scan's findings, see removedApiUses). */
  removedApis: readonly RemovedApiUse[];
  currentVersion: string | null;
  targetVersion: string | null;
  clusterName?: string;
}

/**
 * An audit whose live objects are read: the desired state is then fed one object at a time (a large
 * desired state is never all held), and `finish` composes the result.
 */
export interface AuditSession {
  addDesired(item: SourcedObject): void;
  /** Desired objects added (in the namespaces audited). */
  readonly desiredObjects: number;
  /** Desired objects that could not be compared, as input errors (file:line). */
  readonly inputErrors: readonly InputError[];
  finish(context: AuditContext): AuditResult;
}

const EMPTY_CATALOG: PlatformCatalog = { categories: [], components: [], stateful: [] };

/** Drift that needs no desired state is found here, from the live objects alone. */
export function startAudit(input: {
  /** Everything read from the cluster (snapshot, live context or files), Helm release records included. */
  live: readonly SourcedObject[];
  rules: SystemObjectRules;
  /** Only these namespaces (`-n`): the desired-state diff leaves the others out. */
  namespaces?: readonly string[];
  /** Whether a desired state is given: without one, nothing is missing from it or not in it. */
  withDesired: boolean;
}): AuditSession {
  const drift = findDrift(input.live, input.rules);
  const managerOf = (object: KubeObject): Manager => drift.managers.get(object) ?? "none";
  const desired = input.withDesired
    ? createDesiredDiff(input.live, {
        namespaces: input.namespaces,
        managerOf,
        isSystemObject: (object) => isSystemObject(object, input.rules) !== null,
      })
    : undefined;
  return {
    addDesired: (item) => desired?.add(item),
    get desiredObjects() {
      return desired?.count ?? 0;
    },
    get inputErrors() {
      return desired?.problems ?? [];
    },
    finish(context) {
      const findings = [...drift.findings, ...(desired?.findings() ?? [])].sort(compareFindings);
      // Objects decoded from Helm release records say what a release contains; the checks count what runs.
      const running = input.live.filter((item) => item.source.origin !== "helm-release");
      const readiness = assessReadiness(
        running,
        {
          managerOf,
          drift: findings,
          removedApis: [...context.removedApis],
          targetVersion: context.targetVersion,
          clusterName: context.clusterName,
        },
        context.components ?? EMPTY_CATALOG,
      );
      const recommendation = recommend({
        currentVersion: context.currentVersion,
        targetVersion: context.targetVersion,
        drift: findings,
        readiness,
        removedApis: context.removedApis.length,
        objects: running.length,
      });
      return { findings, readiness, recommendation, summary: summarize(drift.managers, findings) };
    },
  };
}

function summarize(
  managers: ReadonlyMap<KubeObject, Manager>,
  findings: readonly DriftFinding[],
): AuditSummary {
  const byManager: Record<Manager, number> = { argocd: 0, flux: 0, helm: 0, owner: 0, none: 0 };
  for (const manager of managers.values()) byManager[manager] += 1;
  const findingsByType = Object.fromEntries(DRIFT_TYPES.map((type) => [type, 0])) as Record<
    DriftType,
    number
  >;
  for (const finding of findings) findingsByType[finding.type] += 1;
  return { objects: managers.size, byManager, findingsByType };
}

/** Each object using a removed API once per apiVersion, from scan findings (deprecations left out). */
export function removedApiUses(findings: readonly Finding[]): RemovedApiUse[] {
  const seen = new Map<string, RemovedApiUse>();
  for (const finding of findings) {
    if (finding.status !== "removed") continue;
    const use = {
      kind: finding.kind,
      apiVersion: finding.apiVersion,
      namespace: finding.namespace,
      name: finding.name ?? "(unnamed)",
    };
    const key = `${use.apiVersion}|${use.kind}|${use.namespace ?? ""}|${use.name}`;
    if (!seen.has(key)) seen.set(key, use);
  }
  return [...seen.values()];
}

/** 2 when input could not be read, 1 when a finding meets any `failOn` condition, else 0. */
export function auditExitCode(
  findings: readonly DriftFinding[],
  failOn: readonly AuditFailOn[],
  inputErrors: number,
): 0 | 1 | 2 {
  if (inputErrors > 0) return 2;
  const fails = (finding: DriftFinding) =>
    failOn.some((condition) => {
      if (condition === "none") return false;
      if ((SEVERITIES as readonly string[]).includes(condition)) {
        return SEVERITIES.indexOf(finding.severity) >= SEVERITIES.indexOf(condition as Severity);
      }
      return finding.type === condition;
    });
  return findings.some(fails) ? 1 : 0;
}
