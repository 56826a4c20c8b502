// What one measurement round queries: for each metric, the query rendered with green's labels and (while
// blue carries traffic) with blue's, and where to send it. The driver runs the plan through the metric
// providers; evaluateRound turns the answers into measurements.
import { type MetricResult, renderQuery } from "../../ports/metrics.js";
import { evaluateMetric, evaluateMinSamples, type Measurement, type Thresholds } from "./analysis.js";
import { durationMs } from "./duration.js";
import type { MigrationBody } from "./spec.js";
import type { AnalysisSpec, MetricSpec } from "./spec-analysis.js";

/** Which backend answers a query; the driver keeps one MetricProvider per distinct backend. */
export type MetricBackend =
  | { provider: "prometheus"; address: string }
  | {
      provider: "cloudwatch";
      region?: string;
      endpoint?: string;
      periodSeconds?: number;
      windowSeconds?: number;
      publicationDelaySeconds?: number;
    };

export interface MetricQuery {
  metric: string;
  backend: MetricBackend;
  green: string;
  /** null when blue carries no traffic: nothing to compare with, nothing to check. */
  blue: string | null;
  thresholds: Thresholds;
}

export interface MeasurePlan {
  /** The step index, or null during the final bake. */
  step: number | null;
  /**
   * When the traffic being judged became effective (ms): a value whose period began earlier (CloudWatch
   * reports it as `at`) mixes in the previous split and is no data, never a pass. Null: no such bound.
   */
  notBefore: number | null;
  queries: MetricQuery[];
  minSamples: { backend: MetricBackend; green: string; min: number } | null;
}

export interface RoundAnswers {
  /** Per metric name: green's answer and blue's (null when not asked). */
  metrics: Record<string, { green: MetricResult; blue: MetricResult | null }>;
  minSamples: MetricResult | null;
}

type Source = Pick<MetricSpec, "prometheus" | "cloudwatch">;

function metricBackend(source: Source): MetricBackend {
  if (source.prometheus) return { provider: "prometheus", address: source.prometheus.address };
  const cw = source.cloudwatch;
  const seconds = (text: string | undefined) => (text === undefined ? undefined : durationMs(text) / 1000);
  const fields = {
    region: cw?.region,
    endpoint: cw?.endpoint,
    periodSeconds: seconds(cw?.period),
    windowSeconds: seconds(cw?.window),
    publicationDelaySeconds: seconds(cw?.publicationDelay),
  };
  const set = Object.entries(fields).filter(([, value]) => value !== undefined);
  return { provider: "cloudwatch", ...Object.fromEntries(set) };
}

/** The query for one side: PromQL (templates are expanded before the engine runs) or a CloudWatch query. */
function metricQueryText(source: Source, labels: Record<string, string>): string {
  return renderQuery(source.prometheus?.query ?? source.cloudwatch?.query ?? "", labels);
}

export function measurePlan(
  body: MigrationBody,
  analysis: AnalysisSpec,
  step: number | null,
  blueCarriesTraffic: boolean,
  notBefore: number | null = null,
): MeasurePlan {
  const queries = analysis.metrics.map((metric) => ({
    metric: metric.name,
    backend: metricBackend(metric),
    green: metricQueryText(metric, body.green.labels),
    blue: blueCarriesTraffic ? metricQueryText(metric, body.blue.labels) : null,
    thresholds: {
      ...(metric.max !== undefined && { max: metric.max }),
      ...(metric.min !== undefined && { min: metric.min }),
      ...(metric.vsBlue && { vsBlue: metric.vsBlue }),
    },
  }));
  const sample = analysis.minSamples;
  const minSamples = sample
    ? { backend: metricBackend(sample), green: metricQueryText(sample, body.green.labels), min: sample.min }
    : null;
  return { step, notBefore, queries, minSamples };
}

/** `result`, or no-data when it covers a period that began before `notBefore`. */
export function refuseStale(result: MetricResult, notBefore: number | null): MetricResult {
  if (result.kind !== "value" || result.at === undefined || notBefore === null || result.at >= notBefore)
    return result;
  return {
    kind: "no-data",
    reason: `the newest complete datapoint (period from ${new Date(result.at).toISOString()}) began before this traffic split was effective at ${new Date(notBefore).toISOString()}; waiting for a period entirely after it`,
  };
}

/** The measurements of one round; a metric without an answer is an error, never a pass. */
export function evaluateRound(plan: MeasurePlan, answers: RoundAnswers, at: number): Measurement[] {
  const missing: MetricResult = { kind: "error", message: "no answer from the metric provider" };
  const fresh = (result: MetricResult) => refuseStale(result, plan.notBefore ?? null);
  const measurements = plan.queries.flatMap((query) => {
    const answer = answers.metrics[query.metric];
    const blue = answer?.blue ?? (query.blue === null ? null : missing);
    return evaluateMetric(
      query.metric,
      query.thresholds,
      fresh(answer?.green ?? missing),
      blue && fresh(blue),
      at,
    );
  });
  if (plan.minSamples)
    measurements.push(evaluateMinSamples(plan.minSamples.min, fresh(answers.minSamples ?? missing), at));
  return measurements;
}
