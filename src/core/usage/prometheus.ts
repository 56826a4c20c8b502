// Usage from the API server's own metrics, scraped by Prometheus: which deprecated APIs were requested
// (apiserver_requested_deprecated_apis), how often (apiserver_request_total) and when last, over a window.
// Pure: builds the PromQL and turns the series into calls; the adapter sends the queries.
import type { ApiCall } from "./audit-event.js";
import type { CountedCall } from "./group.js";

/** One series of an instant vector: its labels and its value. */
export interface PromSeries {
  metric: Record<string, string>;
  value: number;
}

const BY = "group, version, resource, subresource";
/** The step of "last seen": a call is placed within this much. */
export const LAST_SEEN_STEP = "5m";

/** How far back every usage source (audit logs, Prometheus, CloudWatch) reads unless --usage-window says. */
export const DEFAULT_USAGE_WINDOW = "7d";

/** "7d", "24h", "90m", "2w": a Prometheus duration of one unit. */
export const WINDOW_PATTERN = /^[1-9]\d*[smhdw]$/;

/** The window in milliseconds ("7d" → 604800000). */
export function windowMs(window: string): number {
  const units: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
  return Number.parseInt(window, 10) * (units[window.slice(-1)] ?? Number.NaN);
}

export interface UsageQueries {
  deprecated: string;
  requests: string;
  lastSeen: string;
  /** Whether the API server is scraped at all. */
  present: string;
}

/** The queries over `window`, the request counts limited to the API versions that can matter. */
export function usageQueries(window: string, versions: readonly string[]): UsageQueries {
  const matcher = versions.length > 0 ? `{version=~"${versions.map(escapeRegex).join("|")}"}` : "";
  const total = `apiserver_request_total${matcher}`;
  return {
    deprecated: `max by (${BY}, removed_release) (max_over_time(apiserver_requested_deprecated_apis[${window}]))`,
    requests: `sum by (${BY}) (increase(${total}[${window}]))`,
    lastSeen: `max by (${BY}) (max_over_time((timestamp(sum by (${BY}) (increase(${total}[${LAST_SEEN_STEP}])) > 0))[${window}:${LAST_SEEN_STEP}]))`,
    present: "count(apiserver_request_total)",
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The calls and counts of a window: every API announced deprecated, and every API with requests. */
export function usageFromSeries(series: {
  deprecated: readonly PromSeries[];
  requests: readonly PromSeries[];
  lastSeen: readonly PromSeries[];
}): CountedCall[] {
  const byKey = new Map<string, CountedCall>();
  const entry = (metric: Record<string, string>): CountedCall | undefined => {
    const call = callOf(metric);
    if (!call) return undefined;
    const key = `${call.apiVersion}\u0000${call.resource}\u0000${call.subresource ?? ""}`;
    const found = byKey.get(key);
    if (found) return found;
    const created = { call, stats: { count: 0, firstSeen: null, lastSeen: null } };
    byKey.set(key, created);
    return created;
  };
  for (const { metric } of series.deprecated) {
    const found = entry(metric);
    if (!found) continue;
    found.call.deprecated = true;
    found.call.removedRelease = metric.removed_release || null;
  }
  for (const { metric, value } of series.requests) {
    const found = entry(metric);
    if (found) found.stats.count += Math.round(value);
  }
  for (const { metric, value } of series.lastSeen) {
    const found = byKey.get(keyOfMetric(metric));
    if (found && Number.isFinite(value)) found.stats.lastSeen = new Date(value * 1000).toISOString();
  }
  // A request counter that did not move in the window is not a use.
  return [...byKey.values()].filter((item) => item.stats.count > 0 || item.call.deprecated);
}

function keyOfMetric(metric: Record<string, string>): string {
  const call = callOf(metric);
  return call ? `${call.apiVersion}\u0000${call.resource}\u0000${call.subresource ?? ""}` : "";
}

function callOf(metric: Record<string, string>): ApiCall | undefined {
  const { group, version, resource, subresource } = metric;
  if (!version || !resource) return undefined;
  return {
    user: null,
    userAgent: null,
    sourceIP: null,
    verb: null,
    apiVersion: group ? `${group}/${version}` : version,
    resource,
    subresource: subresource || null,
    time: null,
    deprecated: false,
    removedRelease: null,
  };
}
