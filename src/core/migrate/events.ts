// The events of a migration: what the store's append-only log holds, and what apply() folds into state.
// Every event carries `at` (ms since epoch, from the driver's clock) so that replay is deterministic.
import type { PreflightIssue, TrafficChange, Weights } from "../../ports/traffic.js";
import type { ParityRecord } from "../compare/types.js";
import type { Measurement } from "./analysis.js";
import type { HookName, Phase } from "./state.js";

export interface EventData {
  started: { at: number; by: string };
  "phase-entered": { at: number; phase: Phase };
  /** `leftover`: what was done about a run of the same hook left by a driver that stopped. */
  "hook-started": { at: number; hook: HookName; command: string[]; leftover?: string };
  /** The hook's process group (its pid) and host, so a later driver can stop it if this one dies. */
  "hook-process": { at: number; hook: HookName; pgid: number; host: string };
  "hook-succeeded": { at: number; hook: HookName; durationMs: number };
  "hook-failed": { at: number; hook: HookName; message: string };
  /** `parity`: the spec's preflight.compare gate, when it has one (forced: passed by --force). */
  "preflight-passed": { at: number; weights: Weights; parity?: ParityRecord };
  "preflight-failed": { at: number; issues: PreflightIssue[]; parity?: ParityRecord };
  "smoke-passed": { at: number; results: unknown[] };
  "smoke-failed": { at: number; message: string; results: unknown[] };
  /** Recorded before the provider is asked to change; `previous` is what it shows if the change never happened. */
  "weights-intended": {
    at: number;
    weights: Weights;
    previous: Weights | null;
    purpose: "step" | "rollback";
  };
  /**
   * The provider accepted the change (or, after a crash, was found to carry it: `reconciled`). `change`
   * is the provider's change (Route 53: its id and TTL), so a restarted driver can still wait for it.
   */
  "weights-set": {
    at: number;
    weights: Weights;
    previous: Weights | null;
    reconciled?: boolean;
    change?: TrafficChange;
  };
  "weights-observed": { at: number; weights: Weights; purpose: "reconcile" | "drain" | "verify-rollback" };
  "weights-effective": { at: number; weights: Weights; effectiveAt: number };
  measurement: { at: number; step: number | null; measurements: Measurement[] };
  "step-passed": { at: number; step: number; reason: string };
  "approval-requested": { at: number; step: number };
  approved: { at: number; step: number; by: string };
  "step-started": { at: number; step: number };
  promoted: { at: number };
  "rollback-started": { at: number; reason: string; by: string };
  "rolled-back": { at: number; weights: Weights };
  completed: { at: number };
  paused: { at: number; by: string };
  resumed: { at: number; by: string };
  aborted: { at: number; by: string; reason: string };
}

export type EventType = keyof EventData;

/** An event as the engine sees it: a type, its data, and its place in the log. */
export type EngineEvent = {
  [Type in EventType]: { seq: number; type: Type; data: EventData[Type] };
}[EventType];

/** An event before the store numbers it. */
export type NewEvent = {
  [Type in EventType]: { type: Type; data: EventData[Type] };
}[EventType];

export function newEvent<Type extends EventType>(type: Type, data: EventData[Type]): NewEvent {
  return { type, data } as NewEvent;
}
