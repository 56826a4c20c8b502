// spec.analysis: the metric gates of every step (Argo Rollouts' limits, Flagger's threshold range, and a
// relative check of green against blue), and where each metric is read from.
import { z } from "zod";
import { parseDuration } from "./duration.js";
import { analysisInterval, duration, httpUrl, strict, text } from "./spec-fields.js";

export const METRIC_SOURCES = ["prometheus", "cloudwatch"] as const;

const PrometheusSourceSchema = strict({
  address: httpUrl.describe("Prometheus base URL, e.g. http://127.0.0.1:9090."),
  query: text
    .optional()
    .describe("Instant PromQL query; {{label}} placeholders are filled with each side's labels."),
  template: text
    .optional()
    .describe("A built-in template (e.g. error-rate, latency-p99) instead of `query`."),
  params: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .optional()
    .describe("Parameters of the template."),
})
  .refine((source) => (source.query === undefined) !== (source.template === undefined), {
    message: "needs exactly one of query or template",
  })
  .refine((source) => source.params === undefined || source.template !== undefined, {
    message: "params only go with a template",
    path: ["params"],
  });

/** CloudWatch takes periods of 1, 5, 10 or 30 s (high resolution) or a multiple of 60 s. */
const cloudWatchPeriod = duration.refine(
  (text) => {
    const parsed = parseDuration(text);
    if ("error" in parsed) return true;
    const seconds = parsed.ms / 1000;
    return [1, 5, 10, 30].includes(seconds) || (seconds > 0 && seconds % 60 === 0);
  },
  { message: 'CloudWatch periods are 1s, 5s, 10s, 30s or a multiple of 60s, e.g. "1m"' },
);

const CloudWatchSourceSchema = strict({
  region: text.optional().describe("AWS region (default: the standard chain's region)."),
  query: text.describe(
    "NAMESPACE:METRIC:STAT[:DIM=VALUE,…], metric math (EXPR; id = METRIC; …) or JSON; {{label}} placeholders are filled per side.",
  ),
  period: cloudWatchPeriod
    .optional()
    .describe("Length of one datapoint: 1s, 5s, 10s, 30s or a multiple of 1m (default 1m, ALB's)."),
  window: duration
    .optional()
    .describe("How far back to look for the newest complete datapoint, at least one period (default 5m)."),
  publicationDelay: duration
    .optional()
    .describe(
      "How long after a period ends its datapoint is complete; newer periods are not read (default 2m for AWS/ApplicationELB and other load balancers, else 1m).",
    ),
  endpoint: httpUrl
    .optional()
    .describe("A CloudWatch-compatible endpoint instead of AWS's (LocalStack, tests)."),
}).superRefine((source, ctx) => {
  const ms = (text: string | undefined, fallback: number) => {
    const parsed = text === undefined ? undefined : parseDuration(text);
    return parsed && "ms" in parsed ? parsed.ms : fallback;
  };
  if (ms(source.window, 300_000) < ms(source.period, 60_000)) {
    ctx.addIssue({ code: "custom", path: ["window"], message: "must be at least one period" });
  }
});

/** Where a number comes from: exactly one source block. */
const sourceFields = {
  prometheus: PrometheusSourceSchema.optional(),
  cloudwatch: CloudWatchSourceSchema.optional(),
};

function exactlyOneSource(
  value: { prometheus?: unknown; cloudwatch?: unknown },
  ctx: z.core.$RefinementCtx,
): void {
  const count = METRIC_SOURCES.filter((source) => value[source] !== undefined).length;
  if (count !== 1) {
    ctx.addIssue({
      code: "custom",
      message: `needs exactly one source: ${METRIC_SOURCES.join(" or ")}${count > 1 ? " (found several)" : ""}`,
    });
  }
}

const METRIC_NAME = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/;

export const MetricSchema = strict({
  name: z
    .string({ error: "expected a name" })
    .regex(METRIC_NAME, "must be lower-case letters, digits, '-' or '_' (e.g. error-rate)")
    .refine((name) => name !== "min-samples", {
      message: '"min-samples" is reserved for analysis.minSamples',
    }),
  ...sourceFields,
  max: z
    .number()
    .optional()
    .describe("Green fails when its value is above max (and blue is unhealthy above it)."),
  min: z
    .number()
    .optional()
    .describe("Green fails when its value is below min (and blue is unhealthy below it)."),
  vsBlue: strict({
    maxRatio: z
      .number()
      .positive("must be greater than 0")
      .describe("Green fails above maxRatio × blue's value."),
  })
    .optional()
    .describe("Relative check: the same query run with blue's labels is the baseline."),
}).superRefine((metric, ctx) => {
  exactlyOneSource(metric, ctx);
  if (metric.max === undefined && metric.min === undefined && metric.vsBlue === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "needs a threshold: max, min or vsBlue (otherwise nothing is judged)",
    });
  }
  if (metric.max !== undefined && metric.min !== undefined && metric.min > metric.max) {
    ctx.addIssue({ code: "custom", path: ["min"], message: `must not be greater than max (${metric.max})` });
  }
});

export const MinSamplesSchema = strict({
  min: z
    .number()
    .positive("must be greater than 0")
    .describe("Green must have seen at least this many requests."),
  ...sourceFields,
})
  .superRefine(exactlyOneSource)
  .describe("Requests seen on green (a query run with green's labels) before a step may pass.");

const limits = {
  interval: analysisInterval.describe(
    "Time between two measurements (the first one is one interval after the change is effective).",
  ),
  failureLimit: z
    .number()
    .int()
    .min(0)
    .describe("A metric fails the step when its failures exceed this (Argo: 0)."),
  inconclusiveLimit: z
    .number()
    .int()
    .min(0)
    .describe("Rolls back when inconclusive (e.g. no data) exceeds this."),
  consecutiveErrorLimit: z
    .number()
    .int()
    .min(0)
    .describe("Rolls back when consecutive query errors exceed this."),
};

export const AnalysisSchema = strict({
  interval: limits.interval.default("30s"),
  failureLimit: limits.failureLimit.default(0),
  inconclusiveLimit: limits.inconclusiveLimit.default(0),
  consecutiveErrorLimit: limits.consecutiveErrorLimit.default(4),
  minSamples: MinSamplesSchema.optional(),
  metrics: z.array(MetricSchema).min(1, "needs at least one metric: a step is never judged on nothing"),
});

/** A step's analysis override: any field of spec.analysis; `metrics` replaces the list. */
export const AnalysisOverrideSchema = strict({
  interval: limits.interval.optional(),
  failureLimit: limits.failureLimit.optional(),
  inconclusiveLimit: limits.inconclusiveLimit.optional(),
  consecutiveErrorLimit: limits.consecutiveErrorLimit.optional(),
  minSamples: MinSamplesSchema.optional(),
  metrics: z.array(MetricSchema).min(1).optional(),
});

export type MetricSpec = z.infer<typeof MetricSchema>;
export type MinSamplesSpec = z.infer<typeof MinSamplesSchema>;
export type AnalysisSpec = z.infer<typeof AnalysisSchema>;
export type AnalysisOverride = z.infer<typeof AnalysisOverrideSchema>;
export type PrometheusSource = z.infer<typeof PrometheusSourceSchema>;
export type CloudWatchSource = z.infer<typeof CloudWatchSourceSchema>;
