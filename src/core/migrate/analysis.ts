// Judging one metric in one measurement round, after Argo Rollouts' measurement model: each measurement is
// successful, failed, inconclusive or error. Rules:
// - no data is inconclusive and an error is error: neither is ever a pass;
// - absolute thresholds: green fails above `max` or below `min`;
// - vsBlue.maxRatio: green fails above maxRatio × blue (the same query with blue's labels). When blue's
//   value is 0 (or below) the ratio is undefined: green at 0 passes; otherwise the absolute `max` decides
//   when there is one, and without a `max` green fails (an unbounded ratio cannot be judged as fine);
// - blue's own value breaking `max`/`min` marks blue unhealthy (a "blue" measurement, phase failed): the
//   round is held and green is not judged against a broken blue (Flagger's rule);
// - `blue` is null when blue carries no traffic (green at 100 %): vsBlue and blue's health are skipped.
import type { MetricResult } from "../../ports/metrics.js";
import type { Side } from "../../ports/traffic.js";

export type MeasurementPhase = "successful" | "failed" | "inconclusive" | "error";

export interface Measurement {
  /** The metric's name, or MIN_SAMPLES_METRIC. */
  metric: string;
  /** "green": a judgement of green; "blue": blue's health (failed = blue is unhealthy). */
  side: Side;
  phase: MeasurementPhase;
  /** The measured side's value. */
  value?: number;
  /** Blue's value, when it was compared. */
  blueValue?: number;
  /** When the round started (ms since epoch). */
  at: number;
  message: string;
}

/** The name under which the minimum-sample check is measured. */
export const MIN_SAMPLES_METRIC = "min-samples";

export interface Thresholds {
  max?: number;
  min?: number;
  vsBlue?: { maxRatio: number };
}

/** "0.2 > max 0.01" when `value` breaks an absolute threshold, else null. */
function thresholdBreach(value: number, thresholds: Thresholds): string | null {
  if (thresholds.max !== undefined && value > thresholds.max)
    return `${num(value)} > max ${num(thresholds.max)}`;
  if (thresholds.min !== undefined && value < thresholds.min)
    return `${num(value)} < min ${num(thresholds.min)}`;
  return null;
}

/** The measurements of one metric in one round: green's judgement, preceded by blue's when blue is unhealthy. */
export function evaluateMetric(
  metric: string,
  thresholds: Thresholds,
  green: MetricResult,
  blue: MetricResult | null,
  at: number,
): Measurement[] {
  const measurements: Measurement[] = [];
  const blueBreach = blue?.kind === "value" ? thresholdBreach(blue.value, thresholds) : null;
  if (blue?.kind === "value" && blueBreach) {
    measurements.push({
      metric,
      side: "blue",
      phase: "failed",
      value: blue.value,
      at,
      message: `blue is unhealthy: ${metric} ${blueBreach}; holding, green is not judged against a broken blue`,
    });
  }
  measurements.push(judgeGreen(metric, thresholds, green, blue, at));
  return measurements;
}

function judgeGreen(
  metric: string,
  thresholds: Thresholds,
  green: MetricResult,
  blue: MetricResult | null,
  at: number,
): Measurement {
  const base = { metric, side: "green" as const, at };
  if (green.kind === "error")
    return { ...base, phase: "error", message: `green query failed: ${green.message}` };
  if (green.kind === "no-data" || !Number.isFinite(green.value)) {
    const reason = green.kind === "no-data" ? green.reason : `value is ${green.value}`;
    return {
      ...base,
      phase: "inconclusive",
      message: `no data for green (${reason}); no data is never a pass`,
    };
  }
  const value = green.value;
  const breach = thresholdBreach(value, thresholds);
  if (breach) return { ...base, phase: "failed", value, message: `green ${breach}` };
  if (thresholds.vsBlue && blue !== null) {
    return { ...base, value, ...compareWithBlue(value, blue, thresholds.vsBlue.maxRatio, thresholds.max) };
  }
  const skipped = thresholds.vsBlue ? "; vsBlue skipped: blue carries no traffic" : "";
  return { ...base, phase: "successful", value, message: `green ${num(value)} within thresholds${skipped}` };
}

function compareWithBlue(
  green: number,
  blue: MetricResult,
  maxRatio: number,
  max: number | undefined,
): Pick<Measurement, "phase" | "message" | "blueValue"> {
  if (blue.kind === "error")
    return { phase: "error", message: `blue baseline query failed: ${blue.message}` };
  if (blue.kind === "no-data" || !Number.isFinite(blue.value)) {
    const reason = blue.kind === "no-data" ? blue.reason : `value is ${blue.value}`;
    return {
      phase: "inconclusive",
      message: `no data for blue's baseline (${reason}); cannot compare green with it`,
    };
  }
  const blueValue = blue.value;
  if (blueValue <= 0) {
    if (green <= 0) return { phase: "successful", blueValue, message: "green and blue are both 0" };
    if (max !== undefined) {
      return {
        phase: "successful",
        blueValue,
        message: `green ${num(green)} within max ${num(max)}; blue is 0, so the ratio does not apply`,
      };
    }
    return {
      phase: "failed",
      blueValue,
      message: `green ${num(green)} while blue is 0: the ratio is unbounded and no max is set to fall back on`,
    };
  }
  const ratio = green / blueValue;
  const described = `green ${num(green)} is ${num(ratio)}× blue ${num(blueValue)}`;
  return ratio > maxRatio
    ? { phase: "failed", blueValue, message: `${described} > maxRatio ${num(maxRatio)}` }
    : { phase: "successful", blueValue, message: `${described} (maxRatio ${num(maxRatio)})` };
}

/** The minimum-sample check: green must have seen `min` requests; too few, no data or an error never pass. */
export function evaluateMinSamples(min: number, green: MetricResult, at: number): Measurement {
  const base = { metric: MIN_SAMPLES_METRIC, side: "green" as const, at };
  if (green.kind === "error")
    return { ...base, phase: "error", message: `sample query failed: ${green.message}` };
  if (green.kind === "no-data" || !Number.isFinite(green.value)) {
    return {
      ...base,
      phase: "inconclusive",
      message: `no sample data for green; needs ${num(min)} requests`,
    };
  }
  return green.value >= min
    ? {
        ...base,
        phase: "successful",
        value: green.value,
        message: `green has seen ${num(green.value)} requests`,
      }
    : {
        ...base,
        phase: "inconclusive",
        value: green.value,
        message: `green has seen ${num(green.value)} requests, needs ${num(min)} before the step may pass`,
      };
}

/** Numbers in messages: at most 4 significant digits. */
function num(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}
