// What a run of the driver takes and gives back (driver.ts runs it; dry-run.ts plans it).
import type { Action } from "../../core/migrate/actions.js";
import type { MetricBackend } from "../../core/migrate/measure-plan.js";
import type { MetricTemplate } from "../../core/migrate/metric-templates.js";
import type { PlannedChange } from "../../core/migrate/simulate.js";
import type { MigrationSpec } from "../../core/migrate/spec.js";
import type { MigrationState } from "../../core/migrate/state.js";
import type { Clock } from "../../ports/clock.js";
import type { MetricProvider } from "../../ports/metrics.js";
import type { MigrationEvent, StateStore } from "../../ports/store.js";
import type { PreflightIssue, TrafficProvider } from "../../ports/traffic.js";
import type { HookRunner } from "./hooks.js";
import type { ManifestScanner } from "./manifest-check.js";
import type { ParityChecker } from "./parity-check.js";
import type { SmokeResult } from "./smoke.js";

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
  /** `resume`: a pause or a block (failed hook, preflight, smoke) is lifted with a resumed event. */
  resume?: boolean;
  /** Lines of the driver's own for the person watching: a lease taken over, a pause lifted. */
  onNotice?: (text: string) => void;
  /** Called once the lease is ours, before anything is performed. */
  onLeaseTaken?: () => void;
  /** Default LEASE_TTL_MS (lease.ts). */
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
