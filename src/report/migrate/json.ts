// `cutover migrate … -o json`: the documented contract (migrate-contract.ts) built field by field from the
// engine's state and the event log, so nothing outside the contract leaks out and key order is stable.
import type { Measurement } from "../../core/migrate/analysis.js";
import type { AnalysisState } from "../../core/migrate/analysis-verdict.js";
import { describePosition } from "../../core/migrate/commands.js";
import type { PlannedChange } from "../../core/migrate/simulate.js";
import { MIGRATION_API_VERSION } from "../../core/migrate/spec.js";
import type { SpecError } from "../../core/migrate/spec-parse.js";
import type { MigrationState } from "../../core/migrate/state.js";
import type { MigrationEvent, StoredMigration } from "../../ports/store.js";
import type { PreflightIssue, Weights } from "../../ports/traffic.js";
import type {
  MigrationCommandResultContract,
  MigrationEventContract,
  MigrationHistoryContract,
  MigrationRunContract,
  MigrationStatusContract,
  MigrationValidationContract,
} from "./contract.js";
import { describeEvent, type StepGreens } from "./events.js";

/** A migration as read back from the store: the stored row, the state folded from the log, the log. */
export interface MigrationView {
  stored: StoredMigration;
  state: MigrationState;
  events: readonly MigrationEvent[];
}

/** The green percentage of each step of a stored spec (unknown JSON); [] when it has none. */
export function specSteps(spec: unknown): number[] {
  const steps = (spec as { spec?: { steps?: unknown } } | null)?.spec?.steps;
  if (!Array.isArray(steps)) return [];
  return steps.map((step) => Number((step as { green?: unknown }).green));
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : iso(ms));
const copyWeights = (weights: Weights | null): Weights | null =>
  weights ? { blue: weights.blue, green: weights.green } : null;

export function toStatusContract(view: MigrationView): MigrationStatusContract {
  const { stored, state } = view;
  const steps = specSteps(stored.spec);
  const last = view.events.at(-1);
  return {
    apiVersion: MIGRATION_API_VERSION,
    kind: "MigrationStatus",
    name: stored.name,
    phase: state.phase,
    position: describePosition(state),
    createdAt: stored.createdAt,
    updatedAt: last?.at ?? stored.updatedAt,
    step:
      state.phase === "stepping" && state.step
        ? {
            number: state.step.index + 1,
            of: Math.max(steps.length, state.step.index + 1),
            green: steps[state.step.index] ?? null,
            stage: state.step.stage,
          }
        : null,
    weights: {
      applied: copyWeights(state.weights.applied),
      intended: copyWeights(state.weights.intended),
      effective: copyWeights(state.weights.effective),
      effectiveAt: isoOrNull(state.weights.effectiveAt),
    },
    analysis: state.analysis ? analysisContract(state.analysis) : null,
    approvals: state.approvals.map((a) => ({ by: a.by, at: iso(a.at), step: a.step + 1 })),
    paused: state.paused ? { by: state.paused.by, at: iso(state.paused.at) } : null,
    blocked: state.blocked ? { reason: state.blocked.reason, at: iso(state.blocked.at) } : null,
    rollback: state.rollback
      ? {
          by: state.rollback.by,
          at: iso(state.rollback.at),
          reason: state.rollback.reason,
          fromPhase: state.rollback.fromPhase,
        }
      : null,
    aborted: state.aborted
      ? { by: state.aborted.by, at: iso(state.aborted.at), reason: state.aborted.reason }
      : null,
    lastEvent: last
      ? { seq: last.seq, at: last.at, type: last.type, summary: describeEvent(last, steps) }
      : null,
  };
}

function analysisContract(analysis: AnalysisState): NonNullable<MigrationStatusContract["analysis"]> {
  return {
    windowStart: iso(analysis.windowStart),
    rounds: analysis.rounds,
    heldRounds: analysis.heldRounds,
    lastRoundAt: isoOrNull(analysis.lastRoundAt),
    tallies: Object.fromEntries(
      Object.entries(analysis.tallies).map(([metric, t]) => [
        metric,
        {
          count: t.count,
          successful: t.successful,
          failed: t.failed,
          inconclusive: t.inconclusive,
          error: t.error,
          consecutiveError: t.consecutiveError,
        },
      ]),
    ),
    latest: analysis.latest.map(measurementContract),
  };
}

function measurementContract(m: Measurement) {
  return {
    metric: m.metric,
    side: m.side,
    phase: m.phase,
    value: m.value ?? null,
    blueValue: m.blueValue ?? null,
    at: iso(m.at),
    message: m.message,
  };
}

function toEventContract(event: MigrationEvent, steps: StepGreens = []): MigrationEventContract {
  return {
    seq: event.seq,
    at: event.at,
    type: event.type,
    summary: describeEvent(event, steps),
    data: event.data,
  };
}

export function toHistoryContract(view: MigrationView): MigrationHistoryContract {
  const steps = specSteps(view.stored.spec);
  return {
    apiVersion: MIGRATION_API_VERSION,
    kind: "MigrationHistory",
    name: view.stored.name,
    events: view.events.map((event) => toEventContract(event, steps)),
  };
}

export interface RunSummary {
  name: string;
  stopped: MigrationRunContract["stopped"];
  reason: string;
  exitCode: number;
  /** null for a dry run (nothing is recorded). */
  view: MigrationView | null;
  dryRun: { changes: PlannedChange[]; preflightIssues: PreflightIssue[] } | null;
}

export function toRunContract(run: RunSummary): MigrationRunContract {
  return {
    apiVersion: MIGRATION_API_VERSION,
    kind: "MigrationRun",
    name: run.name,
    stopped: run.stopped,
    reason: run.reason,
    exitCode: run.exitCode,
    status: run.view ? toStatusContract(run.view) : null,
    dryRun: run.dryRun
      ? {
          changes: run.dryRun.changes.map((change) => ({
            offsetMs: change.offsetMs,
            phase: change.phase,
            kind: change.kind,
            description: change.description,
            ...(change.weights && { weights: { blue: change.weights.blue, green: change.weights.green } }),
          })),
          preflightIssues: run.dryRun.preflightIssues.map(({ provider, message, fix }) => ({
            provider,
            message,
            fix,
          })),
        }
      : null,
  };
}

export function toCommandContract(
  command: MigrationCommandResultContract["command"],
  event: MigrationEvent,
  performedBy: string | null,
  view: MigrationView,
): MigrationCommandResultContract {
  return {
    apiVersion: MIGRATION_API_VERSION,
    kind: "MigrationCommandResult",
    name: view.stored.name,
    command,
    event: toEventContract(event, specSteps(view.stored.spec)),
    performedBy,
    status: toStatusContract(view),
  };
}

export function toValidationContract(
  file: string,
  result: { name: string } | { errors: SpecError[] },
): MigrationValidationContract {
  const errors = "errors" in result ? result.errors : [];
  return {
    apiVersion: MIGRATION_API_VERSION,
    kind: "MigrationValidation",
    file,
    valid: errors.length === 0,
    name: "name" in result ? result.name : null,
    errors: errors.map((error) => ({ path: error.path, line: error.line ?? null, message: error.message })),
  };
}

/** Pretty-printed with two spaces and a final newline, like every other -o json. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
