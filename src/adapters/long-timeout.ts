// Timers for durations a spec may hold (a 30-day freeze, a 25-day hook timeout): setTimeout keeps its delay
// in a signed 32-bit integer and fires at once beyond 2^31-1 ms (24.8 days), so a long wait is slept in
// chunks of at most that.

/** The longest delay setTimeout honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `fn` once `ms` have passed (any length); `cancel()` stops it. The timer keeps the process alive. */
export function setLongTimeout(fn: () => void, ms: number): { cancel(): void } {
  const due = Date.now() + Math.max(0, ms);
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = due - Date.now();
    timer = setTimeout(left > MAX_TIMER_MS ? arm : fn, Math.min(Math.max(0, left), MAX_TIMER_MS));
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}
