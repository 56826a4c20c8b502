// The reducer: folds one event into the state. Pure and spec-free, so the CLI (approve, status) and the
// driver rebuild the same state from the same log. Facts about the traffic (weights set, observed,
// effective) are folded in any phase; phase changes only happen from the phases they belong to.
import { emptyAnalysis, foldRound } from "./analysis-verdict.js";
import type { EngineEvent, EventData } from "./events.js";
import { canRollBack, initialState, isTerminal, type MigrationState } from "./state.js";

/** An event as read from the store: `data` is checked by type here, unknown types are skipped. */
export interface StoredEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

export function apply(state: MigrationState, stored: StoredEvent): MigrationState {
  const event = stored as unknown as EngineEvent;
  const at = typeof stored.data.at === "number" ? stored.data.at : state.updatedAt;
  const next = reduce({ ...state, lastSeq: stored.seq, updatedAt: at }, event);
  return next;
}

/** The state after every event of the log, in order. */
export function replay(name: string, events: readonly StoredEvent[]): MigrationState {
  return events.reduce(apply, initialState(name));
}

function reduce(state: MigrationState, event: EngineEvent): MigrationState {
  switch (event.type) {
    case "started":
      return { ...state, startedAt: event.data.at };
    case "phase-entered":
      return enterPhase(state, event.data);
    case "hook-started":
    case "hook-process":
    case "hook-succeeded":
    case "hook-failed":
      return foldHook(state, event);
    case "preflight-passed": {
      const { weights, at } = event.data;
      const traffic = { ...state.weights, applied: weights, effective: weights, effectiveAt: at };
      return { ...state, preflightPassedAt: at, weights: traffic };
    }
    case "preflight-failed": {
      const reason = event.data.issues.map((issue) => `${issue.message} (fix: ${issue.fix})`).join("; ");
      return { ...state, blocked: { reason: `preflight failed: ${reason}`, at: event.data.at } };
    }
    case "smoke-passed":
      return { ...state, smokePassedAt: event.data.at };
    case "smoke-failed":
      return {
        ...state,
        blocked: { reason: `smoke tests failed: ${event.data.message}`, at: event.data.at },
      };
    case "weights-intended":
    case "weights-set":
    case "weights-observed":
    case "weights-effective":
      return foldWeights(state, event);
    case "measurement":
      return state.analysis
        ? { ...state, analysis: foldRound(state.analysis, event.data.measurements, event.data.at) }
        : state;
    case "step-passed":
    case "approval-requested":
    case "approved":
    case "step-started":
      return foldStep(state, event);
    case "promoted":
      return state.phase === "stepping"
        ? { ...state, phase: "promoted", phaseStartedAt: event.data.at }
        : state;
    case "completed":
      return isTerminal(state.phase)
        ? state
        : { ...state, phase: "completed", phaseStartedAt: event.data.at };
    default:
      return foldCommand(state, event);
  }
}

function enterPhase(state: MigrationState, data: EventData["phase-entered"]): MigrationState {
  if (isTerminal(state.phase) || state.phase === "rolling-back") return state;
  const entered = { ...state, phase: data.phase, phaseStartedAt: data.at };
  if (data.phase === "stepping")
    return { ...entered, step: { index: 0, stage: "shifting", startedAt: data.at }, analysis: null };
  if (data.phase === "final-bake") return { ...entered, analysis: emptyAnalysis(data.at) };
  return entered;
}

function foldHook(
  state: MigrationState,
  event: Extract<EngineEvent, { type: `hook-${string}` }>,
): MigrationState {
  const { hook, at } = event.data;
  if (event.type === "hook-started")
    return { ...state, hooks: { ...state.hooks, [hook]: { status: "running", at } } };
  if (event.type === "hook-process") {
    const running = state.hooks[hook];
    if (running?.status !== "running") return state;
    const process = { pgid: event.data.pgid, host: event.data.host };
    return { ...state, hooks: { ...state.hooks, [hook]: { ...running, process } } };
  }
  if (event.type === "hook-succeeded") {
    return { ...state, hooks: { ...state.hooks, [hook]: { status: "succeeded", at } } };
  }
  const message = event.data.message;
  return {
    ...state,
    hooks: { ...state.hooks, [hook]: { status: "failed", at, message } },
    blocked: { reason: `${hook} hook failed: ${message}`, at },
  };
}

function foldWeights(
  state: MigrationState,
  event: Extract<EngineEvent, { type: `weights-${string}` }>,
): MigrationState {
  const weights = state.weights;
  switch (event.type) {
    case "weights-intended":
      return {
        ...state,
        weights: { ...weights, intended: event.data.weights, previous: event.data.previous, observed: null },
      };
    case "weights-set": {
      const applied = {
        ...weights,
        applied: event.data.weights,
        intended: null,
        previous: null,
        change: event.data.change ?? null,
      };
      const settling = state.phase === "stepping" && state.step?.stage === "shifting";
      return {
        ...state,
        weights: applied,
        step: settling && state.step ? { ...state.step, stage: "settling" } : state.step,
      };
    }
    case "weights-observed":
      return {
        ...state,
        weights: { ...weights, observed: { weights: event.data.weights, at: event.data.at } },
      };
    case "weights-effective": {
      const effective = { ...weights, effective: event.data.weights, effectiveAt: event.data.effectiveAt };
      const step = state.step;
      const analysing =
        state.phase === "stepping" && (step?.stage === "shifting" || step?.stage === "settling");
      if (!analysing || !step) return { ...state, weights: effective };
      return {
        ...state,
        weights: effective,
        step: { ...step, stage: "analysing" },
        analysis: emptyAnalysis(event.data.effectiveAt),
      };
    }
  }
}

function foldStep(
  state: MigrationState,
  event: Extract<EngineEvent, { type: "step-passed" | "approval-requested" | "approved" | "step-started" }>,
): MigrationState {
  const step = state.step;
  if (event.type === "approved") {
    return {
      ...state,
      approvals: [...state.approvals, { step: event.data.step, by: event.data.by, at: event.data.at }],
    };
  }
  if (state.phase !== "stepping" || !step) return state;
  switch (event.type) {
    case "step-passed":
      return event.data.step === step.index ? { ...state, step: { ...step, stage: "passed" } } : state;
    case "approval-requested":
      return event.data.step === step.index
        ? { ...state, step: { ...step, stage: "awaiting-approval" } }
        : state;
    case "step-started":
      return {
        ...state,
        step: { index: event.data.step, stage: "shifting", startedAt: event.data.at },
        analysis: null,
      };
  }
}

/** Commands from `cutover migrate pause|resume|rollback|abort`, and the rollback's end. */
function foldCommand(state: MigrationState, event: EngineEvent): MigrationState {
  switch (event.type) {
    case "paused":
      return isTerminal(state.phase) ? state : { ...state, paused: { by: event.data.by, at: event.data.at } };
    case "resumed":
      return { ...state, paused: null, blocked: null, weights: { ...state.weights, observed: null } };
    case "rollback-started": {
      if (!canRollBack(state.phase)) return state;
      const { reason, by, at } = event.data;
      return {
        ...state,
        phase: "rolling-back",
        phaseStartedAt: at,
        rollback: { reason, by, at, fromPhase: state.phase },
        blocked: null,
        weights: { ...state.weights, observed: null },
      };
    }
    case "rolled-back":
      return state.phase === "rolling-back"
        ? { ...state, phase: "rolled-back", phaseStartedAt: event.data.at }
        : state;
    case "aborted": {
      if (isTerminal(state.phase)) return state;
      const { by, reason, at } = event.data;
      return { ...state, phase: "aborted", phaseStartedAt: at, aborted: { by, reason, at } };
    }
    default:
      return state;
  }
}
