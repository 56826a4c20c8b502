// Traffic port: everything the migration engine needs from a traffic provider (route53, haproxy,
// externaldns). Weights are percentages of traffic to each side and always sum to 100.
import { CutoverError } from "../core/errors.js";

export type Side = "blue" | "green";

export interface Weights {
  blue: number;
  green: number;
}

/** A problem found before any change is made; `fix` says what the user should do. */
export interface PreflightIssue {
  provider: string;
  message: string;
  fix: string;
}

/**
 * A change a provider submitted, kept in the event log (weights-set) so that a later process can still
 * wait for it after a restart.
 */
export interface TrafficChange {
  /** The provider's id for it (Route 53: the ChangeInfo Id, polled with GetChange until INSYNC). */
  id: string;
  /** Seconds resolvers may keep serving the records it replaced or wrote: the larger old or new TTL. */
  holdSeconds?: number;
}

export interface TrafficProvider {
  readonly name: string;
  /** Human-readable target, e.g. "route53 Z123 shop.example.com A" (for logs and --dry-run). */
  describe(): string;
  /** Checks reachability and the preconditions of the provider; an empty list means ready. Changes nothing. */
  preflight(): Promise<PreflightIssue[]>;
  /** The weights actually in effect at the provider now. */
  readWeights(): Promise<Weights>;
  /**
   * Sets both weights in one atomic change. Idempotent: setting the current weights is a no-op success.
   * Returns the change when the provider has one to wait for (undefined: nothing was submitted).
   */
  setWeights(weights: Weights): Promise<TrafficChange | undefined>;
  /**
   * Resolves once `weights` are in effect for clients (e.g. Route 53 INSYNC plus the record TTL), with the
   * time they became effective (ms since epoch). Rejects with a clear error on timeout or abort.
   * `change` is what setWeights returned, as recorded in the log (possibly by an earlier process);
   * without it the provider cannot know when the weights were set and waits its worst case.
   */
  waitEffective(
    weights: Weights,
    signal?: AbortSignal,
    change?: TrafficChange,
  ): Promise<{ effectiveAt: number }>;
}

/** Thrown by providers for failures the user must fix (unreachable socket, missing record, bad credentials). */
export class TrafficError extends CutoverError {
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(`${provider}: ${message}`);
    this.name = "TrafficError";
  }
}
