// The CloudWatch query language of metric gates, parsed into GetMetricData queries (no I/O here).
//
//   one metric:   NAMESPACE:METRIC:STAT[:DIM=VALUE,DIM=VALUE]
//                 AWS/ApplicationELB:TargetResponseTime:p99:TargetGroup=targetgroup/g/1,LoadBalancer=app/a/2
//   metric math:  EXPRESSION; ID = METRIC; ID = METRIC
//                 FILL(e,0) / r; e = AWS/ApplicationELB:HTTPCode_Target_5XX_Count:Sum:…; r = AWS/…:RequestCount:Sum:…
//   JSON:         {"metric": {...}} or {"expression": "...", "metrics": {"e": {...}}} (for values holding , ; =)
//
// `{{label}}` placeholders are filled per side before parsing (renderQuery), so one query serves both sides.
import type { MetricDataQuery, StandardUnit } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";

export interface CloudWatchMetric {
  namespace: string;
  metricName: string;
  /** Sum, Average, Maximum, SampleCount, p99, tm90, TM(10%:90%), … */
  stat: string;
  dimensions: Record<string, string>;
  unit?: StandardUnit;
}

export type CloudWatchQuerySpec =
  | { metric: CloudWatchMetric }
  | { expression: string; metrics: Record<string, CloudWatchMetric> };

export type ParsedCloudWatchQuery = { ok: true; spec: CloudWatchQuerySpec } | { ok: false; problem: string };

/** Id of the query whose datapoints are the answer. */
export const RESULT_ID = "result";
const METRIC_ID = /^[a-z][a-zA-Z0-9_]*$/;
// A stat with arguments (TM(10%:90%), PR(:300)) may hold a colon; any other stat runs to the next colon.
const STAT = /^([A-Za-z]+\([^)]*\)|[^:]+)(?::|$)/;
const FORMAT = "NAMESPACE:METRIC:STAT[:DIM=VALUE,…]";

function parseDimensions(text: string): Record<string, string> | string {
  const dimensions: Record<string, string> = {};
  for (const pair of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const equals = pair.indexOf("=");
    if (equals <= 0) return `dimension "${pair}" is not NAME=VALUE`;
    dimensions[pair.slice(0, equals).trim()] = pair.slice(equals + 1).trim();
  }
  return dimensions;
}

/** `AWS/ApplicationELB:RequestCount:Sum:TargetGroup=…` → a metric, or what is wrong with it. */
export function parseMetric(text: string): CloudWatchMetric | string {
  const [namespace = "", metricName = "", ...rest] = text.trim().split(":");
  const statAndDimensions = rest.join(":");
  const stat = STAT.exec(statAndDimensions);
  if (!namespace || !metricName || !stat?.[1]) {
    return `"${text.trim()}" is not ${FORMAT}, e.g. AWS/ApplicationELB:RequestCount:Sum:TargetGroup=targetgroup/g/1`;
  }
  const dimensions = parseDimensions(statAndDimensions.slice(stat[0].length));
  if (typeof dimensions === "string") return `${dimensions} in "${text.trim()}"`;
  return { namespace: namespace.trim(), metricName: metricName.trim(), stat: stat[1].trim(), dimensions };
}

function parseMath(parts: string[]): ParsedCloudWatchQuery {
  const [expression = "", ...bindings] = parts;
  const metrics: Record<string, CloudWatchMetric> = {};
  for (const binding of bindings) {
    const equals = binding.indexOf("=");
    const id = binding.slice(0, Math.max(equals, 0)).trim();
    if (!METRIC_ID.test(id) || id === RESULT_ID) {
      return {
        ok: false,
        problem: `"${binding}" must be ID = ${FORMAT}, with an ID like e or req5xx (lowercase first, not "${RESULT_ID}")`,
      };
    }
    const metric = parseMetric(binding.slice(equals + 1));
    if (typeof metric === "string") return { ok: false, problem: metric };
    metrics[id] = metric;
  }
  return { ok: true, spec: { expression, metrics } };
}

const metricJson = z.strictObject({
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  stat: z.string().min(1),
  dimensions: z.record(z.string(), z.string()).default({}),
  unit: z.string().optional(),
});
const singleJson = z.strictObject({ metric: metricJson });
const mathJson = z.strictObject({
  expression: z.string().min(1),
  metrics: z.record(
    z
      .string()
      .regex(METRIC_ID, "ids start with a lowercase letter")
      .refine((id) => id !== RESULT_ID, `"${RESULT_ID}" is reserved`),
    metricJson,
  ),
});

function parseJson(text: string): ParsedCloudWatchQuery {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON: ${(error as Error).message}` };
  }
  const isSingle = value !== null && typeof value === "object" && "metric" in value;
  const result = (isSingle ? singleJson : mathJson).safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return {
      ok: false,
      problem: `${where}${issue?.message ?? "invalid"}; expected {"metric": {namespace, metricName, stat, dimensions}} or {"expression", "metrics"}`,
    };
  }
  return { ok: true, spec: result.data as CloudWatchQuerySpec };
}

/** Parses any of the three forms; math expressions must use only the ids they define (and vice versa). */
export function parseCloudWatchQuery(text: string): ParsedCloudWatchQuery {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, problem: `empty query; write ${FORMAT}` };
  if (trimmed.startsWith("{")) return parseJson(trimmed);
  const parts = trimmed
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 1) {
    const metric = parseMetric(trimmed);
    return typeof metric === "string" ? { ok: false, problem: metric } : { ok: true, spec: { metric } };
  }
  const parsed = parseMath(parts);
  if (!parsed.ok || !("expression" in parsed.spec)) return parsed;
  const problem = checkIds(parsed.spec.expression, Object.keys(parsed.spec.metrics));
  return problem ? { ok: false, problem } : parsed;
}

/**
 * Metric math functions are upper case (FILL, SUM, IF) and ids start lower case, so every lower-case
 * word outside quotes in the expression must be a defined id, and every id must be used.
 */
function checkIds(expression: string, ids: string[]): string | null {
  const words: string[] = expression.replace(/'[^']*'|"[^"]*"/g, "").match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? [];
  const undefinedIds = [...new Set(words.filter((word) => !ids.includes(word)))];
  if (undefinedIds.length > 0) {
    return `"${expression}" uses ${undefinedIds.join(", ")} but defines no such metric; add "; ${undefinedIds[0]} = ${FORMAT}"`;
  }
  const unused = ids.filter((id) => !words.includes(id));
  return unused.length > 0 ? `metric ${unused.join(", ")} defined but not used in "${expression}"` : null;
}

function metricStat(metric: CloudWatchMetric, periodSeconds: number): MetricDataQuery["MetricStat"] {
  return {
    Metric: {
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
    },
    Period: periodSeconds,
    Stat: metric.stat,
    ...(metric.unit ? { Unit: metric.unit } : {}),
  };
}

/** The GetMetricData queries of a spec; only the query with Id RESULT_ID returns data. */
export function toMetricDataQueries(spec: CloudWatchQuerySpec, periodSeconds: number): MetricDataQuery[] {
  if ("metric" in spec) {
    return [{ Id: RESULT_ID, MetricStat: metricStat(spec.metric, periodSeconds), ReturnData: true }];
  }
  return [
    ...Object.entries(spec.metrics).map(([id, metric]) => ({
      Id: id,
      MetricStat: metricStat(metric, periodSeconds),
      ReturnData: false,
    })),
    { Id: RESULT_ID, Expression: spec.expression, Period: periodSeconds, ReturnData: true },
  ];
}

/** Short words for messages: the metric, or the expression with its metrics. */
export function describeSpec(spec: CloudWatchQuerySpec): string {
  const one = (metric: CloudWatchMetric) => `${metric.namespace} ${metric.metricName} ${metric.stat}`;
  if ("metric" in spec) return one(spec.metric);
  const bindings = Object.entries(spec.metrics).map(([id, metric]) => `${id} = ${one(metric)}`);
  return `${spec.expression} (${bindings.join("; ")})`;
}

export type AlbSignal = "5xx-count" | "request-count" | "latency-p99" | "error-rate";

/**
 * Ready-made queries for an ALB target group. Values may be `{{placeholders}}` filled per side.
 * ALB reports HTTPCode_Target_5XX_Count only when it is non-zero, so a missing 5xx count is 0 — but only
 * for a minute ALB has published: FILL(e, 0) alone would also turn a minute not yet published into 0.
 * So the 5xx count is tied to RequestCount (`+ 0 * r`, `/ r`): metric math yields a value only where
 * RequestCount has one. RequestCount is never filled: no requests is no data, never a pass.
 */
export function albQuery(signal: AlbSignal, target: { targetGroup: string; loadBalancer: string }): string {
  const dims = `TargetGroup=${target.targetGroup},LoadBalancer=${target.loadBalancer}`;
  const metric = (name: string, stat: string) => `AWS/ApplicationELB:${name}:${stat}:${dims}`;
  switch (signal) {
    case "5xx-count":
      return `FILL(e, 0) + 0 * r; e = ${metric("HTTPCode_Target_5XX_Count", "Sum")}; r = ${metric("RequestCount", "Sum")}`;
    case "request-count":
      return metric("RequestCount", "Sum");
    case "latency-p99":
      return metric("TargetResponseTime", "p99");
    case "error-rate":
      return `FILL(e, 0) / r; e = ${metric("HTTPCode_Target_5XX_Count", "Sum")}; r = ${metric("RequestCount", "Sum")}`;
  }
}
