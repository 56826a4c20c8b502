// --dry-run: walks the engine on a virtual clock as if every hook, check and measurement succeeded and every
// approval were given, and lists the changes a real run would make, with when they would happen.
import type { Weights } from "../../ports/traffic.js";
import { redactArgv } from "../redact.js";
import type { Action } from "./actions.js";
import type { Measurement } from "./analysis.js";
import { MIN_SAMPLES_METRIC } from "./analysis.js";
import { apply } from "./apply.js";
import { formatDuration } from "./duration.js";
import { type NewEvent, newEvent } from "./events.js";
import type { MeasurePlan } from "./measure-plan.js";
import { nextAction } from "./next-action.js";
import { analysisForStep, type MigrationSpec } from "./spec.js";
import { BLUE_ONLY, describeWeights, initialState, type MigrationState, type Phase } from "./state.js";

export interface PlannedChange {
  /** Milliseconds after the start (assuming instant hooks and providers). */
  offsetMs: number;
  phase: Phase;
  kind: "hook" | "smoke" | "set-weights" | "approval" | "wait";
  description: string;
  weights?: Weights;
}

const MAX_ACTIONS = 1_000_000;

/** The changes a run of `spec` would make from `start` (default: a new migration), in order. */
export function simulateMigration(spec: MigrationSpec, start?: MigrationState): PlannedChange[] {
  let state = start ?? initialState(spec.metadata.name);
  const t0 = state.updatedAt ?? 0;
  let now = t0;
  const changes: PlannedChange[] = [];
  const note = (kind: PlannedChange["kind"], description: string, weights?: Weights) =>
    changes.push({ offsetMs: now - t0, phase: state.phase, kind, description, ...(weights && { weights }) });
  const record = (event: NewEvent) => {
    state = apply(state, {
      seq: state.lastSeq + 1,
      type: event.type,
      data: event.data as Record<string, unknown>,
    });
  };
  // Waits and measurements in a row are one "wait" change: a bake, a drain, a freeze.
  let waitingSince: { at: number; label: string } | null = null;
  const flushWait = () => {
    if (waitingSince && now > waitingSince.at) {
      changes.push({
        offsetMs: waitingSince.at - t0,
        phase: state.phase,
        kind: "wait",
        description: `${waitingSince.label} for ${formatDuration(now - waitingSince.at)}`,
      });
    }
    waitingSince = null;
  };
  for (let count = 0; count < MAX_ACTIONS; count++) {
    const action = nextAction(spec, state, now);
    if (action.type === "done" || (action.type === "hold" && action.until === undefined)) {
      flushWait();
      return changes;
    }
    if (action.type === "wait" || action.type === "hold" || action.type === "measure") {
      waitingSince ??= { at: now, label: waitLabel(spec, state) };
      if (action.type === "measure") record(simulatedMeasurement(action.plan, now));
      else now = action.until ?? now;
      continue;
    }
    flushWait();
    for (const event of simulatedEvents(action, state, now, note)) record(event);
  }
  throw new Error(`dry run of ${spec.metadata.name} did not finish within ${MAX_ACTIONS} decisions`);
}

type Note = (kind: PlannedChange["kind"], description: string, weights?: Weights) => void;

/** What a successful run would record for `action`, noting the changes it makes. */
function simulatedEvents(
  action: Exclude<Action, { type: "done" | "wait" | "hold" | "measure" }>,
  state: MigrationState,
  at: number,
  note: Note,
): NewEvent[] {
  switch (action.type) {
    case "enter-phase":
      return [newEvent("phase-entered", { at, phase: action.phase })];
    case "run-hook":
      note("hook", `run ${action.hook} hook: ${redactArgv(action.spec.command).join(" ")}`);
      return [newEvent("hook-succeeded", { at, hook: action.hook, durationMs: 0 })];
    case "preflight":
      return [newEvent("preflight-passed", { at, weights: action.expected })];
    case "smoke":
      for (const check of action.checks) {
        note(
          "smoke",
          `${check.requests} requests to ${check.url}${check.host ? ` (Host: ${check.host})` : ""}`,
        );
      }
      return [newEvent("smoke-passed", { at, results: [] })];
    case "set-weights":
      note("set-weights", `set ${describeWeights(action.weights)}`, action.weights);
      return [
        newEvent("weights-intended", {
          at,
          weights: action.weights,
          previous: action.previous,
          purpose: action.purpose,
        }),
        newEvent("weights-set", { at, weights: action.weights, previous: action.previous }),
      ];
    case "read-weights":
      return [
        newEvent("weights-observed", {
          at,
          weights: state.weights.applied ?? BLUE_ONLY,
          purpose: action.purpose,
        }),
      ];
    case "confirm-weights":
      return [newEvent("weights-set", { at, weights: action.weights, previous: null, reconciled: true })];
    case "wait-effective":
      return [newEvent("weights-effective", { at, weights: action.weights, effectiveAt: at })];
    case "pass-step":
      return [newEvent("step-passed", { at, step: action.step, reason: action.reason })];
    case "await-approval":
      note("approval", `wait for \`cutover migrate approve ${state.name}\` (step ${action.step + 1})`);
      return [newEvent("approved", { at, step: action.step, by: "dry-run" })];
    case "next-step":
      return [newEvent("step-started", { at, step: action.step })];
    case "promote":
      return [newEvent("promoted", { at })];
    case "complete":
      return [newEvent("completed", { at })];
    case "rollback":
      return [newEvent("rollback-started", { at, reason: action.reason, by: "dry-run" })];
    case "finish-rollback":
      return [newEvent("rolled-back", { at, weights: action.weights })];
  }
}

/** A round in which every metric (and the minimum sample) is successful. */
function simulatedMeasurement(plan: MeasurePlan, at: number): NewEvent {
  const names = [
    ...plan.queries.map((query) => query.metric),
    ...(plan.minSamples ? [MIN_SAMPLES_METRIC] : []),
  ];
  const measurements: Measurement[] = names.map((metric) => ({
    metric,
    side: "green",
    phase: "successful",
    at,
    message: "simulated",
  }));
  return newEvent("measurement", { at, step: plan.step, measurements });
}

function waitLabel(spec: MigrationSpec, state: MigrationState): string {
  const interval = spec.spec.analysis.interval;
  switch (state.phase) {
    case "stepping": {
      const index = state.step?.index ?? 0;
      return `bake step ${index + 1} (green ${spec.spec.steps[index]?.green} %), measuring every ${analysisForStep(spec.spec, index).interval}`;
    }
    case "final-bake":
      return `final bake at green 100 %, measuring every ${interval}`;
    case "draining":
      return "drain blue (weight 0)";
    case "frozen":
      return "keep blue frozen (rollback stays possible)";
    default:
      return `wait in ${state.phase}`;
  }
}
