// The thin loop around the engine: take the lease, rebuild the state from the log, ask nextAction, perform
// it through the ports, record what happened, repeat. Commands from other processes (approve, pause,
// rollback, abort) arrive as events and are folded in every tick. It returns when the migration is over,
// blocked on a person, or the signal aborts; provider failures propagate and `resume` reconciles.
import type { Action } from "../../core/migrate/actions.js";
import { newEvent } from "../../core/migrate/events.js";
import { nextAction } from "../../core/migrate/next-action.js";
import type { MigrationSpec } from "../../core/migrate/spec.js";
import { expandSpecTemplates } from "../../core/migrate/spec-templates.js";
import { initialState, isTerminal } from "../../core/migrate/state.js";
import { redactSecrets } from "../../core/redact.js";
import type { StateStore } from "../../ports/store.js";
import { planMigration } from "./dry-run.js";
import { MigrationError } from "./errors.js";
import { runHook } from "./hooks.js";
import { type Lease, takeLease } from "./lease.js";
import { cachedMetricSource } from "./measure.js";
import { type Effects, perform } from "./perform.js";
import { loadMigration, requestCommand } from "./requests.js";
import type { RunOptions, RunResult, StopReason } from "./run-types.js";
import { sameJson } from "./same-json.js";
import { Session } from "./session.js";
import { runSmokeChecks } from "./smoke.js";

export type { RunOptions, RunResult, StopReason };

const DEFAULT_POLL_MS = 1_000;
const INTERRUPTED = "interrupted; run `cutover migrate resume` to go on";

export async function runMigration(options: RunOptions): Promise<RunResult> {
  const expanded = expandSpecTemplates(options.spec, options.templates ?? []);
  if ("problems" in expanded) {
    const lines = expanded.problems.map((problem) => `${problem.path.join(".")}: ${problem.message}`);
    throw new MigrationError("spec-invalid", lines.join("\n"));
  }
  const metrics = cachedMetricSource(options.metrics);
  if (options.dryRun) return planMigration(options, expanded.spec, metrics);
  const { store, holder } = options;
  const name = options.spec.metadata.name;
  await ensureCreated(store, options.spec);
  const lease = await takeLease(store, name, holder, { ttlMs: options.leaseTtlMs, notice: options.onNotice });
  try {
    if (options.resume) await liftPauseOrBlock(store, name, holder, options.onNotice);
    options.onLeaseTaken?.();
    const session = await Session.load(store, name, options.onEvent);
    if (session.state.lastSeq === 0)
      await session.record(newEvent("started", { at: options.clock.now(), by: holder }));
    return await loop(session, lease, { ...options, spec: expanded.spec }, metrics);
  } finally {
    await lease.release();
  }
}

/** `resume` means "go on": a pause or a block is lifted with a resumed event, before the loop starts. */
async function liftPauseOrBlock(
  store: StateStore,
  name: string,
  holder: string,
  notice?: (text: string) => void,
): Promise<void> {
  const { state } = await loadMigration(store, name);
  if (isTerminal(state.phase) || (!state.paused && !state.blocked)) return;
  const was = state.blocked ? `blocked: ${state.blocked.reason}` : `paused by ${state.paused?.by}`;
  await requestCommand(store, name, "resume", holder);
  notice?.(`resumed (was ${was})`);
}

async function ensureCreated(store: StateStore, spec: MigrationSpec): Promise<void> {
  const name = spec.metadata.name;
  const existing = await store.get(name);
  if (!existing) {
    await store.create(name, spec, initialState(name), "pending");
  } else if (!sameJson(existing.spec, spec)) {
    throw new MigrationError(
      "spec-changed",
      `${name} was started with a different spec; resume it with the spec it was started with (\`cutover migrate resume ${name}\` uses the stored one), or give the new spec another metadata.name`,
    );
  }
}

async function loop(
  session: Session,
  lease: Lease,
  options: RunOptions,
  metrics: ReturnType<typeof cachedMetricSource>,
): Promise<RunResult> {
  const { clock, signal } = options;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const effects: Effects = {
    body: options.spec.spec,
    traffic: options.traffic,
    metrics,
    clock,
    runHook: options.runHook ?? runHook,
    runSmoke: options.runSmoke ?? runSmokeChecks,
    ...(options.scanManifests && { scanManifests: options.scanManifests }),
    ...(options.checkParity && { checkParity: options.checkParity }),
    ...(options.forceParity && { forceParity: true }),
    ...(signal && { signal }),
  };
  const stop = (stopped: StopReason, reason: string): RunResult => ({
    state: session.state,
    stopped,
    reason,
    changes: [],
    preflightIssues: [],
  });
  let lastShown = "";
  for (;;) {
    if (signal?.aborted) return stop("interrupted", INTERRUPTED);
    const lostTo = lease.lost();
    if (lostTo)
      throw new MigrationError(
        "lease-lost",
        `${session.name}: lost the lease to ${redactSecrets(lostTo)}; stopped before the next change`,
      );
    await session.poll();
    const now = clock.now();
    const action = nextAction(options.spec, session.state, now);
    // Report a decision once, not every tick: the same wait with less time left is the same decision.
    const shown = JSON.stringify(action).replace(/\d+/g, "#");
    if (shown !== lastShown) options.onAction?.(action, session.state);
    lastShown = shown;
    try {
      const stopped = await act(action, session, effects, now, pollMs);
      if (stopped) return stop(stopped.stopped, stopped.reason);
    } catch (error) {
      // A provider call cut short by the signal is an interruption, not a failure.
      if (signal?.aborted) return stop("interrupted", INTERRUPTED);
      // A provider error may quote a URL with its password; the CLI prints the message.
      if (error instanceof Error) error.message = redactSecrets(error.message);
      throw error;
    }
  }
}

/** Performs one decision; returns why the run stops, or null to go on. */
async function act(
  action: Action,
  session: Session,
  effects: Effects,
  now: number,
  pollMs: number,
): Promise<{ stopped: StopReason; reason: string } | null> {
  const { clock, signal } = effects;
  switch (action.type) {
    case "done":
      return { stopped: action.phase as StopReason, reason: `${session.name} is ${action.phase}` };
    case "hold":
      if (action.blocked) return { stopped: "blocked", reason: action.reason };
      await clock.sleep(sleepFor(action.until, now, pollMs), signal);
      return null;
    case "wait":
      await clock.sleep(sleepFor(action.until, now, pollMs), signal);
      return null;
    case "await-approval":
      if (action.requested) await clock.sleep(pollMs, signal);
      else await perform(action, session, effects);
      return null;
    default:
      await perform(action, session, effects);
      return null;
  }
}

/** Sleep until `until`, but never longer than one poll, so commands are seen within `pollMs`. */
function sleepFor(until: number | undefined, now: number, pollMs: number): number {
  return until === undefined ? pollMs : Math.max(0, Math.min(until - now, pollMs));
}
