// The JSON contract of `cutover scan -o json|yaml`: a zod schema that tests hold the output to, and the
// JSON Schema generated from it (schema/scan-result.schema.json, written by scripts/gen-schema.ts).

import { z } from "zod";
import type { Finding, ScanResult } from "../../core/types.js";

export const SCAN_RESULT_SCHEMA_ID = "urn:cutover:schema:scan-result:v1";
export const SCAN_RESULT_SCHEMA_PATH = "schema/scan-result.schema.json";

const version = (what: string) =>
  z
    .string()
    .min(1)
    .nullable()
    .describe(`${what} ("1.22" for Kubernetes, the project's version otherwise); null: never.`);

const line = z
  .int()
  .min(1)
  .nullable()
  .describe(
    "1-based line in the file; null for objects read from a live cluster or errors not tied to a line.",
  );

export const ProvenanceSchema = z
  .strictObject({
    file: z
      .string()
      .describe(
        'The path as given on the command line, "-" for stdin, "cluster:<context>" for a live cluster.',
      ),
    line,
    origin: z
      .enum(["manifest", "last-applied", "kapp-original", "managed-fields", "helm-release", "usage"])
      .describe(
        'Where the apiVersion was read: the manifest itself, the kubectl last-applied-configuration annotation, kapp\'s kapp.k14s.io/original annotation, a managedFields entry, a Helm release record, or calls the API server saw (usage: audit log, API server metrics; `file` is the audit-log file, "prometheus:<address>" or "cloudwatch:<log group>").',
      ),
    manager: z.string().optional().describe("The managedFields manager that wrote with this apiVersion."),
    release: z.string().optional().describe('The Helm release as "namespace/name@revision".'),
    template: z
      .string()
      .optional()
      .describe(
        "The Helm template path: the `# Source:` comment of rendered output, or the template in a release.",
      ),
  })
  .describe("Where the object and its apiVersion were found.");

const seen = (what: string) =>
  z
    .string()
    .nullable()
    .describe(`RFC 3339 time of the ${what} call seen; null when the source does not say.`);

export const UsageDetailSchema = z
  .strictObject({
    via: z
      .enum(["audit-log", "prometheus", "cloudwatch"])
      .describe(
        "The source: an audit-log file, the API server's metrics in Prometheus, EKS CloudWatch Logs.",
      ),
    user: z
      .string()
      .nullable()
      .describe('The authenticated user, e.g. "system:serviceaccount:ops:agent"; null from metrics.'),
    serviceAccount: z.string().nullable().describe('"namespace/name" when the user is a service account.'),
    userAgent: z.string().nullable().describe("The client's User-Agent; null from metrics."),
    sourceIP: z.string().nullable().describe("The first source IP of the requests; null from metrics."),
    verb: z.string().nullable().describe("get, list, watch, create, …; null from metrics (all verbs)."),
    resource: z.string().describe('The resource called, with its subresource: "deployments/scale".'),
    count: z.int().min(0).describe("Calls in the group (metrics: requests in the window)."),
    firstSeen: seen("first"),
    lastSeen: seen("last"),
    removedRelease: z
      .string()
      .nullable()
      .describe("The removal release the API server announced (k8s.io/removed-release), when it did."),
  })
  .describe(
    "Calls to the API seen by the API server, grouped by user, user agent, source IP, verb and resource.",
  );

export const FindingSchema = z
  .strictObject({
    kind: z.string().describe("The object's kind, e.g. Ingress."),
    apiVersion: z
      .string()
      .describe('The apiVersion in use, e.g. "extensions/v1beta1" ("v1" for the core group).'),
    name: z
      .string()
      .nullable()
      .describe("metadata.name; null when unknown (e.g. recovered from a template)."),
    namespace: z
      .string()
      .nullable()
      .describe("metadata.namespace; null for cluster-scoped or unset namespaces."),
    status: z
      .enum(["removed", "deprecated"])
      .describe(
        "removed: the API is no longer served at the target version; deprecated: still served there, may be removed later.",
      ),
    deprecatedIn: version("The version that deprecated the API"),
    removedIn: version("The version that removes the API"),
    replacement: z.string().nullable().describe("The apiVersion to migrate to; null when there is none."),
    component: z
      .string()
      .describe('"kubernetes" for built-in APIs, else the project (cert-manager, istio, …).'),
    notes: z.array(z.string()).describe("Field changes and actions the migration needs, one sentence each."),
    source: ProvenanceSchema,
    usage: UsageDetailSchema.optional().describe(
      'Present for origin "usage": the client that called the API (upgrade it; no manifest is involved).',
    ),
  })
  .describe("One object (or, with usage, one client) using a removed or deprecated API.");

export const InputErrorSchema = z
  .strictObject({
    file: z.string().describe("The file (or source) that could not be read or parsed."),
    line,
    message: z.string().describe("The cause, e.g. the YAML parser's message."),
  })
  .describe(
    "A problem with the input; the rest of the input, including other documents of the file, was scanned.",
  );

const SkippedFileSchema = z
  .strictObject({
    file: z.string().describe("The skipped file."),
    reason: z.string().describe("Why it was not parsed as a whole, e.g. an unrendered Helm template."),
    recovered: z
      .int()
      .min(0)
      .describe("Top-level apiVersion/kind pairs recovered line by line and scanned anyway."),
  })
  .describe("A file that could not be parsed as a whole but is not an error.");

const ScanSummarySchema = z
  .strictObject({
    objects: z.int().min(0).describe("Objects scanned."),
    files: z.int().min(0).describe("Files (and cluster sources) read."),
    removed: z.int().min(0).describe("Findings with status removed."),
    deprecated: z.int().min(0).describe("Findings with status deprecated."),
  })
  .describe("Counts of the scan.");

export const ScanResultSchema = z
  .strictObject({
    targetVersion: z
      .string()
      .regex(/^1\.\d+$/)
      .describe('The Kubernetes version scanned against, "1.N".'),
    summary: ScanSummarySchema,
    findings: z
      .array(FindingSchema)
      .describe("Objects using removed or deprecated APIs, in the order found."),
    errors: z.array(InputErrorSchema).describe("Input that could not be read or parsed (exit code 2)."),
    skipped: z.array(SkippedFileSchema).describe("Files skipped as a whole, e.g. unrendered Helm templates."),
    warnings: z
      .array(z.string())
      .describe("Other problems, e.g. resources a live scan was forbidden to list."),
  })
  .meta({
    title: "Cutover scan result",
    description:
      "The output of `cutover scan -o json` (and, as YAML, `-o yaml`). Documented in docs/scan-output.md.",
  });

export type ScanResultContract = z.infer<typeof ScanResultSchema>;

// Compile-time guard: the shared core types must fit the contract.
const findingFitsContract: (finding: Finding) => z.infer<typeof FindingSchema> = (finding) => finding;
const resultFitsContract: (result: ScanResult) => ScanResultContract = (result) => result;
void findingFitsContract;
void resultFitsContract;

/** The JSON Schema (draft 2020-12) of the scan result, with $id and title first. */
export function scanResultJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(ScanResultSchema, {
    target: "draft-2020-12",
  });
  return { $schema, $id: SCAN_RESULT_SCHEMA_ID, title, description, ...rest };
}

/** The text of schema/scan-result.schema.json. */
export function scanResultJsonSchemaText(): string {
  return `${JSON.stringify(scanResultJsonSchema(), null, 2)}\n`;
}
