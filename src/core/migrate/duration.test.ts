import { describe, expect, it } from "vitest";
import { durationMs, formatDuration, parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["10m", 600_000],
    ["24h", 86_400_000],
    ["1h30m", 5_400_000],
    ["1m30s", 90_000],
    ["2d", 172_800_000],
    ["1.5h", 5_400_000],
    ["0", 0],
    ["0s", 0],
    [" 45s ", 45_000],
  ])("%s is %i ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each([
    ["10", '"10" has no unit: write "10s", "10m" or "10h"'],
    ["", "expected a duration"],
    ["10 minutes", 'cannot read "10 minutes"'],
    ["10mfoo", 'cannot read "foo"'],
    ["1y", 'cannot read "1y"'],
    ["m5", 'cannot read "m5"'],
  ])("%j is refused with a message that says why", (text, message) => {
    const parsed = parseDuration(text);
    expect("error" in parsed && parsed.error).toContain(message);
  });

  it("durationMs throws on text that never passed the schema", () => {
    expect(() => durationMs("soon")).toThrow(/not a duration/);
  });
});

describe("formatDuration", () => {
  it.each([
    [250, "250ms"],
    [30_000, "30s"],
    [5_400_000, "1h30m"],
    [90_061_000, "1d1h1m1s"],
  ])("%i ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
