// The Migration spec (apiVersion cutover.dev/v1alpha1, kind Migration): what `cutover migrate` reads.
// Every object is strict; cross-field rules (step order, label placeholders, unique names) are checked
// here so that errors carry the path of the offending field.
import { z } from "zod";
import { renderQuery } from "../../ports/metrics.js";
import {
  AnalysisOverrideSchema,
  AnalysisSchema,
  type AnalysisSpec,
  type MetricSpec,
  type MinSamplesSpec,
} from "./spec-analysis.js";
import { dns1123Name, duration, HookSchema, httpUrl, strict, text } from "./spec-fields.js";
import { TrafficSchema } from "./spec-traffic.js";

export const MIGRATION_API_VERSION = "cutover.dev/v1alpha1";
export const MIGRATION_KIND = "Migration";

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** "1.33", "v1.33" or "1.33.2": the minor is what preflight scans at. */
const K8S_VERSION = /^v?1\.\d{1,2}(\.\d+)?$/;

const sideShape = {
  labels: z
    .record(z.string().regex(LABEL_NAME, "label names are letters, digits and '_'"), z.string())
    .default({})
    .describe(
      "Labels of this side, filled into {{label}} placeholders of metric queries (e.g. cluster: green).",
    ),
  endpoint: text
    .optional()
    .describe("This side's own address (e.g. its load balancer), for checks and display."),
  context: text.optional().describe("kubeconfig context of this side's cluster."),
};

const SideSchema = strict(sideShape);

// Green also says which Kubernetes version it runs and where its desired manifests are, so preflight can
// scan them for APIs removed at that version (a Deployment in extensions/v1beta1 on a 1.33 cluster).
const GreenSideSchema = strict({
  ...sideShape,
  version: z
    .string({
      error: 'expected a Kubernetes version in quotes, e.g. "1.33" (YAML reads 1.30 as the number 1.3)',
    })
    .regex(K8S_VERSION, 'expected a Kubernetes version such as "1.33"')
    .optional()
    .describe('The Kubernetes version green runs, e.g. "1.33".'),
  manifests: z
    .array(text, { error: "expected a list of files or directories" })
    .min(1, "must name at least one file or directory")
    .optional()
    .describe(
      "Files or directories of the manifests green will run (e.g. the rendered GitOps output), relative to the spec file. Preflight scans them at `version` and blocks on any API removed there.",
    ),
}).superRefine((green, ctx) => {
  if (green.manifests && green.version === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["version"],
      message: 'is required with manifests: the Kubernetes version green runs, e.g. "1.33"',
    });
  }
});

const SmokeCheckSchema = strict({
  url: httpUrl.describe("URL on green to GET (e.g. its load balancer's health path)."),
  host: text.optional().describe("Host header, e.g. the public name, so green answers as it will for users."),
  requests: z.number().int().min(1).max(10_000).default(10).describe("How many requests to send."),
  minSuccessRate: z.number().min(0).max(1).default(1).describe("Share of requests that must answer 2xx/3xx."),
  maxLatencyMs: z.number().positive().optional().describe("p95 latency the check must stay under, in ms."),
});

const StepSchema = strict({
  green: z
    .number({ error: "expected the percentage of traffic sent to green, 1 to 100" })
    .int("must be a whole percentage")
    .min(1, "must be at least 1 (a step at 0 % sends green nothing to judge)")
    .max(100, "must be at most 100"),
  bake: duration.describe("How long the step is analysed once its traffic change is effective."),
  approval: z.enum(["manual", "auto"]).optional().describe("Overrides spec.approvals for this step."),
  analysis: AnalysisOverrideSchema.optional(),
});

const ApprovalsSchema = z.enum(["manual", "auto"], { error: "expected manual or auto" });

// Preflight's parity gate: `cutover compare` of the two sides; no weight moves while green is not at parity.
const CompareSideSchema = strict({
  snapshot: text.optional().describe("A snapshot directory of this side, relative to the spec file."),
  context: text.optional().describe("Read this side live through this kubeconfig context."),
  kubeconfig: text.optional().describe("This side's kubeconfig, relative to the spec file."),
  paths: z
    .array(text, { error: "expected a list of files or directories" })
    .min(1, "must name at least one file or directory")
    .optional()
    .describe("Files or directories of this side's objects, relative to the spec file."),
}).refine((side) => side.snapshot || side.context || side.kubeconfig || side.paths, {
  message: "needs snapshot, context, kubeconfig or paths",
});

const PreflightSchema = strict({
  compare: strict({
    blue: CompareSideSchema,
    green: CompareSideSchema,
    ignore: z
      .array(text, { error: "expected a list of files" })
      .optional()
      .describe("--ignore rule files (audit's system-object syntax), relative to the spec file."),
    failOn: z
      .enum(["drift", "blocking"], { error: "expected drift or blocking" })
      .default("drift")
      .describe("drift: green must be at parity; blocking: at parity except … is enough."),
  }).describe("Compare green with blue (cutover compare) in preflight; `migrate start --force` overrides."),
});

const MigrationBodySchema = strict({
  blue: SideSchema,
  green: GreenSideSchema,
  traffic: TrafficSchema,
  preflight: PreflightSchema.optional().describe("Checks before any weight moves besides the built-in ones."),
  hooks: strict({ provision: HookSchema.optional(), bootstrap: HookSchema.optional() })
    .optional()
    .describe(
      "Commands run before preflight, e.g. terraform apply (provision), register green in Argo CD (bootstrap).",
    ),
  smoke: z
    .array(SmokeCheckSchema)
    .default([])
    .describe("HTTP checks on green before it gets any user traffic."),
  steps: z.array(StepSchema).min(1, "needs at least one step (the last one at 100)").superRefine(checkSteps),
  analysis: AnalysisSchema,
  approvals: ApprovalsSchema.default("auto").describe(
    "Whether each step waits for `cutover migrate approve`.",
  ),
  finalBake: duration.default("0s").describe("Analysis at green 100 % before blue is drained."),
  drain: strict({
    wait: duration
      .optional()
      .describe("Wait after blue reaches 0 (default: DNS TTL + 5m of connection horizon)."),
  }).default({}),
  freeze: strict({
    hook: HookSchema.optional().describe("Freezes blue, e.g. suspends its GitOps."),
    duration: duration.describe(
      "How long blue stays frozen (and can be rolled back to) before decommission.",
    ),
  }).optional(),
  decommission: strict({
    hook: HookSchema.optional().describe("Removes blue, e.g. terraform destroy."),
  }).optional(),
});

export const MigrationSchema = strict({
  apiVersion: z.literal(MIGRATION_API_VERSION, { error: `expected "${MIGRATION_API_VERSION}"` }),
  kind: z.literal(MIGRATION_KIND, { error: `expected "${MIGRATION_KIND}"` }),
  metadata: strict({
    name: dns1123Name.describe("The migration's name; the state store keys on it."),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: MigrationBodySchema.superRefine(checkBody),
}).meta({
  title: "Cutover Migration",
  description: "A blue-green cutover driven by `cutover migrate` (apiVersion cutover.dev/v1alpha1).",
});

export type MigrationSpec = z.infer<typeof MigrationSchema>;
export type MigrationBody = MigrationSpec["spec"];
export type StepSpec = MigrationBody["steps"][number];
export type SmokeCheckSpec = MigrationBody["smoke"][number];
export type SideSpec = MigrationBody["blue"];
export type GreenSideSpec = MigrationBody["green"];

type Body = z.infer<typeof MigrationBodySchema>;
type Ctx = z.core.$RefinementCtx;

function checkBody(body: Body, ctx: Ctx): void {
  checkAnalysis(body, body.analysis, ["analysis"], ctx);
  body.steps.forEach((step, index) => {
    if (step.analysis) checkAnalysis(body, step.analysis, ["steps", index, "analysis"], ctx);
  });
}

/** Steps strictly increase and end at 100: every step moves traffic towards green, the last one all of it. */
function checkSteps(steps: { green: number }[], ctx: Ctx): void {
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    if (previous && step.green <= previous.green) {
      ctx.addIssue({
        code: "custom",
        path: [index, "green"],
        message: `must be greater than ${previous.green} (the previous step)`,
      });
    }
  });
  const last = steps.at(-1);
  if (last && last.green !== 100) {
    ctx.addIssue({
      code: "custom",
      path: [steps.length - 1, "green"],
      message: `the last step must send all traffic to green (100), got ${last.green}`,
    });
  }
}

function checkAnalysis(
  body: Body,
  analysis: { metrics?: MetricSpec[]; minSamples?: MinSamplesSpec },
  path: (string | number)[],
  ctx: Ctx,
): void {
  const seen = new Set<string>();
  (analysis.metrics ?? []).forEach((metric, index) => {
    if (seen.has(metric.name)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "metrics", index, "name"],
        message: `"${metric.name}" is already the name of another metric; names must be unique`,
      });
    }
    seen.add(metric.name);
    checkPlaceholders(body, metric, [...path, "metrics", index], ctx);
  });
  if (analysis.minSamples) checkPlaceholders(body, analysis.minSamples, [...path, "minSamples"], ctx);
}

/** Every {{label}} in a query must be a label of both sides, or blue and green would run the same query. */
function checkPlaceholders(
  body: Body,
  source: Pick<MetricSpec, "prometheus" | "cloudwatch">,
  path: (string | number)[],
  ctx: Ctx,
): void {
  const where = source.prometheus ? ["prometheus", "query"] : ["cloudwatch", "query"];
  const query = source.prometheus?.query ?? source.cloudwatch?.query ?? "";
  for (const side of ["blue", "green"] as const) {
    const leftover = unfilledPlaceholders(query, body[side].labels);
    if (leftover.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: [...path, ...where],
        message: `uses ${leftover.map((name) => `{{${name}}}`).join(", ")} but spec.${side}.labels has no ${leftover.map((name) => `"${name}"`).join(", ")}`,
      });
    }
  }
}

/** Placeholders left in `query` after filling it with `labels`. */
export function unfilledPlaceholders(query: string, labels: Record<string, string>): string[] {
  const rendered = renderQuery(query, labels);
  return [
    ...new Set([...rendered.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)].map((match) => match[1] ?? "")),
  ];
}

/** The analysis of step `index`: spec.analysis with the step's override on top (its metrics replace the list). */
export function analysisForStep(body: MigrationBody, index: number): AnalysisSpec {
  const override = body.steps[index]?.analysis ?? {};
  const defined = Object.fromEntries(Object.entries(override).filter(([, value]) => value !== undefined));
  return { ...body.analysis, ...defined } as AnalysisSpec;
}

/** Every metric source the spec names: the metrics and minSamples of spec.analysis and of each step's override. */
export function metricSources(body: MigrationBody): Pick<MetricSpec, "prometheus" | "cloudwatch">[] {
  const analyses = [body.analysis, ...body.steps.flatMap((step) => (step.analysis ? [step.analysis] : []))];
  return analyses.flatMap((analysis) => [
    ...(analysis.metrics ?? []),
    ...(analysis.minSamples ? [analysis.minSamples] : []),
  ]);
}

/** Whether step `index` waits for a manual approval once its analysis passed. */
export function stepNeedsApproval(body: MigrationBody, index: number): boolean {
  return (body.steps[index]?.approval ?? body.approvals) === "manual";
}
export type CompareGateSpec = NonNullable<MigrationBody["preflight"]>["compare"];
