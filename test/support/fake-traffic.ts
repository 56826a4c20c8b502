// A traffic provider for driver tests: weights in memory, every call recorded, each effective change
// counted, and crashes on demand before or after a call takes effect.
import type { Clock } from "../../src/ports/clock.js";
import type { PreflightIssue, TrafficChange, TrafficProvider, Weights } from "../../src/ports/traffic.js";
import { SimulatedCrash } from "./memory-store.js";

export interface TrafficCall {
  method: "preflight" | "readWeights" | "setWeights" | "waitEffective";
  weights?: Weights;
  /** 1-based count of calls of this method. */
  count: number;
  when: "before" | "after";
}

export class FakeTraffic implements TrafficProvider {
  readonly name = "fake";
  weights: Weights = { blue: 100, green: 0 };
  readonly calls: { method: TrafficCall["method"]; weights?: Weights; change?: TrafficChange }[] = [];
  /** Every setWeights that changed the weights, in order. */
  readonly changes: Weights[] = [];
  preflightIssues: PreflightIssue[] = [];
  crashOn: ((call: TrafficCall) => boolean) | null = null;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly settleMs = 2_000,
  ) {}

  describe(): string {
    return "fake traffic (test)";
  }

  async preflight(): Promise<PreflightIssue[]> {
    this.track("preflight");
    return this.preflightIssues;
  }

  async readWeights(): Promise<Weights> {
    this.track("readWeights");
    return { ...this.weights };
  }

  /** A change id ("change-N") per effective change, as Route 53 returns one. */
  async setWeights(weights: Weights): Promise<TrafficChange | undefined> {
    const count = this.track("setWeights", weights);
    this.crash({ method: "setWeights", weights, count, when: "before" });
    const changed = weights.blue !== this.weights.blue || weights.green !== this.weights.green;
    if (changed) this.changes.push({ ...weights });
    this.weights = { ...weights };
    this.crash({ method: "setWeights", weights, count, when: "after" });
    return changed ? { id: `change-${this.changes.length}`, holdSeconds: 60 } : undefined;
  }

  async waitEffective(
    weights: Weights,
    signal?: AbortSignal,
    change?: TrafficChange,
  ): Promise<{ effectiveAt: number }> {
    const count = this.track("waitEffective", weights, change);
    this.crash({ method: "waitEffective", weights, count, when: "before" });
    await this.clock.sleep(this.settleMs, signal);
    return { effectiveAt: this.clock.now() };
  }

  private track(method: TrafficCall["method"], weights?: Weights, change?: TrafficChange): number {
    this.calls.push({ method, ...(weights && { weights: { ...weights } }), ...(change && { change }) });
    const count = (this.counts.get(method) ?? 0) + 1;
    this.counts.set(method, count);
    return count;
  }

  private crash(call: TrafficCall): void {
    if (this.crashOn?.(call)) throw new SimulatedCrash(`crash ${call.when} ${call.method} #${call.count}`);
  }
}
