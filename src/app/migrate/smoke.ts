// Smoke tests on green before it takes any user traffic: N requests per check (with the public Host
// header), a minimum share answering 2xx/3xx, and an optional p95 latency ceiling.
import type { SmokeCheckSpec } from "../../core/migrate/spec.js";
import { httpGet } from "./http-check.js";

export interface SmokeResult {
  url: string;
  host?: string;
  requests: number;
  succeeded: number;
  successRate: number;
  p95LatencyMs: number;
  passed: boolean;
  /** Why the check failed, in words. */
  problem?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function runSmokeChecks(
  checks: readonly SmokeCheckSpec[],
  signal?: AbortSignal,
): Promise<SmokeResult[]> {
  const results: SmokeResult[] = [];
  for (const check of checks) {
    if (signal?.aborted) break;
    results.push(await runSmokeCheck(check, signal));
  }
  return results;
}

async function runSmokeCheck(check: SmokeCheckSpec, signal?: AbortSignal): Promise<SmokeResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  for (let index = 0; index < check.requests && !signal?.aborted; index++) {
    const answer = await httpGet(check.url, {
      ...(check.host && { host: check.host }),
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    latencies.push(answer.latencyMs);
    const ok = answer.status !== null && answer.status >= 200 && answer.status < 400;
    if (!ok) {
      const why = answer.status === null ? (answer.error ?? "no answer") : `HTTP ${answer.status}`;
      failures.set(why, (failures.get(why) ?? 0) + 1);
    }
  }
  const failed = [...failures.values()].reduce((sum, count) => sum + count, 0);
  const succeeded = latencies.length - failed;
  const successRate = latencies.length === 0 ? 0 : succeeded / latencies.length;
  const p95LatencyMs = Math.round(percentile(latencies, 0.95));
  const problems: string[] = [];
  if (successRate < check.minSuccessRate) {
    const causes = [...failures].map(([why, count]) => `${count}× ${why}`).join(", ");
    problems.push(
      `${succeeded}/${latencies.length} succeeded, needs ${check.minSuccessRate * 100} % (${causes})`,
    );
  }
  if (check.maxLatencyMs !== undefined && p95LatencyMs > check.maxLatencyMs) {
    problems.push(`p95 latency ${p95LatencyMs} ms > maxLatencyMs ${check.maxLatencyMs}`);
  }
  return {
    url: check.url,
    ...(check.host && { host: check.host }),
    requests: latencies.length,
    succeeded,
    successRate,
    p95LatencyMs,
    passed: problems.length === 0,
    ...(problems.length > 0 && {
      problem: `${check.url}${check.host ? ` (Host: ${check.host})` : ""}: ${problems.join("; ")}`,
    }),
  };
}

/** Nearest-rank percentile; 0 for no samples. */
export function percentile(values: readonly number[], quantile: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] ?? 0;
}
