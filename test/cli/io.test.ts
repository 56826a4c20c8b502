import { describe, expect, it } from "vitest";
import { choice, collectList } from "../../src/cli/io.js";
import { UsageError } from "../../src/core/errors.js";
import { PLAN_FORMATS } from "../../src/report/plan/render.js";
import { FAIL_ON_LEVELS, SCAN_FORMATS } from "../../src/report/scan/render.js";

describe("choice: the one check of enumerated flag values", () => {
  it.each([
    ["--output", "table", SCAN_FORMATS],
    ["--output", "sarif", SCAN_FORMATS],
    ["--output", "markdown", PLAN_FORMATS],
    ["--output", "html", PLAN_FORMATS],
    ["--fail-on", "removed", FAIL_ON_LEVELS],
    ["--fail-on", "none", FAIL_ON_LEVELS],
  ])("%s %s is accepted", (flag, value, choices) => {
    expect(choice(flag, value, choices)).toBe(value);
  });

  it.each([
    ["--output", "pdf", SCAN_FORMATS],
    ["--output", "JSON", SCAN_FORMATS],
    ["--output", "sarif", PLAN_FORMATS],
    ["--fail-on", "error", FAIL_ON_LEVELS],
  ])("%s %s is a usage error naming the flag and the choices", (flag, value, choices) => {
    const check = () => choice(flag, value, choices);
    expect(check).toThrow(UsageError);
    expect(check).toThrow(`${flag} "${value}" is not one of: ${choices.join(", ")}`);
  });

  it("collects comma-separated and repeated values", () => {
    expect(collectList("Ingress, CronJob", collectList("Event"))).toEqual(["Event", "Ingress", "CronJob"]);
  });
});
