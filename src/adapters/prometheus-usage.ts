// Reads API usage from the API server's metrics in Prometheus over a window. Never fails the scan: an
// unreachable Prometheus, a rejected query or a missing metric becomes a warning that names what is missing.
import type { CountedCall } from "../core/usage/group.js";
import { type PromSeries, usageFromSeries, usageQueries } from "../core/usage/prometheus.js";
import { createPrometheusVectorQuery } from "./prometheus.js";

export interface PrometheusUsageOptions {
  address: string;
  /** A Prometheus duration, e.g. "7d". */
  window: string;
  /** API versions worth counting requests for (v1beta1, …); empty: all. */
  versions: readonly string[];
  timeoutMs?: number;
}

export interface PrometheusUsage {
  calls: CountedCall[];
  warnings: string[];
}

const SKIPPED = "usage from API server metrics is left out, the rest of the scan goes on";

export async function readPrometheusUsage(options: PrometheusUsageOptions): Promise<PrometheusUsage> {
  const query = createPrometheusVectorQuery({
    address: options.address,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const queries = usageQueries(options.window, options.versions);
  const present = await query(queries.present);
  if (present.kind === "error") return { calls: [], warnings: [`${present.message}; ${SKIPPED}`] };
  if (present.series.length === 0) {
    return {
      calls: [],
      warnings: [
        `Prometheus has no apiserver_request_total series: it does not scrape the API server's /metrics (add a scrape job for the kube-apiserver); ${SKIPPED}`,
      ],
    };
  }
  const warnings: string[] = [];
  const read = async (name: string, promql: string): Promise<PromSeries[]> => {
    const outcome = await query(promql);
    if (outcome.kind === "vector") return outcome.series;
    warnings.push(`Prometheus query for ${name} failed: ${outcome.message}; ${SKIPPED} for it`);
    return [];
  };
  const deprecated = await read("apiserver_requested_deprecated_apis", queries.deprecated);
  const requests = await read("apiserver_request_total", queries.requests);
  const lastSeen = await read("the last request time", queries.lastSeen);
  return { calls: usageFromSeries({ deprecated, requests, lastSeen }), warnings };
}
