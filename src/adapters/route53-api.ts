// Route 53 calls shared by the route53 and externaldns providers: bounded retries on throttling and on
// transient failures (HTTP 5xx, a reset or timed-out connection), errors in words (never credentials),
// and reading the record sets of one name with pagination.
import {
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
  type RRType,
} from "@aws-sdk/client-route-53";
import type { Clock } from "../ports/clock.js";
import { TrafficError } from "../ports/traffic.js";

/** What a side's record points at. Without one, the record must exist and only its weight changes. */
export type Route53Target =
  | { alias: { dnsName: string; hostedZoneId: string; evaluateTargetHealth?: boolean } }
  | { values: string[] };

export interface Route53SideOptions {
  setIdentifier: string;
  target?: Route53Target;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 6). */
  maxAttempts: number;
  /** The backoff cap doubles from this (default 200 ms) up to maxDelayMs (default 5000 ms). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** 0 ≤ random() < 1, for the jitter (default Math.random). */
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  random: Math.random,
};

/** The account's API rate (Throttling, "Rate exceeded") or the zone busy with an earlier change. */
export function isThrottling(error: unknown): boolean {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (
    ["Throttling", "ThrottlingException", "PriorRequestNotComplete", "TooManyRequestsException"].includes(
      e?.name ?? "",
    )
  ) {
    return true;
  }
  return e?.$metadata?.httpStatusCode === 400 && /rate exceeded/i.test(e?.message ?? "");
}

const TRANSIENT_NAMES = [
  "InternalFailure",
  "InternalError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
];
const TRANSIENT_CODES = ["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND"];

/**
 * A failure that says nothing about the request itself: Route 53 answered 5xx (500 InternalFailure,
 * 503 ServiceUnavailable, a gateway), or the connection was reset, refused or timed out before an answer.
 * Retrying is safe: reads change nothing, and a ChangeResourceRecordSets UPSERT of the same records twice
 * ends in the same records.
 */
export function isTransient(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500 && status <= 599) return true;
  if (TRANSIENT_NAMES.includes(e?.name ?? "")) return true;
  if (TRANSIENT_CODES.includes(e?.code ?? "")) return true;
  return /socket hang up|ECONNRESET|ETIMEDOUT/i.test(e?.message ?? "");
}

export interface Route53Api {
  client: Route53Client;
  clock: Clock;
  retry: RetryPolicy;
  /** Provider name used in errors ("route53", "externaldns"). */
  provider: string;
}

/**
 * Runs `call`, retrying throttling and transient failures with exponential backoff and full jitter
 * (sleep a random time below min(maxDelay, base × 2^attempt)), at most `maxAttempts` times in all; any
 * other error is thrown at once. The SDK's own retries are off, so this bound is the only one.
 */
export async function withRetry<T>(api: Route53Api, what: string, call: () => Promise<T>): Promise<T> {
  const { maxAttempts, baseDelayMs, maxDelayMs, random } = api.retry;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = isThrottling(error) || isTransient(error);
      if (!retryable || attempt + 1 >= maxAttempts) {
        throw new TrafficError(api.provider, `${what} failed: ${describeAwsError(error, attempt + 1)}`);
      }
      await api.clock.sleep(Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt)));
    }
  }
}

/** An AWS error in words with what to do; SDK errors never carry the secret key, and neither does this. */
export function describeAwsError(error: unknown, attempts = 1): string {
  const e = error as { name?: string; message?: string };
  const name = e?.name ?? "Error";
  const message = e?.message ?? String(error);
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
    return "no AWS credentials found in the default chain (environment, shared config/SSO profile, web identity, instance or task role); set AWS_PROFILE or run `aws sso login`";
  }
  if (isThrottling(error))
    return `${name}: ${message} (still throttled after ${attempts} attempts; retry later)`;
  if (isTransient(error)) {
    const e = error as { code?: string; $metadata?: { httpStatusCode?: number } };
    const detail = e.$metadata?.httpStatusCode
      ? `HTTP ${e.$metadata.httpStatusCode} `
      : e.code
        ? `${e.code} `
        : "";
    return `${detail}${name}: ${message} (still failing after ${attempts} attempts: Route 53 or the network is having trouble; check https://health.aws.amazon.com and retry, e.g. cutover migrate resume)`;
  }
  if (name === "AccessDenied" || name === "AccessDeniedException") {
    return `${name}: ${message} (grant route53:GetHostedZone, ListResourceRecordSets, ChangeResourceRecordSets and GetChange)`;
  }
  if (name === "NoSuchHostedZone") return `${name}: ${message} (check hostedZoneId)`;
  return `${name}: ${message}`;
}

export function createRoute53Client(options: { region?: string; endpoint?: string }): Route53Client {
  // Credentials come from the SDK's default chain. Our retry policy is the only one (maxAttempts 1 here),
  // so the bound on throttling retries is ours.
  return new Route53Client({
    region: options.region ?? "us-east-1",
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
  });
}

/** One provider's Route 53 access: the injected client or one for region/endpoint, retries over DEFAULT_RETRY. */
export function createRoute53Api(
  provider: string,
  clock: Clock,
  options: { client?: Route53Client; region?: string; endpoint?: string; retry?: Partial<RetryPolicy> },
): Route53Api {
  return {
    client: options.client ?? createRoute53Client(options),
    clock,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    provider,
  };
}

/** `/hostedzone/Z123` or `Z123` → `Z123`. */
export const bareZoneId = (id: string) => id.replace(/^\/?hostedzone\//, "");

/** Route 53's spelling of a name: lower case, a trailing dot, `*` as `\052`. */
export function route53Name(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\*/g, "\\052");
  return lower.endsWith(".") ? lower : `${lower}.`;
}

/**
 * Every record set named `name` (of `type` when given), following NextRecordName/Type/Identifier until
 * the listing moves past the name (Route 53 lists in name, type, set-identifier order).
 */
export async function listRecordSets(
  api: Route53Api,
  hostedZoneId: string,
  name: string,
  type?: RRType,
): Promise<ResourceRecordSet[]> {
  const wanted = route53Name(name);
  const found: ResourceRecordSet[] = [];
  let start: { name: string; type?: RRType; identifier?: string } | undefined = { name: wanted, type };
  while (start) {
    const page = await withRetry(api, `listing ${name} in hosted zone ${hostedZoneId}`, () =>
      api.client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: bareZoneId(hostedZoneId),
          StartRecordName: start?.name,
          StartRecordType: start?.type,
          StartRecordIdentifier: start?.identifier,
        }),
      ),
    );
    const sets = page.ResourceRecordSets ?? [];
    const matches = (r: ResourceRecordSet) =>
      route53Name(r.Name ?? "") === wanted && (!type || r.Type === type);
    found.push(...sets.filter(matches));
    const next = page.NextRecordName;
    const stillOurs =
      page.IsTruncated && next && route53Name(next) === wanted && (!type || page.NextRecordType === type);
    start = stillOurs
      ? { name: next, type: page.NextRecordType, identifier: page.NextRecordIdentifier }
      : undefined;
  }
  return found;
}
