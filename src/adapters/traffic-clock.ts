// Time for the traffic providers: the real clock by default, an injected one in tests, and the
// "poll until true or give up" loop every waitEffective needs.
import type { Clock } from "../ports/clock.js";
import { TrafficError } from "../ports/traffic.js";
import { setLongTimeout } from "./long-timeout.js";

/** The real clock; its sleep handles any length (a 30-day freeze), see long-timeout.ts. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        timer.cancel();
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setLongTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    }),
};

export function throwIfAborted(provider: string, signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new TrafficError(provider, `aborted while ${what}`);
}

export interface PollOptions {
  provider: string;
  clock: Clock;
  intervalMs: number;
  timeoutMs: number;
  /** What is awaited, for errors: "waiting for Route 53 change C1 to be INSYNC". */
  what: string;
  signal?: AbortSignal;
}

/**
 * Calls `check` until it returns a value other than undefined; sleeps `intervalMs` between calls.
 * Throws a TrafficError on abort or once `timeoutMs` has passed; `lastState` describes the last reading.
 */
export async function pollUntil<T>(
  options: PollOptions,
  check: () => Promise<{ done: T } | { lastState: string }>,
): Promise<T> {
  const { provider, clock, intervalMs, timeoutMs, what, signal } = options;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    throwIfAborted(provider, signal, what);
    const result = await check();
    if ("done" in result) return result.done;
    if (clock.now() >= deadline) {
      throw new TrafficError(
        provider,
        `timed out after ${timeoutMs} ms ${what}; last seen: ${result.lastState}`,
      );
    }
    await clock.sleep(intervalMs, signal);
  }
}
