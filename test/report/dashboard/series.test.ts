// The charts' series from literal event histories (test/support/migration-histories.ts).
import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../../src/core/migrate/events.js";
import type { MigrationEvent } from "../../../src/ports/store.js";
import { metricSeries, weightMarks, weightSeries } from "../../../src/report/dashboard/series.js";
import { bad, e, NAME, S, STEP1_PASSED, shifted, T } from "../../support/migration-histories.js";
import { testSpec } from "../../support/migration-spec.js";

const stored = (events: NewEvent[]): MigrationEvent[] =>
  events.map((event, index) => ({
    seq: index + 1,
    migration: NAME,
    at: new Date(0).toISOString(),
    type: event.type,
    data: event.data as Record<string, unknown>,
  }));

const ROLLED_BACK = stored([
  ...STEP1_PASSED,
  ...shifted(1, 50, 20, T + 60 * S),
  e("measurement", { at: T + 70 * S, step: 1, measurements: bad(T + 70 * S) }),
  e("rollback-started", { at: T + 70 * S, reason: "error-rate failed", by: "cutover (automatic)" }),
  e("weights-set", { at: T + 71 * S, weights: { blue: 100, green: 0 }, previous: { blue: 50, green: 50 } }),
  e("rolled-back", { at: T + 72 * S, weights: { blue: 100, green: 0 } }),
]);
const body = testSpec().spec;

describe("dashboard series", () => {
  it("weights: the preflight reading and every weight set, in order", () => {
    expect(weightSeries(ROLLED_BACK).map((p) => [p.at - T, p.green])).toEqual([
      [0, 0],
      [0, 20],
      [60 * S, 50],
      [71 * S, 0],
    ]);
  });

  it("marks: step starts, ends of bake (effective + 1m), decisions and the rollback", () => {
    expect(weightMarks(ROLLED_BACK, body).map((m) => [m.kind, (m.at - T) / S])).toEqual([
      ["bake-end", 60],
      ["decision", 60],
      ["step", 60],
      ["bake-end", 120],
      ["rollback", 70],
      ["rollback", 72],
    ]);
  });

  it("metrics: one point per round with its verdict, thresholds and failure limit from the spec", () => {
    const series = metricSeries(ROLLED_BACK, body);
    expect(series.map((s) => [s.metric, s.max, s.maxRatio, s.min, s.failureLimit, s.points.length])).toEqual([
      ["error-rate", 0.05, 2, null, 0, 7],
      ["min-samples", null, null, 100, 0, 6],
    ]);
    expect(series[0]?.points.map((p) => p.phase)).toEqual([...Array(6).fill("successful"), "failed"]);
    expect(series[0]?.points.at(-1)?.step).toBe(2);
  });
});
