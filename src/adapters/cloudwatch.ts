// MetricProvider over CloudWatch GetMetricData (AWS SDK v3): the latest complete period of one metric or
// metric-math expression. Credentials and region come from the SDK's standard chains and are never logged.
// Every outcome is a MetricResult: a datapoint → value; none → no-data; API or parse failures → error.
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
  clock?: Pick<Clock, "now">;
  /** Per call. Default 10 s. */
  timeoutMs?: number;
}

export interface CloudWatchQueryOptions {
  periodSeconds: number;
  windowSeconds: number;
  /** Milliseconds since the epoch. */
  now: number;
  signal?: AbortSignal;
}

const DEFAULT_PERIOD_SECONDS = 60;
const DEFAULT_WINDOW_SECONDS = 300;
const DEFAULT_TIMEOUT_MS = 10_000;

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
 * The request for the latest complete periods: EndTime is `now` rounded down to the period (the current
 * period is still filling up), StartTime one window earlier, newest datapoint first.
 */
export function metricDataInput(
  spec: CloudWatchQuerySpec,
  options: Pick<CloudWatchQueryOptions, "periodSeconds" | "windowSeconds" | "now">,
): GetMetricDataCommandInput {
  const periodMs = options.periodSeconds * 1000;
  const end = Math.floor(options.now / periodMs) * periodMs;
  return {
    MetricDataQueries: toMetricDataQueries(spec, options.periodSeconds),
    StartTime: new Date(end - options.windowSeconds * 1000),
    EndTime: new Date(end),
    ScanBy: "TimestampDescending",
  };
}

/** Turns the answer into a MetricResult: the newest datapoint of the RESULT_ID query. */
export function interpretMetricData(
  spec: CloudWatchQuerySpec,
  results: MetricDataResult[] | undefined,
  windowSeconds: number,
): MetricResult {
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
  const newest = result.Values?.[0];
  if (newest === undefined) {
    return {
      kind: "no-data",
      reason: `CloudWatch has no datapoint for ${describeSpec(spec)} in the last ${windowSeconds} s`,
    };
  }
  if (!Number.isFinite(newest))
    return { kind: "no-data", reason: `CloudWatch returned ${newest} for ${describeSpec(spec)}` };
  return { kind: "value", value: newest };
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
    const output = await client.send(new GetMetricDataCommand(metricDataInput(spec, options)), {
      abortSignal: options.signal,
    });
    return interpretMetricData(spec, output.MetricDataResults, options.windowSeconds);
  } catch (error) {
    if (options.signal?.aborted) return { kind: "error", message: "CloudWatch request was aborted" };
    return { kind: "error", message: describeFailure(error, "GetMetricData") };
  }
}

export function createCloudWatchMetrics(options: CloudWatchMetricsOptions = {}): MetricProvider {
  const client = options.client ?? new CloudWatchClient(options.region ? { region: options.region } : {});
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
