// The migration's state: plain JSON, rebuilt by folding the event log (apply.ts), so that a resumed driver
// knows exactly what happened, including a weight change it intended but may not have made.
import type { TrafficChange, Weights } from "../../ports/traffic.js";
import type { AnalysisState } from "./analysis-verdict.js";

/** Phases in their order of progress, then the exits. */
export const PHASES = [
  "pending",
  "provision",
  "bootstrap",
  "preflight",
  "smoke",
  "stepping",
  "promoted",
  "final-bake",
  "draining",
  "frozen",
  "decommissioning",
  "completed",
  "rolling-back",
  "rolled-back",
  "aborted",
] as const;
export type Phase = (typeof PHASES)[number];

export const TERMINAL_PHASES: readonly Phase[] = ["completed", "rolled-back", "aborted"];

/** Rollback is possible from any phase before decommission (and not once finished). */
const NOT_ROLLBACKABLE: readonly Phase[] = ["decommissioning", ...TERMINAL_PHASES];

/** Within a step: change the weights, wait until effective, analyse, then (maybe) wait for approval. */
export type StepStage = "shifting" | "settling" | "analysing" | "passed" | "awaiting-approval";

export type HookName = "provision" | "bootstrap" | "freeze" | "decommission";

/** Where a hook's command runs: its process group and host. */
export interface HookProcess {
  pgid: number;
  host: string;
}

export interface HookStatus {
  status: "running" | "succeeded" | "failed";
  at: number;
  message?: string;
  /** While running: its process group, recorded once it was spawned. */
  process?: HookProcess;
}

export interface WeightsState {
  /** The weights last confirmed at the provider (set by us, or read at preflight); null before. */
  applied: Weights | null;
  /** A change recorded as intended but not yet confirmed (weights-intended without weights-set). */
  intended: Weights | null;
  /** `applied` when the intent was recorded: what the provider shows if the change never happened. */
  previous: Weights | null;
  /** The weights last confirmed effective for clients, and when. */
  effective: Weights | null;
  effectiveAt: number | null;
  /** The last read-back, cleared by a new intent and by `resumed`. */
  observed: { weights: Weights; at: number } | null;
  /** The provider's change behind `applied` (null when unknown, e.g. found already made after a crash). */
  change: TrafficChange | null;
}

export interface MigrationState {
  name: string;
  phase: Phase;
  phaseStartedAt: number | null;
  startedAt: number | null;
  updatedAt: number | null;
  /** The current step (phase stepping); its index stays after the steps are done. */
  step: { index: number; stage: StepStage; startedAt: number } | null;
  weights: WeightsState;
  /** Analysis of the current step (or of the final bake); reset when a new traffic level is effective. */
  analysis: AnalysisState | null;
  hooks: Partial<Record<HookName, HookStatus>>;
  preflightPassedAt: number | null;
  smokePassedAt: number | null;
  approvals: { step: number; by: string; at: number }[];
  paused: { by: string; at: number } | null;
  /** A problem a person must fix (hook, preflight or smoke failed, weights not as expected); `resume` retries. */
  blocked: { reason: string; at: number } | null;
  rollback: { reason: string; by: string; at: number; fromPhase: Phase } | null;
  aborted: { by: string; reason: string; at: number } | null;
  /** Seq of the last event folded in. */
  lastSeq: number;
}

export const BLUE_ONLY: Weights = { blue: 100, green: 0 };

export function initialState(name: string): MigrationState {
  return {
    name,
    phase: "pending",
    phaseStartedAt: null,
    startedAt: null,
    updatedAt: null,
    step: null,
    weights: {
      applied: null,
      intended: null,
      previous: null,
      effective: null,
      effectiveAt: null,
      observed: null,
      change: null,
    },
    analysis: null,
    hooks: {},
    preflightPassedAt: null,
    smokePassedAt: null,
    approvals: [],
    paused: null,
    blocked: null,
    rollback: null,
    aborted: null,
    lastSeq: 0,
  };
}

export function isTerminal(phase: Phase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

export function canRollBack(phase: Phase): boolean {
  return !NOT_ROLLBACKABLE.includes(phase) && phase !== "rolling-back";
}

export function sameWeights(a: Weights | null | undefined, b: Weights | null | undefined): boolean {
  return !!a && !!b && a.blue === b.blue && a.green === b.green;
}

/** "blue 80 / green 20" */
export function describeWeights(weights: Weights | null): string {
  return weights ? `blue ${weights.blue} / green ${weights.green}` : "unknown weights";
}

/** The weights of a step that sends `green` % to green. */
export function stepWeights(green: number): Weights {
  return { blue: 100 - green, green };
}
