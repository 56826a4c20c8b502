// Crash safety: a weight change is recorded as intended before the provider is called and as set after.
// When a driver finds an intent without its "set", it reads the provider and decides what happened.
import type { Weights } from "../../ports/traffic.js";
import { sameWeights } from "./state.js";

export type Reconciliation =
  /** The provider carries the intended weights: the change happened, record it. */
  | "confirm"
  /** The provider still carries the previous weights (or there were none): make the change again. */
  | "reapply"
  /** Neither: someone else changed the weights; a person must decide. */
  | "mismatch";

export function reconcileWeights(
  intended: Weights,
  previous: Weights | null,
  actual: Weights,
): Reconciliation {
  if (sameWeights(actual, intended)) return "confirm";
  if (previous === null || sameWeights(actual, previous)) return "reapply";
  return "mismatch";
}
