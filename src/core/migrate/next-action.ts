// The engine's decision: given the spec, the state (every observation is an event folded into it) and the
// time, what to do next. Pure. Precedence: a finished migration does nothing; an unconfirmed weight change
// is reconciled first; a block waits for a person; a rollback runs to its end; a pause stops advancing
// (measuring and automatic rollback go on).
import type { Action } from "./actions.js";
import { nextMeasurementAt, progressAction, waitEffective, watchAction } from "./next-action-progress.js";
import { reconcileWeights } from "./reconcile.js";
import type { MigrationSpec } from "./spec.js";
import { BLUE_ONLY, describeWeights, isTerminal, type MigrationState, sameWeights } from "./state.js";

export function nextAction(spec: MigrationSpec, state: MigrationState, now: number): Action {
  if (isTerminal(state.phase)) return { type: "done", phase: state.phase };
  if (state.phase === "rolling-back") return rollbackAction(state);
  if (state.weights.intended) return reconcileAction(state);
  if (state.blocked) return { type: "hold", reason: state.blocked.reason, blocked: true };
  const action = progressAction(spec.spec, state, now);
  if (!state.paused || !advances(action)) return action;
  // Paused: nothing advances, but the running analysis keeps watching (and may still roll back).
  const watch = watchAction(spec.spec, state, now);
  if (watch) return watch;
  const until = nextMeasurementAt(spec.spec, state);
  const reason = `paused by ${state.paused.by}; run \`cutover migrate resume ${state.name}\``;
  return { type: "hold", reason, blocked: false, ...(until !== null && { until }) };
}

/** Actions that move the migration forward; a pause holds them. */
function advances(action: Action): boolean {
  switch (action.type) {
    case "enter-phase":
    case "run-hook":
    case "preflight":
    case "smoke":
    case "next-step":
    case "promote":
    case "complete":
      return true;
    case "set-weights":
      return action.purpose === "step" && !action.intentRecorded;
    default:
      return false;
  }
}

/** An intent without its "set": read the provider, then confirm, re-apply, or hold for a person. */
function reconcileAction(state: MigrationState): Action {
  const { intended, previous, observed } = state.weights;
  if (!intended) throw new Error("reconcileAction needs a pending intent");
  if (!observed) return { type: "read-weights", purpose: "reconcile" };
  const decision = reconcileWeights(intended, previous, observed.weights);
  if (decision === "confirm") return { type: "confirm-weights", weights: intended };
  if (decision === "reapply") {
    return { type: "set-weights", weights: intended, previous, purpose: "step", intentRecorded: true };
  }
  return {
    type: "hold",
    blocked: true,
    reason:
      `the provider reports ${describeWeights(observed.weights)}, which is neither the intended ` +
      `${describeWeights(intended)} nor the previous ${describeWeights(previous)}; someone else changed the ` +
      `weights. Set one of them by hand, or run \`cutover migrate rollback ${state.name}\`, then resume`,
  };
}

/**
 * Rollback: one change to blue 100, effective, then read back. A pending step intent is confirmed if it
 * happened, and otherwise superseded by the rollback (never re-applied: the goal is blue 100 either way).
 */
function rollbackAction(state: MigrationState): Action {
  const { applied, intended, observed, effective } = state.weights;
  if (intended) {
    if (!observed) return { type: "read-weights", purpose: "reconcile" };
    if (sameWeights(observed.weights, intended)) return { type: "confirm-weights", weights: intended };
    const again = sameWeights(intended, BLUE_ONLY);
    return {
      type: "set-weights",
      weights: BLUE_ONLY,
      previous: observed.weights,
      purpose: "rollback",
      intentRecorded: again,
    };
  }
  if (!sameWeights(applied, BLUE_ONLY)) {
    return {
      type: "set-weights",
      weights: BLUE_ONLY,
      previous: applied,
      purpose: "rollback",
      intentRecorded: false,
    };
  }
  if (!sameWeights(effective, BLUE_ONLY)) return waitEffective(state, BLUE_ONLY);
  if (!observed) return { type: "read-weights", purpose: "verify-rollback" };
  if (sameWeights(observed.weights, BLUE_ONLY)) return { type: "finish-rollback", weights: BLUE_ONLY };
  return {
    type: "hold",
    blocked: true,
    reason: `rollback not verified: the provider reports ${describeWeights(observed.weights)} after blue 100 was set; check the provider, then resume`,
  };
}
