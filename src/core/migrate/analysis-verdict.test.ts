import { describe, expect, it } from "vitest";
import { type Measurement, type MeasurementPhase, MIN_SAMPLES_METRIC } from "./analysis.js";
import {
  type AnalysisState,
  analysisVerdict,
  emptyAnalysis,
  foldRound,
  limitBreach,
  tally,
} from "./analysis-verdict.js";

const START = 0;
const LIMITS = { failureLimit: 1, inconclusiveLimit: 2, consecutiveErrorLimit: 2 };
const m = (
  phase: MeasurementPhase,
  metric = "error-rate",
  side: "green" | "blue" = "green",
): Measurement => ({
  metric,
  side,
  phase,
  at: 0,
  message: `${metric} ${phase}`,
});

function rounds(...phases: MeasurementPhase[][]): AnalysisState {
  return phases.reduce(
    (analysis, round, index) =>
      foldRound(
        analysis,
        round.map((phase) => m(phase)),
        (index + 1) * 10_000,
      ),
    emptyAnalysis(START),
  );
}

describe("tally (Argo's counter rules)", () => {
  it("an error counts apart from count and builds a streak; anything else ends the streak", () => {
    let counts = tally(
      { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveError: 0 },
      "error",
    );
    counts = tally(counts, "error");
    expect(counts).toMatchObject({ count: 0, error: 2, consecutiveError: 2 });
    counts = tally(counts, "inconclusive");
    expect(counts).toMatchObject({ count: 1, inconclusive: 1, consecutiveError: 0, error: 2 });
  });
});

describe("limitBreach: limits are compared with >", () => {
  it.each([
    [[["failed"]], null],
    [[["failed"], ["failed"]], "error-rate: failed (2) > failureLimit (1)"],
    [[["inconclusive"], ["inconclusive"]], null],
    [
      [["inconclusive"], ["inconclusive"], ["inconclusive"]],
      "error-rate: inconclusive (3) > inconclusiveLimit (2)",
    ],
    [[["error"], ["error"], ["successful"], ["error"]], null],
    [[["error"], ["error"], ["error"]], "error-rate: consecutive errors (3) > consecutiveErrorLimit (2)"],
  ] as [MeasurementPhase[][], string | null][])("%j → %s", (phases, expected) => {
    expect(limitBreach(rounds(...phases).tallies, LIMITS)).toBe(expected);
  });

  it("a round where blue is unhealthy is not counted", () => {
    const analysis = foldRound(emptyAnalysis(0), [m("failed", "error-rate", "blue"), m("failed")], 10_000);
    expect(analysis.tallies).toEqual({});
    expect(analysis.heldRounds).toBe(1);
  });
});

describe("analysisVerdict", () => {
  const base = {
    limits: LIMITS,
    intervalMs: 10_000,
    bakeMs: 30_000,
    metrics: ["error-rate"],
    minSamples: false,
  };
  const ok = rounds(["successful"], ["successful"], ["successful"]);
  it.each([
    ["a breached limit fails", rounds(["failed"], ["failed"]), 40_000, "failed"],
    ["still baking", ok, 25_000, "running"],
    ["baked, latest round successful and fresh", ok, 30_000, "passed"],
    ["baked but the latest round is stale", ok, 45_000, "hold"],
    [
      "baked but the latest round is inconclusive",
      rounds(["successful"], ["successful"], ["inconclusive"]),
      30_000,
      "hold",
    ],
    [
      "baked but the latest round failed within the limit",
      rounds(["successful"], ["successful"], ["failed"]),
      30_000,
      "hold",
    ],
    ["no round at all", emptyAnalysis(0), 30_000, "hold"],
  ])("%s", (_, analysis, now, status) => {
    expect(analysisVerdict({ ...base, analysis, now }).status).toBe(status);
  });

  it("an unhealthy blue holds, even while baking", () => {
    const analysis = foldRound(ok, [m("failed", "error-rate", "blue"), m("successful")], 30_000);
    const verdict = analysisVerdict({ ...base, analysis, now: 30_000 });
    expect(verdict).toMatchObject({ status: "hold", cause: "blue-unhealthy" });
  });

  it("the minimum sample must be reached before a step passes", () => {
    const few = foldRound(
      ok,
      [m("successful"), { ...m("inconclusive", MIN_SAMPLES_METRIC), message: "needs 100" }],
      30_000,
    );
    expect(analysisVerdict({ ...base, minSamples: true, analysis: few, now: 30_000 })).toEqual({
      status: "hold",
      cause: "min-samples",
      reason: "needs 100",
    });
    const enough = foldRound(ok, [m("successful"), m("successful", MIN_SAMPLES_METRIC)], 30_000);
    expect(analysisVerdict({ ...base, minSamples: true, analysis: enough, now: 30_000 }).status).toBe(
      "passed",
    );
  });

  it("a metric missing from the latest round holds", () => {
    const verdict = analysisVerdict({
      ...base,
      metrics: ["error-rate", "latency-p99"],
      analysis: ok,
      now: 30_000,
    });
    expect(verdict).toMatchObject({
      status: "hold",
      reason: "latency-p99: not measured in the latest round",
    });
  });
});
