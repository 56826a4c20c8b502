// Metric providers for driver tests: answers scripted from the query's side (the rendered label), the
// time and the current weights, so a test can say "green errors once it has 50 %".
import type { MetricBackend } from "../../src/core/migrate/measure-plan.js";
import type { MetricProvider, MetricResult } from "../../src/ports/metrics.js";
import type { Side, Weights } from "../../src/ports/traffic.js";

export interface QueryContext {
  query: string;
  side: Side;
  now: number;
  weights: Weights;
}

export type Script = (context: QueryContext) => MetricResult;

export interface ScriptedMetrics {
  factory: (backend: MetricBackend) => MetricProvider;
  queries: QueryContext[];
  pingProblem: string | null;
}

/** `side` is read from the rendered query: the spec's labels are cluster: blue / cluster: green. */
export function scriptedMetrics(script: Script, now: () => number, weights: () => Weights): ScriptedMetrics {
  const state: ScriptedMetrics = {
    queries: [],
    pingProblem: null,
    factory: (backend) => ({
      name: backend.provider,
      ping: async () => state.pingProblem,
      query: async (query) => {
        const context: QueryContext = {
          query,
          side: query.includes('"green"') ? "green" : "blue",
          now: now(),
          weights: weights(),
        };
        state.queries.push(context);
        return script(context);
      },
    }),
  };
  return state;
}

export const value = (v: number): MetricResult => ({ kind: "value", value: v });
export const noData: MetricResult = { kind: "no-data", reason: "empty vector" };
export const queryError: MetricResult = { kind: "error", message: "connection refused" };

/** A healthy pair: 0.1 % errors on each side, and plenty of requests for the minimum sample. */
export const healthy: Script = ({ query }) =>
  query.includes("requests_total{") && !query.includes("5..") ? value(5000) : value(0.001);
