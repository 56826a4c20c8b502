// The thin loop around the engine: take the lease, rebuild the state from the log, ask nextAction, perform
// it through the ports, record what happened, repeat. Commands from other processes (approve, pause,
// rollback, abort) arrive as events and are folded in every tick. It returns when the migration is over,
// blocked on a person, or the signal aborts; provider failures propagate and `resume` reconciles.
import type { Action } from "../../core/migrate/actions.js";
import { newEvent } from "../../core/migrate/events.js";
import type { MetricBackend } from "../../core/migrate/measure-plan.js";
import type { MetricTemplate } from "../../core/migrate/metric-templates.js";
import { nextAction } from "../../core/migrate/next-action.js";
import type { PlannedChange } from "../../core/migrate/simulate.js";
import type { MigrationSpec } from "../../core/migrate/spec.js";
import { expandSpecTemplates } from "../../core/migrate/spec-templates.js";
import { initialState, type MigrationState } from "../../core/migrate/state.js";
import { redactSecrets } from "../../core/redact.js";
import type { Clock } from "../../ports/clock.js";
import type { MetricProvider } from "../../ports/metrics.js";
import type { MigrationEvent, StateStore } from "../../ports/store.js";
import type { PreflightIssue, TrafficProvider } from "../../ports/traffic.js";
import { planMigration } from "./dry-run.js";
import { MigrationError } from "./errors.js";
import { type HookRunner, runHook } from "./hooks.js";
import type { ManifestScanner } from "./manifest-check.js";
import { cachedMetricSource } from "./measure.js";
import type { ParityChecker } from "./parity-check.js";
import { type Effects, perform } from "./perform.js";
import { sameJson } from "./same-json.js";
import { Heartbeat, Session } from "./session.js";
import { runSmokeChecks, type SmokeResult } from "./smoke.js";

export interface RunOptions {
  /** The spec as parsed (template references unexpanded); stored at the first run and compared on resume. */
  spec: MigrationSpec;
  /** Built-in metric templates (knowledge/metric-templates.ts) when the spec names one. */
  templates?: MetricTemplate[];
  store: StateStore;
  traffic: TrafficProvider;
  /** The metric provider for a backend; called once per distinct backend. */
  metrics: (backend: MetricBackend) => MetricProvider;
  clock: Clock;
  /** Who drives, for the lease and the log, e.g. "host-a:4242". */
  holder: string;
  /** Record nothing, change nothing: run the read-only preflight and list the changes a run would make. */
  dryRun?: boolean;
  onEvent?: (event: MigrationEvent, state: MigrationState) => void;
  /** Called when the engine's decision changes (a new wait, hold, or action), for progress lines. */
  onAction?: (action: Action, state: MigrationState) => void;
  signal?: AbortSignal;
  leaseTtlMs?: number;
  /** How often commands from other processes are polled while waiting. */
  pollMs?: number;
  runHook?: HookRunner;
  runSmoke?: (checks: MigrationSpec["spec"]["smoke"], signal?: AbortSignal) => Promise<SmokeResult[]>;
  /** Scans green's desired manifests at green's version in preflight; needed when the spec names them. */
  scanManifests?: ManifestScanner;
  /** Compares blue with green in preflight; needed when the spec has preflight.compare. */
  checkParity?: ParityChecker;
  /** `--force`: a failed parity check is recorded in the preflight event and does not block. */
  forceParity?: boolean;
}

export type StopReason = "completed" | "rolled-back" | "aborted" | "blocked" | "interrupted" | "dry-run";

export interface RunResult {
  state: MigrationState;
  stopped: StopReason;
  /** Why the run stopped, in words (the block or hold reason, or the final phase). */
  reason: string;
  /** --dry-run: the changes a run would make; otherwise empty. */
  changes: PlannedChange[];
  /** --dry-run: what the read-only preflight found. */
  preflightIssues: PreflightIssue[];
}

const DEFAULT_LEASE_TTL_MS = 30_000;
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
  const ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const lease = await store.acquireLease(name, holder, ttlMs);
  if (!lease.acquired) {
    const { holder: other, expiresAt } = lease.heldBy;
    throw new MigrationError(
      "lease-held",
      `${name} is being driven by ${other} (lease until ${expiresAt}); wait for it to stop, or stop it first`,
    );
  }
  const heartbeat = new Heartbeat(store, name, holder, ttlMs);
  try {
    const session = await Session.load(store, name, options.onEvent);
    if (session.state.lastSeq === 0)
      await session.record(newEvent("started", { at: options.clock.now(), by: holder }));
    return await loop(session, heartbeat, { ...options, spec: expanded.spec }, metrics);
  } finally {
    heartbeat.stop();
    await store.releaseLease(name, holder).catch(() => undefined);
  }
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
  heartbeat: Heartbeat,
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
    const lostTo = heartbeat.lost();
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
