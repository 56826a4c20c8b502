// A clock for engine and driver tests: time only moves when someone sleeps (or the test advances it).
import type { Clock } from "../../src/ports/clock.js";

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export class FakeClock implements Clock {
  constructor(public time: number = T0) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (!signal?.aborted) this.time += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
