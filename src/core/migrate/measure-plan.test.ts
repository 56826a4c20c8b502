import { describe, expect, it } from "vitest";
import { testSpec } from "../../../test/support/migration-spec.js";
import { evaluateRound, measurePlan } from "./measure-plan.js";

const body = testSpec().spec;

describe("measurePlan", () => {
  it("renders each query with each side's labels, and skips blue when it carries no traffic", () => {
    const plan = measurePlan(body, body.analysis, 1, true);
    expect(plan.queries[0]).toMatchObject({
      metric: "error-rate",
      backend: { provider: "prometheus", address: "http://127.0.0.1:9090" },
      thresholds: { max: 0.05, vsBlue: { maxRatio: 2 } },
    });
    expect(plan.queries[0]?.green).toContain('cluster="green",code=~"5.."');
    expect(plan.queries[0]?.blue).toContain('cluster="blue",code=~"5.."');
    expect(plan.minSamples).toMatchObject({
      min: 100,
      green: 'sum(increase(http_requests_total{cluster="green"}[10m]))',
    });
    expect(measurePlan(body, body.analysis, 3, false).queries[0]?.blue).toBeNull();
  });
});

describe("evaluateRound", () => {
  it("a metric without an answer is an error, never a pass", () => {
    const plan = measurePlan(body, body.analysis, 0, true);
    const measurements = evaluateRound(plan, { metrics: {}, minSamples: { kind: "value", value: 500 } }, 5);
    expect(measurements.map((m) => [m.metric, m.phase])).toEqual([
      ["error-rate", "error"],
      ["min-samples", "successful"],
    ]);
  });
});
