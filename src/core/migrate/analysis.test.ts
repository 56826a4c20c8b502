import { describe, expect, it } from "vitest";
import type { MetricResult } from "../../ports/metrics.js";
import { evaluateMetric, evaluateMinSamples, type Thresholds } from "./analysis.js";

const v = (value: number): MetricResult => ({ kind: "value", value });
const none: MetricResult = { kind: "no-data", reason: "empty vector" };
const failed: MetricResult = { kind: "error", message: "connection refused" };
const AT = 1_000;

describe("evaluateMetric: green against thresholds and blue", () => {
  const max: Thresholds = { max: 0.05 };
  const ratio: Thresholds = { vsBlue: { maxRatio: 2 } };
  const both: Thresholds = { max: 0.05, vsBlue: { maxRatio: 2 } };
  it.each([
    ["within max", max, v(0.01), null, "successful", /green 0.01 within thresholds/],
    ["above max", max, v(0.2), null, "failed", /green 0.2 > max 0.05/],
    ["below min", { min: 0.9 }, v(0.5), null, "failed", /green 0.5 < min 0.9/],
    [
      "no data is never a pass",
      max,
      none,
      null,
      "inconclusive",
      /no data for green \(empty vector\); no data is never a pass/,
    ],
    ["NaN is no data", max, v(Number.NaN), null, "inconclusive", /value is NaN/],
    ["a query error is an error", max, failed, null, "error", /green query failed: connection refused/],
    ["within the ratio", ratio, v(0.015), v(0.01), "successful", /1.5× blue 0.01 \(maxRatio 2\)/],
    ["above the ratio", ratio, v(0.03), v(0.01), "failed", /green 0.03 is 3× blue 0.01 > maxRatio 2/],
    ["blue no data: cannot compare", ratio, v(0.01), none, "inconclusive", /no data for blue's baseline/],
    ["blue error", ratio, v(0.01), failed, "error", /blue baseline query failed/],
    ["both 0", ratio, v(0), v(0), "successful", /both 0/],
    [
      "blue 0, max set: max decides",
      both,
      v(0.01),
      v(0),
      "successful",
      /blue is 0, so the ratio does not apply/,
    ],
    [
      "blue 0, no max: unbounded ratio fails",
      ratio,
      v(0.01),
      v(0),
      "failed",
      /no max is set to fall back on/,
    ],
    [
      "blue carries no traffic: ratio skipped",
      both,
      v(0.01),
      null,
      "successful",
      /vsBlue skipped: blue carries no traffic/,
    ],
  ])("%s", (_, thresholds, green, blue, phase, message) => {
    const measurements = evaluateMetric("error-rate", thresholds, green, blue, AT);
    const last = measurements.at(-1);
    expect(last?.side).toBe("green");
    expect(last?.phase).toBe(phase);
    expect(last?.message).toMatch(message);
    expect(last?.at).toBe(AT);
  });

  it("marks blue unhealthy when blue's own value breaks the absolute threshold", () => {
    const [blue, green] = evaluateMetric("error-rate", both, v(0.2), v(0.3), AT);
    expect(blue).toMatchObject({ side: "blue", phase: "failed", value: 0.3 });
    expect(blue?.message).toMatch(/blue is unhealthy: error-rate 0.3 > max 0.05; holding/);
    expect(green?.side).toBe("green");
  });

  it("a healthy blue adds no blue measurement", () => {
    expect(evaluateMetric("error-rate", both, v(0.01), v(0.01), AT).map((m) => m.side)).toEqual(["green"]);
  });
});

describe("evaluateMinSamples", () => {
  it.each([
    [v(150), "successful", /seen 150 requests/],
    [v(20), "inconclusive", /seen 20 requests, needs 100/],
    [none, "inconclusive", /no sample data/],
    [failed, "error", /sample query failed/],
  ])("%j → %s", (answer, phase, message) => {
    const measurement = evaluateMinSamples(100, answer, AT);
    expect(measurement.phase).toBe(phase);
    expect(measurement.message).toMatch(message);
  });
});
