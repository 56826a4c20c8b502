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

export interface TrafficProvider {
  readonly name: string;
  /** Human-readable target, e.g. "route53 Z123 shop.example.com A" (for logs and --dry-run). */
  describe(): string;
  /** Checks reachability and the preconditions of the provider; an empty list means ready. Changes nothing. */
  preflight(): Promise<PreflightIssue[]>;
  /** The weights actually in effect at the provider now. */
  readWeights(): Promise<Weights>;
  /** Sets both weights in one atomic change. Idempotent: setting the current weights is a no-op success. */
  setWeights(weights: Weights): Promise<void>;
  /**
   * Resolves once `weights` are in effect for clients (e.g. Route 53 INSYNC plus the record TTL), with the
   * time they became effective (ms since epoch). Rejects with a clear error on timeout or abort.
   */
  waitEffective(weights: Weights, signal?: AbortSignal): Promise<{ effectiveAt: number }>;
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
