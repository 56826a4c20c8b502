// The JSON contract of `cutover plan -o json|yaml`: a zod schema that tests hold the output to, and the
// JSON Schema generated from it (schema/plan-result.schema.json, written by scripts/gen-plan-schema.ts).

import { z } from "zod";
import type { UpgradePlan } from "../../core/plan/types.js";
import { FindingSchema, InputErrorSchema } from "../scan/contract.js";

export const PLAN_RESULT_SCHEMA_ID = "urn:cutover:schema:plan-result:v1";
export const PLAN_RESULT_SCHEMA_PATH = "schema/plan-result.schema.json";

const minor = (what: string) =>
  z
    .string()
    .regex(/^1\.\d+$/)
    .describe(`${what}, "1.N".`);
const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .describe(`${what}, "YYYY-MM-DD"; null when not on record.`);
const days = (what: string) =>
  z.int().nullable().describe(`${what}; negative when in the past, null when unknown.`);

const NodeKindSchema = z.enum(["managed-node-group", "self-managed", "fargate", "karpenter"]);

const SupportWindowSchema = z
  .strictObject({
    version: minor("The Kubernetes version"),
    status: z
      .enum(["standard", "extended", "past-end", "unknown"])
      .describe("EKS support on `today`; an end date is the last day of that support."),
    endOfStandardSupport: day("Last day of EKS standard support"),
    endOfExtendedSupport: day("Last day of EKS extended support"),
    daysLeft: days(
      "Days left in the current status (0: ends today; past-end: days since extended support ended)",
    ),
    daysToEndOfStandardSupport: days("Days from today to the end of standard support"),
    daysToEndOfExtendedSupport: days("Days from today to the end of extended support"),
  })
  .describe("EKS support status of a version as of `today`, with the date math.");

const NodeRolloutSchema = z
  .strictObject({
    from: minor("Kubelet minor before the rollout"),
    to: minor("Kubelet minor after the rollout (never newer than the control plane)"),
    trigger: z
      .enum(["skew", "finish"])
      .describe(
        "skew: the next control-plane hop would break the skew policy; finish: the upgrade ends with nodes at the target.",
      ),
    reason: z.string().describe("Why the rollout happens, in words."),
  })
  .describe("A rollout of the data plane to a newer kubelet minor.");

const PlanHopSchema = z
  .strictObject({
    controlPlane: minor("The control-plane version this hop upgrades to"),
    nodes: minor("The kubelet minor at the end of the hop"),
    nodeUpgrade: NodeRolloutSchema.nullable().describe(
      "The rollout after this hop's control-plane upgrade; null: nodes stay.",
    ),
    addons: z
      .array(
        z.strictObject({
          name: z.string().describe("EKS add-on name, e.g. coredns."),
          version: z
            .string()
            .nullable()
            .describe("Recommended version at the end of the hop; null when none is on record."),
        }),
      )
      .describe("Add-on versions: kube-proxy follows the nodes, the others the control plane."),
    findings: z
      .array(FindingSchema)
      .describe(
        "Objects whose API is removed at this version (the first hop also lists those removed earlier).",
      ),
    notes: z
      .array(z.string())
      .describe('Platform notes that start to apply at this version, "title: action".'),
    support: SupportWindowSchema,
  })
  .describe("One control-plane minor upgrade and what goes with it.");

export const UpgradePlanSchema = z
  .strictObject({
    from: minor("The current control-plane version"),
    to: minor("The target control-plane version"),
    nodesFrom: minor("The kubelet minor the data plane starts from"),
    today: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe("The day support status is computed for, YYYY-MM-DD."),
    nodeKinds: z.array(NodeKindSchema).describe("The node kinds the data-plane steps cover."),
    nodeKindsDetected: z
      .boolean()
      .describe("True when the node kinds were seen in the sources; false: every kind."),
    initialNodeUpgrade: NodeRolloutSchema.nullable().describe(
      "A rollout to `from` needed before the first hop; null when none.",
    ),
    hops: z.array(PlanHopSchema).describe("One entry per control-plane minor, in order."),
    sourcesChecked: z
      .boolean()
      .describe("False when no sources were given, so removed APIs were not looked for."),
    complete: z
      .boolean()
      .describe(
        "False when an input could not be read (see inputErrors): the removed-API counts cover only what was read.",
      ),
    inputErrors: z
      .array(InputErrorSchema)
      .describe("Input that could not be read (exit code 2): the removed-API check is incomplete."),
    support: SupportWindowSchema,
    deprecatedSoon: z
      .array(FindingSchema)
      .describe("Objects whose API is deprecated at `to` but still served there."),
    strategyHint: z
      .strictObject({
        strategy: z
          .enum(["in-place", "blue-green"])
          .describe("The hinted strategy; `cutover audit` refines it."),
        reasons: z.array(z.string()).describe("Why, one rule per line (docs/plan.md lists the rules)."),
      })
      .describe("A first strategy hint."),
    skewPolicy: z
      .array(
        z.strictObject({
          component: z.enum(["kubelet", "kube-proxy"]).describe("The node component."),
          maxOlder: z.int().min(0).describe("Minors it may be older than the control plane."),
          narrowerBelow: z
            .string()
            .nullable()
            .describe("Components older than this version get the narrower window."),
          narrowerMaxOlder: z.int().min(0).nullable().describe("The narrower window (kubelet < 1.25: 2)."),
        }),
      )
      .describe("The skew windows the plan applied."),
    addonRules: z
      .array(
        z.strictObject({
          name: z.string().describe("EKS add-on name."),
          rules: z.array(z.string()).describe("Upgrade rules, one sentence each."),
        }),
      )
      .describe("Add-on upgrade rules (e.g. VPC CNI one minor at a time)."),
  })
  .meta({
    title: "Cutover upgrade plan",
    description:
      "The output of `cutover plan -o json` (and, as YAML, `-o yaml`). Documented in docs/plan.md.",
  });

export type UpgradePlanContract = z.infer<typeof UpgradePlanSchema>;

// Compile-time guard: the core plan type must fit the contract.
const planFitsContract: (plan: UpgradePlan) => UpgradePlanContract = (plan) => ({
  ...plan,
  complete: plan.inputErrors.length === 0,
});
void planFitsContract;

/** The JSON Schema (draft 2020-12) of the plan, with $id and title first. */
export function planResultJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(UpgradePlanSchema, {
    target: "draft-2020-12",
  });
  return { $schema, $id: PLAN_RESULT_SCHEMA_ID, title, description, ...rest };
}

/** The text of schema/plan-result.schema.json. */
export function planResultJsonSchemaText(): string {
  return `${JSON.stringify(planResultJsonSchema(), null, 2)}\n`;
}
