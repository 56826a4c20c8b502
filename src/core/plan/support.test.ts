import { describe, expect, it } from "vitest";
import { TINY_KB } from "../../../test/support/tiny-kb.js";
import { dayNumber, daysBetween, requireToday, supportOn } from "./support.js";
import { PlanError } from "./types.js";

const TODAY = "2026-11-26";

describe("EKS support status on 2026-11-26", () => {
  it.each([
    // version, status, days left, days to end of standard, days to end of extended
    ["1.28", "past-end", -365, -730, -365], // extended support ended 2025-11-26
    ["1.30", "past-end", -126, -491, -126],
    ["1.31", "extended", 0, -365, 0], // the end date is the last day of support: still inside, 0 days left
    ["1.32", "extended", 117, -248, 117],
    ["1.33", "extended", 245, -120, 245], // standard ended 2026-07-29, extended until 2027-07-29
    ["1.34", "standard", 6, 6, 371],
    ["1.36", "unknown", null, null, null], // on the calendar without dates
    ["1.35", "unknown", null, null, null], // not on the calendar at all
  ] as const)("%s is %s (%s days left)", (version, status, daysLeft, toStandard, toExtended) => {
    expect(supportOn(version, TINY_KB.eks, TODAY)).toMatchObject({
      version,
      status,
      daysLeft,
      daysToEndOfStandardSupport: toStandard,
      daysToEndOfExtendedSupport: toExtended,
    });
  });

  it("moves 1.31 past the end on the day after its extended support ends", () => {
    expect(supportOn("1.31", TINY_KB.eks, "2026-11-27")).toMatchObject({ status: "past-end", daysLeft: -1 });
  });

  it("keeps a version in standard support on its end-of-standard day and extended the day after", () => {
    expect(supportOn("1.31", TINY_KB.eks, "2025-11-26")).toMatchObject({ status: "standard", daysLeft: 0 });
    expect(supportOn("1.31", TINY_KB.eks, "2025-11-27")).toMatchObject({ status: "extended", daysLeft: 364 });
  });

  it("carries the calendar dates through", () => {
    expect(supportOn("1.33", TINY_KB.eks, TODAY)).toMatchObject({
      endOfStandardSupport: "2026-07-29",
      endOfExtendedSupport: "2027-07-29",
    });
  });
});

describe("date math", () => {
  it.each([
    ["2026-11-26", "2026-11-26", 0],
    ["2026-11-26", "2027-11-26", 365],
    ["2027-11-26", "2028-11-26", 366], // 2028 is a leap year
    ["2026-03-01", "2026-02-28", -1],
  ])("%s → %s is %d days", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it.each(["2026-02-30", "26-11-2026", "2026-11-26T00:00:00Z", "", "2026-13-01"])("rejects %j", (text) => {
    expect(dayNumber(text)).toBeUndefined();
    expect(() => requireToday(text)).toThrow(PlanError);
    expect(() => requireToday(text)).toThrow(/is not a date: use YYYY-MM-DD/);
  });
});
