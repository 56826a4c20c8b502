// MetricProvider over CloudWatch GetMetricData (AWS SDK v3): the latest complete, published period of one
// metric or metric-math expression. Credentials and region come from the SDK's standard chains and are
// never logged. Every outcome is a MetricResult: a datapoint → value (with the start of its period, so the
// engine can refuse a period from before the step); none → no-data; API or parse failures → error.
//
// Publication delay: services publish a period after it ends, and late. ALB metrics land 1–2 minutes
// after their minute, so the newest minute CloudWatch shows is partial (too few requests, too few 5xx).
// The request therefore ends `publicationDelaySeconds` before now, rounded down to the period: every
// period it can return is over and published (default 120 s for load balancer namespaces, else 60 s).
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListMetricsCommand,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import type { Clock } from "../ports/clock.js";
import type { MetricProvider, MetricResult } from "../ports/metrics.js";
import {
  type CloudWatchQuerySpec,
  describeSpec,
  parseCloudWatchQuery,
  RESULT_ID,
  toMetricDataQueries,
} from "./cloudwatch-query.js";

export interface CloudWatchMetricsOptions {
  /** Default: the SDK's region chain (AWS_REGION, profile). */
  region?: string;
  /** A ready client (tests, custom endpoints); otherwise one is made for `region`. */
  client?: CloudWatchClient;
  /** Datapoint period. Default 60 (ALB metrics are per minute); 1, 5, 10, 30 or a multiple of 60. */
  periodSeconds?: number;
  /** How far back to look for the latest datapoint. Default 300. */
  windowSeconds?: number;
  /** How long after a period ends its datapoint is complete. Default: 120 for AWS/*ELB, else 60. */
  publicationDelaySeconds?: number;
  /** A CloudWatch-compatible endpoint (tests, LocalStack); default AWS's for the region. */
  endpoint?: string;
  clock?: Pick<Clock, "now">;
  /** Per call. Default 10 s. */
  timeoutMs?: number;
}

export interface CloudWatchQueryOptions {
  periodSeconds: number;
  windowSeconds: number;
  /** Default: defaultPublicationDelay(spec). */
  publicationDelaySeconds?: number;
  /** Milliseconds since the epoch. */
  now: number;
  signal?: AbortSignal;
}

const DEFAULT_PERIOD_SECONDS = 60;
const DEFAULT_WINDOW_SECONDS = 300;
const DEFAULT_TIMEOUT_MS = 10_000;
/** ALB/NLB/CLB metrics arrive 1–2 minutes after their minute; other services' within about one. */
const ELB_DELAY_SECONDS = 120;
const DEFAULT_DELAY_SECONDS = 60;

/** The publication delay for a query: the longest of its metrics' namespaces. */
export function defaultPublicationDelay(spec: CloudWatchQuerySpec): number {
  const metrics = "metric" in spec ? [spec.metric] : Object.values(spec.metrics);
  const elb = metrics.some((metric) => /^AWS\/(Application|Network|Gateway)?ELB$/.test(metric.namespace));
  return elb ? ELB_DELAY_SECONDS : DEFAULT_DELAY_SECONDS;
}

/** The end of the newest complete, published period (ms): now less the delay, rounded down to the period. */
export function completeEnd(now: number, periodSeconds: number, delaySeconds: number): number {
  const periodMs = periodSeconds * 1000;
  return Math.floor((now - delaySeconds * 1000) / periodMs) * periodMs;
}

/** Why a period/window pair cannot work, or null. */
export function checkPeriod(periodSeconds: number, windowSeconds: number): string | null {
  const validPeriod =
    [1, 5, 10, 30].includes(periodSeconds) || (periodSeconds > 0 && periodSeconds % 60 === 0);
  if (!Number.isInteger(periodSeconds) || !validPeriod) {
    return `CloudWatch periodSeconds ${periodSeconds} is invalid; use 1, 5, 10, 30 or a multiple of 60`;
  }
  if (!(windowSeconds >= periodSeconds)) {
    return `CloudWatch windowSeconds ${windowSeconds} is shorter than periodSeconds ${periodSeconds}; make it at least one period`;
  }
  return null;
}

/**
 * The request for the latest complete, published periods: EndTime is `now` less the publication delay,
 * rounded down to the period; StartTime one window earlier; newest datapoint first.
 */
export function metricDataInput(
  spec: CloudWatchQuerySpec,
  options: Pick<
    CloudWatchQueryOptions,
    "periodSeconds" | "windowSeconds" | "now" | "publicationDelaySeconds"
  >,
): GetMetricDataCommandInput {
  const delay = options.publicationDelaySeconds ?? defaultPublicationDelay(spec);
  const end = completeEnd(options.now, options.periodSeconds, delay);
  return {
    MetricDataQueries: toMetricDataQueries(spec, options.periodSeconds),
    StartTime: new Date(end - options.windowSeconds * 1000),
    EndTime: new Date(end),
    ScanBy: "TimestampDescending",
  };
}

/**
 * Turns the answer into a MetricResult: the newest datapoint of the RESULT_ID query whose period is over by
 * `end` (a period still open is never read), with the start of its period as `at`.
 */
export function interpretMetricData(
  spec: CloudWatchQuerySpec,
  results: MetricDataResult[] | undefined,
  window: { windowSeconds: number; periodSeconds: number; end: number },
): MetricResult {
  const { windowSeconds } = window;
  const result = results?.find((candidate) => candidate.Id === RESULT_ID);
  const messages = (result?.Messages ?? []).map((message) =>
    `${message.Code ?? ""} ${message.Value ?? ""}`.trim(),
  );
  if (!result) return { kind: "error", message: `CloudWatch returned no result for ${describeSpec(spec)}` };
  if (result.StatusCode === "Forbidden" || result.StatusCode === "InternalError") {
    return {
      kind: "error",
      message: `CloudWatch answered ${result.StatusCode} for ${describeSpec(spec)}${messages.length ? `: ${messages.join("; ")}` : ""}`,
    };
  }
  const points = (result.Values ?? []).map((value, index) => ({
    value,
    at: result.Timestamps?.[index]?.getTime(),
  }));
  const complete = points
    .filter((point) => point.at === undefined || point.at + window.periodSeconds * 1000 <= window.end)
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
  const newest = complete[0];
  if (newest === undefined) {
    return {
      kind: "no-data",
      reason: `CloudWatch has no complete, published datapoint for ${describeSpec(spec)} in the ${windowSeconds} s before ${new Date(window.end).toISOString()}`,
    };
  }
  if (!Number.isFinite(newest.value))
    return { kind: "no-data", reason: `CloudWatch returned ${newest.value} for ${describeSpec(spec)}` };
  return { kind: "value", value: newest.value, ...(newest.at !== undefined && { at: newest.at }) };
}

/** An SDK failure in words: its name and message, plus what to check for credential problems. */
function describeFailure(error: unknown, operation: "GetMetricData" | "ListMetrics"): string {
  const { name = "Error", message = String(error) } = error as { name?: string; message?: string };
  if (name === "AbortError" || name === "TimeoutError") {
    return "CloudWatch did not answer in time; check the network or raise timeoutMs";
  }
  const hint = /credential|token|signature|accessdenied|unauthorized|region/i.test(`${name} ${message}`)
    ? `; check AWS credentials and region (AWS_PROFILE, AWS_REGION, SSO login) and the cloudwatch:${operation} permission`
    : "";
  return `CloudWatch ${operation} failed: ${name}: ${message}${hint}`;
}

/** Runs one spec with GetMetricData. Never throws. */
export async function queryCloudWatch(
  client: CloudWatchClient,
  spec: CloudWatchQuerySpec,
  options: CloudWatchQueryOptions,
): Promise<MetricResult> {
  const problem = checkPeriod(options.periodSeconds, options.windowSeconds);
  if (problem) return { kind: "error", message: problem };
  try {
    const input = metricDataInput(spec, options);
    const output = await client.send(new GetMetricDataCommand(input), { abortSignal: options.signal });
    return interpretMetricData(spec, output.MetricDataResults, {
      windowSeconds: options.windowSeconds,
      periodSeconds: options.periodSeconds,
      end: input.EndTime?.getTime() ?? options.now,
    });
  } catch (error) {
    if (options.signal?.aborted) return { kind: "error", message: "CloudWatch request was aborted" };
    return { kind: "error", message: describeFailure(error, "GetMetricData") };
  }
}

export function createCloudWatchMetrics(options: CloudWatchMetricsOptions = {}): MetricProvider {
  const client =
    options.client ??
    new CloudWatchClient({
      ...(options.region && { region: options.region }),
      ...(options.endpoint && { endpoint: options.endpoint }),
    });
  const clock = options.clock ?? { now: () => Date.now() };
  const periodSeconds = options.periodSeconds ?? DEFAULT_PERIOD_SECONDS;
  const windowSeconds = options.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const withTimeout = (signal?: AbortSignal) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  };

  async function query(text: string, signal?: AbortSignal): Promise<MetricResult> {
    const parsed = parseCloudWatchQuery(text);
    if (!parsed.ok) return { kind: "error", message: `invalid CloudWatch query: ${parsed.problem}` };
    const combined = withTimeout(signal);
    const now = clock.now();
    const result = await queryCloudWatch(client, parsed.spec, {
      periodSeconds,
      windowSeconds,
      ...(options.publicationDelaySeconds !== undefined && {
        publicationDelaySeconds: options.publicationDelaySeconds,
      }),
      now,
      signal: combined,
    });
    if (result.kind !== "error" || !combined.aborted) return result;
    return signal?.aborted
      ? { kind: "error", message: "CloudWatch request was aborted" }
      : {
          kind: "error",
          message: `CloudWatch did not answer within ${timeoutMs} ms; check the network or raise timeoutMs`,
        };
  }

  /** One ListMetrics page: proves region, credentials and reachability without reading any datapoint. */
  async function ping(): Promise<string | null> {
    const problem = checkPeriod(periodSeconds, windowSeconds);
    if (problem) return problem;
    try {
      await client.send(
        new ListMetricsCommand({ Namespace: "AWS/ApplicationELB", MetricName: "RequestCount" }),
        {
          abortSignal: withTimeout(),
        },
      );
      return null;
    } catch (error) {
      return describeFailure(error, "ListMetrics");
    }
  }

  return { name: "cloudwatch", ping, query };
}
