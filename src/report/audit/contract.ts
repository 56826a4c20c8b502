// The JSON contract of `cutover audit -o json|yaml`: a zod schema that tests hold the output to, and the
// JSON Schema generated from it (schema/audit-result.schema.json, written by scripts/gen-audit-schema.ts).

import { z } from "zod";
import {
  DRIFT_TYPES,
  type DriftType,
  READINESS_CHECKS,
  SEVERITIES,
  type Severity,
} from "../../core/audit/types.js";
import { InputErrorSchema, ProvenanceSchema } from "../scan/contract.js";

export const AUDIT_RESULT_SCHEMA_ID = "urn:cutover:schema:audit-result:v1";
export const AUDIT_RESULT_SCHEMA_PATH = "schema/audit-result.schema.json";
export const AUDIT_API_VERSION = "cutover.dev/v1alpha1";

const MANAGERS = ["argocd", "flux", "helm", "owner", "none"] as const;

const countsOf = <T extends string>(keys: readonly T[], what: string) =>
  z
    .strictObject(Object.fromEntries(keys.map((key) => [key, z.int().min(0)])) as Record<T, z.ZodInt>)
    .describe(what);

const version = (what: string) =>
  z
    .string()
    .regex(/^1\.\d+$/)
    .nullable()
    .describe(`${what}, "1.N"; null when not known.`);

const AuditFindingSchema = z
  .strictObject({
    type: z
      .enum(DRIFT_TYPES)
      .describe(
        "unmanaged: no GitOps tool, Helm release or managed owner; out-of-band-change: a managed object written since by someone else; differs-from-desired, missing-from-cluster, not-in-desired: against --desired; rbac-risk: broad rights that are not managed.",
      ),
    severity: z.enum(SEVERITIES).describe("info < low < medium < high; --fail-on compares against it."),
    kind: z.string().describe("The object's kind."),
    apiVersion: z.string().describe("The object's apiVersion as read."),
    namespace: z.string().nullable().describe("metadata.namespace; null for cluster-scoped objects."),
    name: z.string().describe("metadata.name."),
    evidence: z.string().describe("What was seen, in words a reviewer can check; never a Secret value."),
    fix: z.string().describe("What to do about it."),
    source: ProvenanceSchema.optional().describe(
      "Where the live object was read (missing-from-cluster: the desired file).",
    ),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Structured detail per type: out-of-band-change { manager, operation, time, fields, … }; differs-from-desired { paths, changes (Secret values redacted), desiredSource }; not-in-desired { manager, tracking }.",
      ),
  })
  .describe("One drift finding about one object.");

const ReadinessCheckSchema = z
  .strictObject({
    check: z.enum(READINESS_CHECKS).describe("Which precondition of a rebuild this check is."),
    status: z.enum(["pass", "warn", "fail"]).describe("pass, warn or fail."),
    evidence: z.array(z.string()).describe("One line per fact, with counts."),
    actions: z.array(z.string()).describe("What to do before building green; empty when the check passes."),
    facts: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Structured facts for programs: counts, components, hostnames…"),
  })
  .describe("One readiness check: can green be built from code on this point?");

const RecommendationSchema = z
  .strictObject({
    strategy: z
      .enum(["in-place", "blue-green", "none"])
      .describe(
        'The recommended upgrade strategy; "none" when no live object was read (nothing to judge from).',
      ),
    confidence: z.enum(["low", "medium", "high"]).describe("How clear-cut the rules made it."),
    reasons: z.array(z.string()).describe("The rules that fired, in the order they decided."),
    blockers: z.array(z.string()).describe("What must be fixed before the strategy is safe."),
  })
  .describe("In-place or blue-green, and why.");

const AuditSummarySchema = z
  .strictObject({
    objects: z
      .int()
      .min(0)
      .describe("Live objects audited (objects decoded from Helm release records excluded)."),
    desiredObjects: z
      .int()
      .min(0)
      .nullable()
      .describe("Objects read from --desired; null when no desired state was given."),
    currentVersion: version("The cluster's version: --from, else the oldest kubelet of the Node objects"),
    targetVersion: version("--target-version"),
    clusterName: z.string().nullable().describe("--cluster-name; null when not given."),
    byManager: countsOf(
      MANAGERS,
      "Live objects per manager (argocd, flux, helm, owner = owned by a managed object, none).",
    ),
    findingsByType: countsOf(DRIFT_TYPES, "Findings per type."),
    findingsBySeverity: countsOf(SEVERITIES, "Findings per severity."),
  })
  .describe("Counts and the versions audited against.");

export const AuditResultSchema = z
  .strictObject({
    apiVersion: z.literal(AUDIT_API_VERSION).describe("The version of this contract."),
    kind: z.literal("AuditResult").describe("Always AuditResult."),
    summary: AuditSummarySchema,
    recommendation: RecommendationSchema,
    readiness: z.array(ReadinessCheckSchema).describe("The readiness checks, in a fixed order."),
    findings: z.array(AuditFindingSchema).describe("Drift findings, most severe first."),
    inputErrors: z
      .array(InputErrorSchema)
      .describe("Input that could not be read or parsed (exit code 2); the rest was audited."),
    warnings: z
      .array(z.string())
      .describe("Other problems: resources a live read was forbidden to list, skipped templates…"),
  })
  .meta({
    title: "Cutover audit result",
    description:
      "The output of `cutover audit -o json` (and, as YAML, `-o yaml`). Documented in docs/audit.md.",
  });

export type AuditResultContract = z.infer<typeof AuditResultSchema>;
export type SeverityCounts = Record<Severity, number>;
export type TypeCounts = Record<DriftType, number>;

/** The JSON Schema (draft 2020-12) of the audit result, with $id and title first. */
export function auditResultJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(AuditResultSchema, {
    target: "draft-2020-12",
  });
  return { $schema, $id: AUDIT_RESULT_SCHEMA_ID, title, description, ...rest };
}

/** The text of schema/audit-result.schema.json. */
export function auditResultJsonSchemaText(): string {
  return `${JSON.stringify(auditResultJsonSchema(), null, 2)}\n`;
}
