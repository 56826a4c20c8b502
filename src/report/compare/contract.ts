// The JSON contract of `cutover compare -o json|yaml`: a zod schema that tests hold the output to, and the
// JSON Schema generated from it (schema/compare-result.schema.json, written by scripts/gen-compare-schema.ts).
import { z } from "zod";
import { ASPECTS, COMPARE_ITEM_TYPES, COMPARE_LEVELS, EXPECTED_REASONS } from "../../core/compare/types.js";

export const COMPARE_RESULT_SCHEMA_ID = "urn:cutover:schema:compare-result:v1";
export const COMPARE_RESULT_SCHEMA_PATH = "schema/compare-result.schema.json";
export const COMPARE_API_VERSION = "cutover.dev/v1alpha1";

const countsOf = <T extends string>(keys: readonly T[], what: string) =>
  z
    .strictObject(Object.fromEntries(keys.map((key) => [key, z.int().min(0)])) as Record<T, z.ZodInt>)
    .describe(what);

const ObjectRefSchema = z
  .strictObject({
    group: z.string().describe('API group; "" for the core group. Moved kinds under their new group.'),
    kind: z.string().describe("The object's kind."),
    namespace: z.string().nullable().describe("null for cluster-scoped objects."),
    name: z.string().describe("metadata.name."),
  })
  .describe("An object, the same on both sides whatever its API version.");

const value = (side: string) =>
  z
    .string()
    .nullable()
    .describe(`What ${side} has; null when absent, and always for Secret values (never shown).`);

export const CompareItemSchema = z
  .strictObject({
    type: z
      .enum(COMPARE_ITEM_TYPES)
      .describe(
        "missing-on-green, extra-on-green, differs (a compared field), not-ready (green's readiness), platform (add-ons).",
      ),
    level: z
      .enum(COMPARE_LEVELS)
      .describe("blocking: green is not ready; drift: at parity except this; info: shown, never counted."),
    app: z
      .string()
      .describe(
        'The application: "argocd:NAME", "flux:NS/NAME", "helm:NS/NAME", "namespace:NS" or "cluster".',
      ),
    object: ObjectRefSchema.nullable().describe("The object; null for platform items."),
    aspect: z.enum(ASPECTS).nullable().describe("What part of the object differs; null for whole objects."),
    field: z.string().nullable().describe('The field ("containers[web].image", "data.LOG_LEVEL") or add-on.'),
    blue: value("blue"),
    green: value("green"),
    message: z.string().describe("One line a reviewer can check; never a Secret value."),
  })
  .describe("One difference between blue and green.");

export const ExpectedDifferenceSchema = z
  .strictObject({
    reason: z
      .enum(EXPECTED_REASONS)
      .describe("Why the difference must exist (cluster-specific value) or an --ignore rule."),
    app: z.string().describe("The application, as in items."),
    object: ObjectRefSchema.nullable(),
    field: z.string().nullable().describe("The field; null for whole objects and node names."),
    blue: value("blue"),
    green: value("green"),
    rule: z.string().optional().describe("The --ignore rule id, for reason ignore-rule."),
    message: z.string().describe("One line; never a Secret value."),
  })
  .describe("A difference listed apart and never counted as drift.");

const SideSchema = z
  .strictObject({
    source: z.string().describe("The flags that named this side's source."),
    objects: z.int().min(0).describe("Objects read."),
    controlPlane: z
      .string()
      .nullable()
      .describe('The control-plane version a snapshot recorded, "1.N"; else null.'),
    kubelets: z.array(z.string()).describe("Distinct kubelet versions of the Node objects."),
    nodes: z.int().min(0).describe("Node objects read."),
  })
  .describe("What one side is.");

export const CompareResultSchema = z
  .strictObject({
    apiVersion: z.literal(COMPARE_API_VERSION).describe("The version of this contract."),
    kind: z.literal("CompareResult").describe("Always CompareResult."),
    verdict: z
      .enum(["at-parity", "at-parity-except", "not-ready"])
      .describe(
        "at-parity: no counted difference; at-parity-except: drift only; not-ready: a blocking item.",
      ),
    headline: z.string().describe("The verdict in words, blocking items first."),
    versionGap: z
      .string()
      .nullable()
      .describe("Said when green is older or more than one minor ahead; null otherwise."),
    blue: SideSchema,
    green: SideSchema,
    summary: z
      .strictObject({
        matched: z.int().min(0).describe("Objects found on both sides."),
        byType: countsOf(COMPARE_ITEM_TYPES, "Items per type."),
        byLevel: countsOf(COMPARE_LEVELS, "Items per level."),
        expected: z.int().min(0).describe("Expected differences."),
        apps: z.int().min(0).describe("Applications with an item or an expected difference."),
      })
      .describe("Counts."),
    items: z
      .array(CompareItemSchema)
      .describe("Blocking first, then drift, then info; by application and object."),
    expected: z.array(ExpectedDifferenceSchema).describe("Expected differences, never counted."),
    platform: z
      .array(
        z.strictObject({
          component: z.string().describe("CoreDNS, kube-proxy, VPC CNI, EBS CSI driver."),
          blue: z.string().nullable().describe("Its image tag on blue; null when not found."),
          green: z.string().nullable().describe("Its image tag on green; null when not found."),
        }),
      )
      .describe("EKS add-ons found on either side."),
    kindsOnlyOn: z
      .strictObject({
        blue: z.array(z.string()).describe('Kinds ("Kind.group") seen or served on blue only.'),
        green: z.array(z.string()).describe("Kinds seen or served on green only."),
      })
      .describe("Kinds one side has and the other has not."),
    inputErrors: z
      .array(
        z.strictObject({
          side: z.enum(["blue", "green"]).describe("The side whose source it is."),
          file: z.string().describe("The file (or source) that could not be read or parsed."),
          line: z.int().min(1).nullable().describe("1-based line; null when not tied to a line."),
          message: z.string().describe("The cause."),
        }),
      )
      .describe("Problems with the input; any makes the exit code 2."),
    warnings: z.array(z.string()).describe("Skipped files and other notes."),
  })
  .meta({
    title: "Cutover compare result",
    description:
      "The output of `cutover compare -o json` (and, as YAML, `-o yaml`). Documented in docs/compare.md.",
  });

export type CompareResultContract = z.infer<typeof CompareResultSchema>;

/** The JSON Schema (draft 2020-12) of the compare result, with $id and title first. */
export function compareResultJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(CompareResultSchema, {
    target: "draft-2020-12",
  });
  return { $schema, $id: COMPARE_RESULT_SCHEMA_ID, title, description, ...rest };
}

export function compareResultJsonSchemaText(): string {
  return `${JSON.stringify(compareResultJsonSchema(), null, 2)}\n`;
}
