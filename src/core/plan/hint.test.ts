import { describe, expect, it } from "vitest";
import { TINY_KB } from "../../../test/support/tiny-kb.js";
import { strategyHint } from "./hint.js";
import { supportOn } from "./support.js";

const TODAY = "2026-11-26";
const support = (version: string, today = TODAY) => supportOn(version, TINY_KB.eks, today);

describe("strategy hint", () => {
  it.each([
    // hops, removed APIs in use, from-version, today, expected strategy, expected reason patterns
    [
      1,
      0,
      "1.34",
      TODAY,
      "in-place",
      [/^1 control-plane hop \(fewer than 3\)$/, /no removed APIs/, /1.34 support: standard/],
    ],
    [2, 0, "1.33", TODAY, "in-place", [/^2 control-plane hops/, /no removed APIs/, /extended/]],
    [3, 0, "1.34", TODAY, "blue-green", [/^3 control-plane hops \(3 or more\)/]],
    [1, 1, "1.34", TODAY, "blue-green", [/^1 object uses removed APIs/]],
    [1, 4, "1.34", TODAY, "blue-green", [/^4 objects use removed APIs/]],
    [1, 0, "1.28", TODAY, "blue-green", [/^1.28 is past the end of EKS extended support \(2025-11-26\)/]],
    // the last day of extended support: 0 days left, auto-upgrade is imminent
    [1, 0, "1.31", TODAY, "blue-green", [/^EKS extended support of 1.31 ends in 0 days \(2026-11-26\)/]],
    [1, 0, "1.32", "2027-02-21", "blue-green", [/ends in 30 days/]],
    [1, 0, "1.32", "2027-02-20", "in-place", [/hop/, /no removed APIs/, /1.32 support: extended/]],
    [1, 0, "1.36", TODAY, "in-place", [/hop/, /no removed APIs/, /1.36 support: unknown/]],
    [5, 2, "1.28", TODAY, "blue-green", [/^5 control-plane hops/, /^2 objects use/, /past the end/]],
  ] as const)("%d hops, %d removed, from %s on %s → %s", (hops, removed, from, today, strategy, reasons) => {
    const hint = strategyHint({
      hops,
      removedApisInUse: removed,
      sourcesChecked: true,
      fromSupport: support(from, today),
    });
    expect(hint.strategy).toBe(strategy);
    expect(hint.reasons).toHaveLength(reasons.length);
    reasons.forEach((pattern, index) => {
      expect(hint.reasons[index]).toMatch(pattern);
    });
  });

  it("says when removed APIs were not looked for", () => {
    const hint = strategyHint({
      hops: 1,
      removedApisInUse: 0,
      sourcesChecked: false,
      fromSupport: support("1.34"),
    });
    expect(hint.reasons).toContain("no sources given: removed APIs were not checked");
  });
});
