// What the engine asks the driver to do next. Each action is one side effect (or one wait), after which the
// driver records the event(s) that say what happened.
import type { TrafficChange, Weights } from "../../ports/traffic.js";
import type { MeasurePlan } from "./measure-plan.js";
import type { SmokeCheckSpec } from "./spec.js";
import type { HookSpec } from "./spec-fields.js";
import type { HookName, Phase } from "./state.js";

export type Action =
  /** Record phase-entered. */
  | { type: "enter-phase"; phase: Phase }
  /** Run a user hook and its readiness condition; record hook-started, then hook-succeeded or hook-failed. */
  | { type: "run-hook"; hook: HookName; spec: HookSpec }
  /** Check provider, weights (`expected`) and metric queries; record preflight-passed or preflight-failed. */
  | { type: "preflight"; expected: Weights }
  /** HTTP checks on green; record smoke-passed or smoke-failed. */
  | { type: "smoke"; checks: SmokeCheckSpec[] }
  /**
   * Record weights-intended (unless `intentRecorded`: re-applying after a crash), call setWeights, record
   * weights-set. `previous` is what the provider shows if the change does not happen.
   */
  | {
      type: "set-weights";
      weights: Weights;
      previous: Weights | null;
      purpose: "step" | "rollback";
      intentRecorded: boolean;
    }
  /** Read the provider's weights; record weights-observed. */
  | { type: "read-weights"; purpose: "reconcile" | "drain" | "verify-rollback" }
  /** After a crash the provider already carries the intended weights: record weights-set (reconciled). */
  | { type: "confirm-weights"; weights: Weights }
  /** Wait until the weights (and `change`, the one that set them) are in effect; record weights-effective. */
  | { type: "wait-effective"; weights: Weights; change?: TrafficChange }
  /** Run one measurement round; record measurement. */
  | { type: "measure"; plan: MeasurePlan }
  /** Nothing to do before `until` (a bake, the next measurement, a drain, a freeze). */
  | { type: "wait"; until: number; reason: string }
  /**
   * Not advancing. `blocked`: a person must act (the driver stops; `resume` retries). Otherwise the driver
   * keeps polling (and measuring, at `until`) until the hold clears.
   */
  | { type: "hold"; reason: string; blocked: boolean; until?: number }
  /** Record step-passed. */
  | { type: "pass-step"; step: number; reason: string }
  /** Wait for `cutover migrate approve`; record approval-requested once (`requested` false). */
  | { type: "await-approval"; step: number; requested: boolean }
  /** Record step-started for the next step. */
  | { type: "next-step"; step: number }
  /** Record rollback-started (then the engine sets blue 100 and verifies it). */
  | { type: "rollback"; reason: string }
  /** Blue 100 is set, effective and read back: record rolled-back. */
  | { type: "finish-rollback"; weights: Weights }
  /** The last step passed: record promoted. */
  | { type: "promote" }
  /** Record completed. */
  | { type: "complete" }
  /** The migration is over (completed, rolled back or aborted). */
  | { type: "done"; phase: Phase };
