// Counting measurements and deciding a step, after Argo Rollouts: counters per metric, limits compared with
// `>`, and an explicit verdict. Counters are per step (each traffic level is its own analysis run) and
// start when the step's traffic change is effective.
import { type Measurement, type MeasurementPhase, MIN_SAMPLES_METRIC } from "./analysis.js";
import { formatDuration } from "./duration.js";

export interface MetricTally {
  /** Measurements without error (Argo's Count). */
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveError: number;
}

export interface AnalysisState {
  /** When measuring may start: the time the traffic change became effective. */
  windowStart: number;
  rounds: number;
  /** Rounds not counted because blue was unhealthy. */
  heldRounds: number;
  lastRoundAt: number | null;
  tallies: Record<string, MetricTally>;
  /** The measurements of the latest round. */
  latest: Measurement[];
}

export interface AnalysisLimits {
  failureLimit: number;
  inconclusiveLimit: number;
  consecutiveErrorLimit: number;
}

export type Verdict =
  | { status: "running"; reason: string }
  | { status: "passed"; reason: string }
  | { status: "failed"; reason: string }
  | {
      status: "hold";
      cause: "blue-unhealthy" | "latest-not-successful" | "min-samples" | "stale";
      reason: string;
    };

export function emptyAnalysis(windowStart: number): AnalysisState {
  return { windowStart, rounds: 0, heldRounds: 0, lastRoundAt: null, tallies: {}, latest: [] };
}

const EMPTY_TALLY: MetricTally = {
  count: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
  consecutiveError: 0,
};

/** Adds one measurement to a tally: an error counts apart from Count; any other phase ends an error streak. */
export function tally(previous: MetricTally, phase: MeasurementPhase): MetricTally {
  if (phase === "error") {
    return { ...previous, error: previous.error + 1, consecutiveError: previous.consecutiveError + 1 };
  }
  return { ...previous, count: previous.count + 1, [phase]: previous[phase] + 1, consecutiveError: 0 };
}

/** Folds a round in. A round where blue is unhealthy is kept as `latest` but not counted. */
export function foldRound(analysis: AnalysisState, measurements: Measurement[], at: number): AnalysisState {
  const base = { ...analysis, rounds: analysis.rounds + 1, lastRoundAt: at, latest: measurements };
  if (measurements.some(isBlueUnhealthy)) return { ...base, heldRounds: analysis.heldRounds + 1 };
  const tallies = { ...analysis.tallies };
  for (const measurement of measurements) {
    if (measurement.side !== "green" || measurement.metric === MIN_SAMPLES_METRIC) continue;
    tallies[measurement.metric] = tally(tallies[measurement.metric] ?? EMPTY_TALLY, measurement.phase);
  }
  return { ...base, tallies };
}

function isBlueUnhealthy(measurement: Measurement): boolean {
  return measurement.side === "blue" && measurement.phase === "failed";
}

/** The first limit a metric exceeds, as Argo words it ("error-rate: failed (3) > failureLimit (2)"), or null. */
export function limitBreach(tallies: Record<string, MetricTally>, limits: AnalysisLimits): string | null {
  for (const [metric, counts] of Object.entries(tallies)) {
    if (counts.failed > limits.failureLimit) {
      return `${metric}: failed (${counts.failed}) > failureLimit (${limits.failureLimit})`;
    }
    if (counts.inconclusive > limits.inconclusiveLimit) {
      return `${metric}: inconclusive (${counts.inconclusive}) > inconclusiveLimit (${limits.inconclusiveLimit})`;
    }
    if (counts.consecutiveError > limits.consecutiveErrorLimit) {
      return `${metric}: consecutive errors (${counts.consecutiveError}) > consecutiveErrorLimit (${limits.consecutiveErrorLimit})`;
    }
  }
  return null;
}

export interface VerdictInput {
  analysis: AnalysisState;
  limits: AnalysisLimits;
  intervalMs: number;
  bakeMs: number;
  /** Names of the metrics that must be successful in the latest round. */
  metrics: string[];
  minSamples: boolean;
  now: number;
}

/**
 * The step's verdict. Order: a breached limit fails; an unhealthy blue holds; the bake runs its time; then
 * the step passes only when the latest round is fresh (no older than one interval), every metric in it is
 * successful, and the minimum sample is reached; otherwise it holds and keeps measuring.
 */
export function analysisVerdict(input: VerdictInput): Verdict {
  const { analysis, now } = input;
  const breach = limitBreach(analysis.tallies, input.limits);
  if (breach) return { status: "failed", reason: breach };
  const blueProblems = analysis.latest.filter(isBlueUnhealthy);
  if (blueProblems.length > 0) {
    return { status: "hold", cause: "blue-unhealthy", reason: blueProblems.map((m) => m.message).join("; ") };
  }
  const bakeEndsAt = analysis.windowStart + input.bakeMs;
  if (now < bakeEndsAt)
    return { status: "running", reason: `baking, ${formatDuration(bakeEndsAt - now)} left` };
  if (analysis.lastRoundAt === null || now - analysis.lastRoundAt > input.intervalMs) {
    return { status: "hold", cause: "stale", reason: "waiting for a fresh measurement" };
  }
  const notSuccessful = input.metrics.flatMap((metric) => {
    const found = analysis.latest.find((m) => m.metric === metric && m.side === "green");
    if (!found) return [`${metric}: not measured in the latest round`];
    return found.phase === "successful" ? [] : [`${metric}: ${found.phase}: ${found.message}`];
  });
  if (notSuccessful.length > 0) {
    return { status: "hold", cause: "latest-not-successful", reason: notSuccessful.join("; ") };
  }
  const sample = analysis.latest.find((m) => m.metric === MIN_SAMPLES_METRIC);
  if (input.minSamples && sample?.phase !== "successful") {
    return {
      status: "hold",
      cause: "min-samples",
      reason: sample?.message ?? "minimum sample not measured yet",
    };
  }
  return { status: "passed", reason: `every metric successful after ${analysis.rounds} rounds` };
}
