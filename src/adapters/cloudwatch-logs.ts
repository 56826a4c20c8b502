// Reads EKS audit-log usage through CloudWatch Logs Insights (AWS SDK v3 StartQuery / GetQueryResults).
// Throttling (ThrottlingException, LimitExceededException: too many concurrent queries) is retried with
// exponential backoff; a query that does not complete in time is stopped and is a clear error. A full
// answer (Insights returns at most 10,000 rows) splits the time range in halves until every part fits.
// Credentials come from the SDK's chains (or --profile) and are never logged.
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CutoverError } from "../core/errors.js";
import { callFromRow, INSIGHTS_MAX_ROWS, type InsightsRow, insightsQuery } from "../core/usage/cloudwatch.js";
import type { CountedCall } from "../core/usage/group.js";

export interface CloudWatchUsageOptions {
  logGroup: string;
  /** Milliseconds since the epoch. */
  startMs: number;
  endMs: number;
  versions: readonly string[];
  region?: string;
  profile?: string;
  /** A ready client (tests); otherwise one is made for region/profile. */
  client?: CloudWatchLogsClient;
  /** Per query, from start to Complete. Default 5 minutes. */
  queryTimeoutMs?: number;
  pollMs?: number;
  /** Rows per query; at this many the range is split. Default 10,000 (the Insights maximum). */
  maxRows?: number;
  /** Throttled calls are tried this many times in all. Default 6. */
  attempts?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const THROTTLED = new Set(["ThrottlingException", "LimitExceededException", "TooManyRequestsException"]);
const DONE_BAD = new Set(["Failed", "Cancelled", "Timeout", "Unknown"]);
/** Below this, a full answer is taken as is (with a warning) instead of split again. */
const MIN_SPLIT_MS = 60_000;

/** Every call group of the range, and warnings (e.g. a part still at the row limit). */
export async function readCloudWatchUsage(
  options: CloudWatchUsageOptions,
): Promise<{ calls: CountedCall[]; warnings: string[] }> {
  const client =
    options.client ??
    new CloudWatchLogsClient({
      ...(options.region && { region: options.region }),
      ...(options.profile && { profile: options.profile }),
    });
  const calls: CountedCall[] = [];
  const warnings: string[] = [];
  const ranges: [number, number][] = [[options.startMs, options.endMs]];
  const maxRows = options.maxRows ?? INSIGHTS_MAX_ROWS;
  for (let range = ranges.shift(); range; range = ranges.shift()) {
    const [start, end] = range;
    const rows = await runQuery(client, options, start, end, maxRows);
    if (rows.length >= maxRows && end - start > MIN_SPLIT_MS) {
      // Whole seconds: Insights takes seconds, so the halves neither overlap nor leave a gap.
      const middle = start + Math.floor((end - start) / 2000) * 1000;
      ranges.unshift([start, middle], [middle, end]);
      continue;
    }
    if (rows.length >= maxRows) {
      warnings.push(
        `CloudWatch Logs Insights returned the maximum of ${maxRows} rows for ${new Date(start).toISOString()}–${new Date(end).toISOString()}; some clients may be missing`,
      );
    }
    for (const row of rows) {
      const call = callFromRow(row);
      if (call) calls.push(call);
    }
  }
  return { calls, warnings };
}

async function runQuery(
  client: CloudWatchLogsClient,
  options: CloudWatchUsageOptions,
  startMs: number,
  endMs: number,
  maxRows: number,
): Promise<InsightsRow[]> {
  const started = await withBackoff(options, "StartQuery", () =>
    client.send(
      new StartQueryCommand({
        logGroupName: options.logGroup,
        // Insights takes seconds; the end is inclusive, so the halves of a split do not overlap.
        startTime: Math.floor(startMs / 1000),
        endTime: Math.ceil(endMs / 1000) - (endMs < options.endMs ? 1 : 0),
        queryString: insightsQuery(options.versions, maxRows),
        limit: maxRows,
      }),
    ),
  );
  const queryId = started.queryId;
  if (!queryId)
    throw new CutoverError(`CloudWatch Logs StartQuery on ${options.logGroup} returned no query id`);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = now() + (options.queryTimeoutMs ?? 300_000);
  for (;;) {
    const answer = await withBackoff(options, "GetQueryResults", () =>
      client.send(new GetQueryResultsCommand({ queryId })),
    );
    if (answer.status === "Complete") return (answer.results ?? []) as InsightsRow[];
    if (answer.status && DONE_BAD.has(answer.status)) {
      throw new CutoverError(
        `CloudWatch Logs Insights query on ${options.logGroup} ended with status ${answer.status}; shorten --usage-window and run it again`,
      );
    }
    if (now() >= deadline) {
      await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
      const seconds = Math.round((options.queryTimeoutMs ?? 300_000) / 1000);
      throw new CutoverError(
        `CloudWatch Logs Insights query on ${options.logGroup} did not complete within ${seconds} s (status ${answer.status ?? "unknown"}); it was stopped — shorten --usage-window or run it again later`,
      );
    }
    await sleep(options.pollMs ?? 1000);
  }
}

/** Retries throttling with exponential backoff; any other error is explained and thrown. */
async function withBackoff<T>(
  options: CloudWatchUsageOptions,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  const attempts = options.attempts ?? 6;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const name = (error as { name?: string }).name ?? "";
      if (THROTTLED.has(name) && attempt < attempts) {
        await sleep((options.backoffMs ?? 1000) * 2 ** (attempt - 1));
        continue;
      }
      throw explain(error, name, operation, options.logGroup, attempt);
    }
  }
}

function explain(
  error: unknown,
  name: string,
  operation: string,
  logGroup: string,
  attempt: number,
): CutoverError {
  const message = error instanceof Error ? error.message : String(error);
  let fix = "check the AWS region, credentials and the log group";
  if (THROTTLED.has(name)) fix = `still throttled after ${attempt} attempts; run it again later`;
  else if (name === "ResourceNotFoundException")
    fix = `no log group ${logGroup}: turn on the EKS control-plane "audit" log type (aws eks update-cluster-config --logging) and check --region`;
  else if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(`${name} ${message}`))
    fix = "allow logs:StartQuery, logs:GetQueryResults and logs:StopQuery on the log group";
  else if (/credential|token|profile/i.test(message))
    fix = "no usable AWS credentials: set --profile or AWS_PROFILE, or run `aws sso login`";
  return new CutoverError(
    `CloudWatch Logs ${operation} on ${logGroup} failed: ${name ? `${name}: ` : ""}${message}; ${fix}`,
    {
      cause: error,
    },
  );
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
