// The time series of the dashboard's charts, read from the event log: the weights as a step function with
// the marks of each step (start, end of bake, decision), and every gate metric's measurements with the
// thresholds and the failure limit that judged them. Times are the engine's own (`data.at`, ms since epoch).
import type { Measurement, MeasurementPhase } from "../../core/migrate/analysis.js";
import { durationMs } from "../../core/migrate/duration.js";
import type { MigrationBody } from "../../core/migrate/spec.js";
import { analysisForStep } from "../../core/migrate/spec.js";
import type { MigrationEvent } from "../../ports/store.js";
import { describeEvent, type StepGreens } from "../migrate/events.js";

export interface WeightPoint {
  at: number;
  blue: number;
  green: number;
}

export type MarkKind = "step" | "bake-end" | "decision" | "rollback";

export interface Mark {
  at: number;
  kind: MarkKind;
  label: string;
}

export interface MetricPoint {
  at: number;
  /** 1-based step, or null for the final bake. */
  step: number | null;
  green: number | null;
  blue: number | null;
  phase: MeasurementPhase;
  /** Blue judged unhealthy in this round (a "blue" measurement that failed). */
  blueFailed: boolean;
}

export interface MetricSeries {
  metric: string;
  max: number | null;
  min: number | null;
  maxRatio: number | null;
  failureLimit: number;
  points: MetricPoint[];
}

const at = (event: MigrationEvent): number => Number(event.data.at) || Date.parse(event.at);

/** Every weight the provider was set to (and the rollback's blue 100), in order. */
export function weightSeries(events: readonly MigrationEvent[]): WeightPoint[] {
  const points: WeightPoint[] = [];
  for (const event of events) {
    const weights = event.data.weights as { blue?: unknown; green?: unknown } | undefined;
    const isChange = event.type === "weights-set" || event.type === "preflight-passed";
    if (!isChange || typeof weights?.blue !== "number" || typeof weights.green !== "number") continue;
    points.push({ at: at(event), blue: weights.blue, green: weights.green });
  }
  return points;
}

/** Step starts, ends of bake (effective + the step's bake) and decisions, in log order. */
export function weightMarks(events: readonly MigrationEvent[], body: MigrationBody | null): Mark[] {
  const steps: StepGreens = body?.steps.map((step) => step.green) ?? [];
  const marks: Mark[] = [];
  let step = 0;
  for (const event of events) {
    const label = describeEvent(event, steps);
    switch (event.type) {
      case "step-started":
        step = Number(event.data.step) || 0;
        marks.push({ at: at(event), kind: "step", label });
        break;
      case "weights-effective": {
        const bake = bakeMs(body, step, event);
        if (bake !== null)
          marks.push({ at: at(event) + bake, kind: "bake-end", label: `${label}; bake ends` });
        break;
      }
      case "step-passed":
      case "approval-requested":
      case "approved":
      case "promoted":
      case "completed":
      case "aborted":
        marks.push({ at: at(event), kind: "decision", label });
        break;
      case "rollback-started":
      case "rolled-back":
        marks.push({ at: at(event), kind: "rollback", label });
        break;
    }
  }
  return marks;
}

/** A step's bake after its traffic is effective; null outside the steps (a rollback's blue 100). */
function bakeMs(body: MigrationBody | null, step: number, event: MigrationEvent): number | null {
  const weights = event.data.weights as { green?: number } | undefined;
  const spec = body?.steps[step];
  if (!spec || weights?.green !== spec.green) return null;
  try {
    return durationMs(spec.bake);
  } catch {
    return null;
  }
}

/** One series per metric measured (in order of first measurement), with its thresholds from the spec. */
export function metricSeries(events: readonly MigrationEvent[], body: MigrationBody | null): MetricSeries[] {
  const series = new Map<string, MetricSeries>();
  for (const event of events) {
    if (event.type !== "measurement" || !Array.isArray(event.data.measurements)) continue;
    const step = typeof event.data.step === "number" ? event.data.step : null;
    const round = event.data.measurements as Measurement[];
    const unhealthyBlue = new Set(round.filter((m) => m.side === "blue").map((m) => m.metric));
    for (const m of round) {
      if (m.side !== "green") continue;
      const entry = series.get(m.metric) ?? newSeries(m.metric, body, step);
      series.set(m.metric, entry);
      const blueValue = m.blueValue ?? round.find((b) => b.side === "blue" && b.metric === m.metric)?.value;
      entry.points.push({
        at: Number(m.at) || at(event),
        step: step === null ? null : step + 1,
        green: typeof m.value === "number" ? m.value : null,
        blue: typeof blueValue === "number" ? blueValue : null,
        phase: m.phase,
        blueFailed: unhealthyBlue.has(m.metric),
      });
    }
  }
  return [...series.values()];
}

function newSeries(metric: string, body: MigrationBody | null, step: number | null): MetricSeries {
  const analysis = body ? analysisForStep(body, step ?? Math.max(body.steps.length - 1, 0)) : null;
  const spec = analysis?.metrics.find((candidate) => candidate.name === metric);
  const minSamples = metric === "min-samples" ? (analysis?.minSamples?.min ?? null) : null;
  return {
    metric,
    max: spec?.max ?? null,
    min: spec?.min ?? minSamples,
    maxRatio: spec?.vsBlue?.maxRatio ?? null,
    failureLimit: analysis?.failureLimit ?? 0,
    points: [],
  };
}
