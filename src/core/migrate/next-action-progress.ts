// Forward progress, phase by phase: hooks, preflight, smoke, the steps (shift → settle → analyse →
// approval), promotion, final bake, drain, freeze, decommission.
import type { Weights } from "../../ports/traffic.js";
import type { Action } from "./actions.js";
import { type AnalysisState, analysisVerdict, limitBreach } from "./analysis-verdict.js";
import { durationMs, formatDuration } from "./duration.js";
import { measurePlan } from "./measure-plan.js";
import { drainWaitMs, phaseAfter } from "./phases.js";
import { analysisForStep, type MigrationBody, stepNeedsApproval } from "./spec.js";
import type { AnalysisSpec } from "./spec-analysis.js";
import { BLUE_ONLY, type HookName, type MigrationState, sameWeights, stepWeights } from "./state.js";

export function progressAction(body: MigrationBody, state: MigrationState, now: number): Action {
  switch (state.phase) {
    case "pending":
    case "promoted":
      return advanceFrom(body, state);
    case "provision":
    case "bootstrap":
      return hookThen(body, state, state.phase);
    case "preflight":
      if (state.preflightPassedAt !== null) return advanceFrom(body, state);
      return { type: "preflight", expected: state.weights.applied ?? BLUE_ONLY };
    case "smoke":
      return state.smokePassedAt !== null ? advanceFrom(body, state) : { type: "smoke", checks: body.smoke };
    case "stepping":
      return steppingAction(body, state, now);
    case "final-bake":
      return analysingAction(body, state, now);
    case "draining":
      return drainAction(body, state, now);
    case "frozen":
      return frozenAction(body, state, now);
    case "decommissioning":
      return hookThen(body, state, "decommission");
    default:
      return { type: "done", phase: state.phase };
  }
}

/** Enter the next phase that applies, or complete. */
function advanceFrom(body: MigrationBody, state: MigrationState): Action {
  const next = phaseAfter(body, state.phase);
  return next === "completed" ? { type: "complete" } : { type: "enter-phase", phase: next };
}

function hookSpec(body: MigrationBody, hook: HookName) {
  if (hook === "provision" || hook === "bootstrap") return body.hooks?.[hook];
  return hook === "freeze" ? body.freeze?.hook : body.decommission?.hook;
}

/** Run the phase's hook unless it succeeded, then move on. */
function hookThen(body: MigrationBody, state: MigrationState, hook: HookName): Action {
  const spec = hookSpec(body, hook);
  if (spec && state.hooks[hook]?.status !== "succeeded") return { type: "run-hook", hook, spec };
  return advanceFrom(body, state);
}

function steppingAction(body: MigrationBody, state: MigrationState, now: number): Action {
  const step = state.step ?? { index: 0, stage: "shifting" as const, startedAt: now };
  const stepSpec = body.steps[step.index];
  if (!stepSpec) return { type: "promote" };
  const target = stepWeights(stepSpec.green);
  switch (step.stage) {
    case "shifting":
      if (sameWeights(state.weights.applied, target)) return waitEffective(state, target);
      return {
        type: "set-weights",
        weights: target,
        previous: state.weights.applied,
        purpose: "step",
        intentRecorded: false,
      };
    case "settling":
      return waitEffective(state, target);
    case "analysing":
      return analysingAction(body, state, now);
    case "passed":
    case "awaiting-approval": {
      const approved = state.approvals.some((approval) => approval.step === step.index);
      // Only a step that waits (for an approval) keeps measuring; a passed step moves on at once.
      if (stepNeedsApproval(body, step.index) && !approved) {
        const watch = watchAction(body, state, now);
        if (watch) return watch;
        return { type: "await-approval", step: step.index, requested: step.stage === "awaiting-approval" };
      }
      const last = step.index === body.steps.length - 1;
      return last ? { type: "promote" } : { type: "next-step", step: step.index + 1 };
    }
  }
}

interface AnalysisWindow {
  spec: AnalysisSpec;
  analysis: AnalysisState;
  bakeMs: number;
  step: number | null;
  label: string;
}

/** The analysis running now: a step's once its change is effective, or the final bake's; else null. */
function analysisWindow(body: MigrationBody, state: MigrationState): AnalysisWindow | null {
  if (!state.analysis) return null;
  if (state.phase === "final-bake") {
    const bakeMs = durationMs(body.finalBake);
    return {
      spec: body.analysis,
      analysis: state.analysis,
      bakeMs,
      step: null,
      label: "final bake (green 100 %)",
    };
  }
  const step = state.step;
  const stepSpec = step ? body.steps[step.index] : undefined;
  if (
    state.phase !== "stepping" ||
    !step ||
    !stepSpec ||
    step.stage === "shifting" ||
    step.stage === "settling"
  ) {
    return null;
  }
  return {
    spec: analysisForStep(body, step.index),
    analysis: state.analysis,
    bakeMs: durationMs(stepSpec.bake),
    step: step.index,
    label: `step ${step.index + 1} of ${body.steps.length} (green ${stepSpec.green} %)`,
  };
}

/** When the next measurement of the running analysis is due, or null when none runs. */
export function nextMeasurementAt(body: MigrationBody, state: MigrationState): number | null {
  const window = analysisWindow(body, state);
  if (!window) return null;
  return (window.analysis.lastRoundAt ?? window.analysis.windowStart) + durationMs(window.spec.interval);
}

/**
 * Keeps watching while nothing advances (a passed step waiting for approval or for the next step, a pause):
 * a breached limit rolls back, a due measurement is taken. Null when there is nothing to do.
 */
export function watchAction(body: MigrationBody, state: MigrationState, now: number): Action | null {
  const window = analysisWindow(body, state);
  if (!window) return null;
  const breach = limitBreach(window.analysis.tallies, window.spec);
  if (breach) return { type: "rollback", reason: `${window.label}: ${breach}` };
  const due = nextMeasurementAt(body, state) ?? now;
  if (now < due) return null;
  const blueCarriesTraffic = (state.weights.applied?.blue ?? 0) > 0;
  const plan = measurePlan(body, window.spec, window.step, blueCarriesTraffic, window.analysis.windowStart);
  return { type: "measure", plan };
}

/** Measure every interval; roll back past a limit; pass when baked and the latest round is clean. */
function analysingAction(body: MigrationBody, state: MigrationState, now: number): Action {
  const window = analysisWindow(body, state);
  if (!window) return { type: "hold", reason: "no analysis is running", blocked: false };
  const watch = watchAction(body, state, now);
  if (watch) return watch;
  const { analysis, spec, bakeMs, label } = window;
  const intervalMs = durationMs(spec.interval);
  const verdict = analysisVerdict({
    analysis,
    limits: spec,
    intervalMs,
    bakeMs,
    metrics: spec.metrics.map((metric) => metric.name),
    minSamples: spec.minSamples !== undefined,
    now,
  });
  if (verdict.status === "failed") return { type: "rollback", reason: `${label}: ${verdict.reason}` };
  if (verdict.status === "passed") {
    return window.step === null
      ? advanceFrom(body, state)
      : { type: "pass-step", step: window.step, reason: verdict.reason };
  }
  const due = (analysis.lastRoundAt ?? analysis.windowStart) + intervalMs;
  const bakeEndsAt = analysis.windowStart + bakeMs;
  const until = now < bakeEndsAt ? Math.min(due, bakeEndsAt) : due;
  const reason = `${label}: ${verdict.reason}`;
  if (verdict.status === "hold") return { type: "hold", reason, blocked: false, until };
  return { type: "wait", until, reason: `${reason}; next measurement in ${formatDuration(due - now)}` };
}

/** Blue's weight must read 0 at the provider; then wait the TTL and the connection horizon. */
function drainAction(body: MigrationBody, state: MigrationState, now: number): Action {
  const observed = state.weights.observed;
  if (!observed || observed.at < (state.phaseStartedAt ?? 0))
    return { type: "read-weights", purpose: "drain" };
  if (observed.weights.blue !== 0) {
    return {
      type: "hold",
      blocked: true,
      reason: `cannot drain blue: the provider reports blue weight ${observed.weights.blue}, expected 0; check who changed it, then resume`,
    };
  }
  const until = observed.at + drainWaitMs(body);
  if (now < until)
    return {
      type: "wait",
      until,
      reason: `draining blue (weight 0 confirmed), ${formatDuration(until - now)} left`,
    };
  return advanceFrom(body, state);
}

/** Run the freeze hook, then keep blue frozen (and available for rollback) for freeze.duration. */
function frozenAction(body: MigrationBody, state: MigrationState, now: number): Action {
  const freeze = body.freeze;
  if (!freeze) return advanceFrom(body, state);
  if (freeze.hook && state.hooks.freeze?.status !== "succeeded")
    return { type: "run-hook", hook: "freeze", spec: freeze.hook };
  const since = state.hooks.freeze?.at ?? state.phaseStartedAt ?? now;
  const until = since + durationMs(freeze.duration);
  if (now < until) {
    return {
      type: "wait",
      until,
      reason: `blue frozen; rollback stays possible for ${formatDuration(until - now)}`,
    };
  }
  return advanceFrom(body, state);
}

/** Wait for `weights`, with the provider's change that set them when the log has it. */
export function waitEffective(state: MigrationState, weights: Weights): Action {
  const change = state.weights.change;
  return { type: "wait-effective", weights, ...(change && { change }) };
}
