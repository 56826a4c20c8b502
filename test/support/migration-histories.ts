// Literal event histories of one migration of the test spec (steps 20/50/80/100, 1m bakes, a round every
// 10s), phase by phase, for the engine's table tests.
import type { Measurement } from "../../src/core/migrate/analysis.js";
import { MIN_SAMPLES_METRIC } from "../../src/core/migrate/analysis.js";
import { replay } from "../../src/core/migrate/apply.js";
import type { EventData, EventType, NewEvent } from "../../src/core/migrate/events.js";
import type { Weights } from "../../src/ports/traffic.js";

export const NAME = "shop-blue-green";
export const T = 1_000_000;
export const S = 1_000;
export const w = (green: number): Weights => ({ blue: 100 - green, green });

export function e<Type extends EventType>(type: Type, data: EventData[Type]): NewEvent {
  return { type, data } as NewEvent;
}

export function stateOf(events: NewEvent[]) {
  return replay(
    NAME,
    events.map((event, index) => ({
      seq: index + 1,
      type: event.type,
      data: event.data as Record<string, unknown>,
    })),
  );
}

export const ok = (at: number): Measurement[] => [
  { metric: "error-rate", side: "green", phase: "successful", at, message: "ok" },
  { metric: MIN_SAMPLES_METRIC, side: "green", phase: "successful", at, message: "ok" },
];
export const bad = (at: number): Measurement[] => [
  { metric: "error-rate", side: "green", phase: "failed", at, message: "green 0.2 > max 0.05" },
];

export const START = [e("started", { at: T, by: "test" })];
export const PREFLIGHT = [...START, e("phase-entered", { at: T, phase: "preflight" })];
export const STEPPING = [
  ...PREFLIGHT,
  e("preflight-passed", { at: T, weights: w(0) }),
  e("phase-entered", { at: T, phase: "stepping" }),
];
/** Step `index` at `green` %: intended, set, effective at `at`. */
export const shifted = (index: number, green: number, previous: number, at: number): NewEvent[] => [
  ...(index > 0 ? [e("step-started", { at, step: index })] : []),
  e("weights-intended", { at, weights: w(green), previous: w(previous), purpose: "step" }),
  e("weights-set", { at, weights: w(green), previous: w(previous) }),
  e("weights-effective", { at, weights: w(green), effectiveAt: at }),
];
export const STEP1 = [...STEPPING, ...shifted(0, 20, 0, T)];
/** Step 1 baked (1m, a round every 10s) and passed. */
export const STEP1_PASSED = [
  ...STEP1,
  ...[1, 2, 3, 4, 5, 6].map((k) =>
    e("measurement", { at: T + k * 10 * S, step: 0, measurements: ok(T + k * 10 * S) }),
  ),
  e("step-passed", { at: T + 60 * S, step: 0, reason: "ok" }),
];
export const ALL_STEPS = [
  ...STEP1_PASSED,
  ...shifted(1, 50, 20, T + 60 * S),
  e("step-passed", { at: T + 120 * S, step: 1, reason: "ok" }),
  ...shifted(2, 80, 50, T + 120 * S),
  e("step-passed", { at: T + 180 * S, step: 2, reason: "ok" }),
  ...shifted(3, 100, 80, T + 180 * S),
  e("step-passed", { at: T + 240 * S, step: 3, reason: "ok" }),
];
export const PROMOTED = [...ALL_STEPS, e("promoted", { at: T + 240 * S })];
export const FINAL_BAKE = [...PROMOTED, e("phase-entered", { at: T + 240 * S, phase: "final-bake" })];
export const DRAINING = [...FINAL_BAKE, e("phase-entered", { at: T + 300 * S, phase: "draining" })];
export const DRAIN_CONFIRMED = [
  ...DRAINING,
  e("weights-observed", { at: T + 300 * S, weights: w(100), purpose: "drain" }),
];
export const FROZEN = [...DRAIN_CONFIRMED, e("phase-entered", { at: T + 330 * S, phase: "frozen" })];
export const FROZEN_HOOKED = [
  ...FROZEN,
  e("hook-started", { at: T + 330 * S, hook: "freeze", command: ["echo", "freeze"] }),
  e("hook-succeeded", { at: T + 330 * S, hook: "freeze", durationMs: 5 }),
];
