// MetricProvider over the Prometheus HTTP API (instant queries, /api/v1/query). Every outcome is a
// MetricResult: one series → value; no series, NaN or ±Inf → no-data; anything else → error. Header
// values and URL credentials never appear in messages.
import { messageOf } from "../core/errors.js";
import type { MetricProvider, MetricResult } from "../ports/metrics.js";

export interface PrometheusMetricsOptions {
  /** Base URL, e.g. http://127.0.0.1:9090 or https://host/prometheus (a path prefix is kept). */
  address: string;
  /** Per request, including reading the body. Default 10 s. */
  timeoutMs?: number;
  /** Extra request headers, e.g. Authorization or a tenant header; their values are never shown. */
  headers?: Record<string, string>;
  /** POST (default: no URL length limit) or GET for proxies that only allow GET. */
  method?: "GET" | "POST";
}

const DEFAULT_TIMEOUT_MS = 10_000;
const SNIPPET_CHARS = 200;
const SERIES_SHOWN = 3;
const MIN_SECRET_CHARS = 4;

type HttpOutcome =
  | { ok: true; status: number; statusText: string; body: string }
  | { ok: false; message: string };

interface Endpoint {
  base: string;
  shown: string;
  headers: Record<string, string>;
  secrets: string[];
  problem: string | null;
}

/** "user:pass@host", "//user:pass@host" → "[redacted]@host", for addresses that are unusable. */
function hideUserInfo(address: string): string {
  return address.replace(/^([^/@]*\/\/)?[^/@]*@/, "$1[redacted]@");
}

/** Splits user:password out of the address into a Basic header (fetch refuses URLs with credentials). */
function parseAddress(address: string, headers: Record<string, string>): Endpoint {
  // "Bearer abc" hides both the whole value and the credential after the scheme, should a server echo it.
  // Values under 4 characters (a tenant id "1") are not hidden: they would mangle every message.
  const secrets = Object.values(headers)
    .flatMap((value) => [value, value.replace(/^\S+\s+/, "")])
    .filter((value) => value.length >= MIN_SECRET_CHARS);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    const shown = hideUserInfo(address);
    const problem = `Prometheus address "${shown}" is not a URL; write it like http://127.0.0.1:9090`;
    return { base: "", shown, headers, secrets, problem };
  }
  const merged = { ...headers };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    merged.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    secrets.push(merged.Authorization, ...[password, url.password].filter((value) => value.length > 0));
    url.username = "";
    url.password = "";
  }
  const base = url.toString().replace(/\/+$/, "");
  const problem =
    url.protocol === "http:" || url.protocol === "https:"
      ? null
      : `Prometheus address "${hideUserInfo(address)}" must start with http:// or https://`;
  return { base, shown: base, headers: merged, secrets, problem };
}

function redact(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => (secret ? text.split(secret).join("[redacted]") : text), message);
}

function snippet(body: string): string {
  const line = body.replace(/\s+/g, " ").trim();
  return line.length > SNIPPET_CHARS ? `${line.slice(0, SNIPPET_CHARS)}…` : line;
}

/** Why fetch failed, from undici's `cause` (ECONNREFUSED, ENOTFOUND, certificate errors). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? messageOf(error);
}

async function send(
  endpoint: Endpoint,
  path: string,
  init: { method: string; body?: URLSearchParams },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await fetch(`${endpoint.base}${path}`, {
      ...init,
      headers: endpoint.headers,
      signal: combined,
    });
    const body = await response.text();
    return { ok: true, status: response.status, statusText: response.statusText, body };
  } catch (error) {
    if (signal?.aborted)
      return { ok: false, message: `request to Prometheus at ${endpoint.shown} was aborted` };
    if (timeout.aborted) {
      return {
        ok: false,
        message: `Prometheus at ${endpoint.shown} did not answer within ${timeoutMs} ms; check its load or raise timeoutMs`,
      };
    }
    return {
      ok: false,
      message: `cannot reach Prometheus at ${endpoint.shown}: ${networkReason(error)}; check the address and that Prometheus is running`,
    };
  }
}

interface ApiResponse {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

function parseJson(body: string): ApiResponse | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" ? (value as ApiResponse) : null;
  } catch {
    return null;
  }
}

/** Prometheus writes special floats as "NaN", "+Inf", "-Inf". */
function sampleValue(raw: unknown): MetricResult {
  const special: Record<string, string> = {
    NaN: "query returned NaN (0/0: usually no requests in the window)",
    "+Inf": "query returned +Inf (division by zero: the denominator had no data in the window)",
    "-Inf": "query returned -Inf (division by zero: the denominator had no data in the window)",
  };
  if (typeof raw !== "string")
    return { kind: "error", message: `unexpected sample value ${JSON.stringify(raw)}` };
  const reason = special[raw];
  if (reason !== undefined) return { kind: "no-data", reason };
  const value = Number(raw);
  return Number.isFinite(value)
    ? { kind: "value", value }
    : { kind: "error", message: `unexpected sample value ${JSON.stringify(raw)}` };
}

function labelsText(series: unknown): string {
  const metric = (series as { metric?: Record<string, string> }).metric ?? {};
  return `{${Object.entries(metric)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(",")}}`;
}

function vectorResult(result: unknown[]): MetricResult {
  if (result.length === 0) return { kind: "no-data", reason: "query returned no series" };
  if (result.length > 1) {
    const shown = result.slice(0, SERIES_SHOWN).map(labelsText).join(", ");
    const more = result.length > SERIES_SHOWN ? ", …" : "";
    return {
      kind: "error",
      message: `query returned ${result.length} series (${shown}${more}); a gate needs one number: aggregate with sum(…) or max(…), or add label matchers`,
    };
  }
  const sample = (result[0] as { value?: unknown[] }).value;
  return sampleValue(sample?.[1]);
}

/** Turns the API answer of an instant query into a MetricResult. */
export function interpretQueryResponse(status: number, statusText: string, body: string): MetricResult {
  const json = parseJson(body);
  if (json?.status === "error") {
    return {
      kind: "error",
      message: `Prometheus rejected the query (HTTP ${status}, ${String(json.errorType ?? "unknown")}): ${String(json.error ?? "")}`,
    };
  }
  if (status < 200 || status > 299 || json?.status !== "success") {
    return { kind: "error", message: `Prometheus answered HTTP ${status} ${statusText}: ${snippet(body)}` };
  }
  const { resultType, result } = json.data ?? {};
  if (resultType === "vector" && Array.isArray(result)) return vectorResult(result);
  if (resultType === "scalar" && Array.isArray(result)) return sampleValue(result[1]);
  if (resultType === "matrix") {
    return {
      kind: "error",
      message: "query returned a range vector; a gate needs an instant value: wrap it, e.g. sum(rate(x[1m]))",
    };
  }
  return {
    kind: "error",
    message: `query returned an unsupported result type ${JSON.stringify(resultType)}`,
  };
}

export function createPrometheusMetrics(options: PrometheusMetricsOptions): MetricProvider {
  const endpoint = parseAddress(options.address, options.headers ?? {});
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const method = options.method ?? "POST";
  const clean = (message: string) => redact(message, endpoint.secrets);

  async function query(promql: string, signal?: AbortSignal): Promise<MetricResult> {
    if (endpoint.problem) return { kind: "error", message: endpoint.problem };
    const params = new URLSearchParams({ query: promql });
    const outcome =
      method === "GET"
        ? await send(endpoint, `/api/v1/query?${params}`, { method }, timeoutMs, signal)
        : await send(endpoint, "/api/v1/query", { method, body: params }, timeoutMs, signal);
    const result = outcome.ok
      ? interpretQueryResponse(outcome.status, outcome.statusText, outcome.body)
      : { kind: "error" as const, message: outcome.message };
    return result.kind === "error" ? { kind: "error", message: clean(result.message) } : result;
  }

  /** /-/ready first; hosted APIs without it (404) are checked with the query vector(1), as Flagger does. */
  async function ping(): Promise<string | null> {
    if (endpoint.problem) return endpoint.problem;
    const outcome = await send(endpoint, "/-/ready", { method: "GET" }, timeoutMs);
    if (!outcome.ok) return clean(outcome.message);
    if (outcome.status === 200) return null;
    if (outcome.status === 404) {
      const probe = await query("vector(1)");
      return probe.kind === "value"
        ? null
        : clean(`Prometheus at ${endpoint.shown} does not answer queries: ${describe(probe)}`);
    }
    return clean(
      `Prometheus at ${endpoint.shown} is not ready: HTTP ${outcome.status} ${outcome.statusText}: ${snippet(outcome.body)}`,
    );
  }

  return { name: "prometheus", ping, query };
}

function describe(result: MetricResult): string {
  return result.kind === "error"
    ? result.message
    : result.kind === "no-data"
      ? result.reason
      : String(result.value);
}

/** One series of an instant vector: labels and value (NaN/±Inf kept as numbers). */
export interface VectorSeries {
  metric: Record<string, string>;
  value: number;
}

export type VectorOutcome = { kind: "vector"; series: VectorSeries[] } | { kind: "error"; message: string };

/**
 * Instant queries that return every series (usage reads, not gates): the same address, headers,
 * credentials handling and error wording as the gate provider.
 */
export function createPrometheusVectorQuery(
  options: PrometheusMetricsOptions,
): (promql: string) => Promise<VectorOutcome> {
  const endpoint = parseAddress(options.address, options.headers ?? {});
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (promql) => {
    if (endpoint.problem) return { kind: "error", message: endpoint.problem };
    const body = new URLSearchParams({ query: promql });
    const outcome = await send(endpoint, "/api/v1/query", { method: "POST", body }, timeoutMs);
    if (!outcome.ok) return { kind: "error", message: redact(outcome.message, endpoint.secrets) };
    const json = parseJson(outcome.body);
    const result = json?.data?.result;
    if (
      outcome.status >= 200 &&
      outcome.status < 300 &&
      json?.status === "success" &&
      Array.isArray(result)
    ) {
      return { kind: "vector", series: result.map(vectorSeries) };
    }
    const failed = interpretQueryResponse(outcome.status, outcome.statusText, outcome.body);
    const message = failed.kind === "error" ? failed.message : `unexpected answer: ${snippet(outcome.body)}`;
    return { kind: "error", message: redact(message, endpoint.secrets) };
  };
}

function vectorSeries(item: unknown): VectorSeries {
  const { metric, value } = item as { metric?: Record<string, string>; value?: unknown[] };
  return { metric: metric ?? {}, value: Number(value?.[1]) };
}
