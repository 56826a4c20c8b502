// Long waits: setTimeout fires at once beyond 2^31-1 ms (24.8 days), so the system clock's sleep and the
// hook timeout wait in chunks. Fake timers (which overflow as Node does) stand in for 30 days.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_TIMER_MS, setLongTimeout } from "../../src/adapters/long-timeout.js";
import { systemClock } from "../../src/adapters/traffic-clock.js";

const DAY = 86_400_000;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("long waits", () => {
  it("plain setTimeout overflows beyond 2^31-1 ms (what these guard against)", async () => {
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 30 * DAY);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fired).toBe(true);
  });

  it.each([
    ["setLongTimeout", (ms: number, done: () => void) => void setLongTimeout(done, ms)],
    ["systemClock.sleep", (ms: number, done: () => void) => void systemClock.sleep(ms).then(done)],
  ])("%s waits 30 days, not a moment", async (_, wait) => {
    let fired = false;
    wait(30 * DAY, () => {
      fired = true;
    });
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(fired).toBe(false);
    await vi.advanceTimersByTimeAsync(30 * DAY - MAX_TIMER_MS - 1);
    expect(fired).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toBe(true);
  });

  it("systemClock.sleep of 30 days still ends early on abort", async () => {
    const controller = new AbortController();
    let fired = false;
    void systemClock.sleep(30 * DAY, controller.signal).then(() => {
      fired = true;
    });
    await vi.advanceTimersByTimeAsync(DAY);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toBe(true);
  });

  it("setLongTimeout can be cancelled in any chunk", async () => {
    let fired = false;
    const timer = setLongTimeout(() => {
      fired = true;
    }, 60 * DAY);
    await vi.advanceTimersByTimeAsync(40 * DAY);
    timer.cancel();
    await vi.advanceTimersByTimeAsync(30 * DAY);
    expect(fired).toBe(false);
  });
});
