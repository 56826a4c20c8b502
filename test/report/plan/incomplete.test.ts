// A plan built from a source that failed says it is incomplete in every format, above its counts.
import { describe, expect, it } from "vitest";
import type { UpgradePlan } from "../../../src/core/plan/types.js";
import { renderPlanJson } from "../../../src/report/plan/json.js";
import { renderPlanMarkdown } from "../../../src/report/plan/markdown.js";
import { renderPlanTable } from "../../../src/report/plan/table.js";
import { samplePlan } from "./sample.js";

function failed(): UpgradePlan {
  return {
    ...samplePlan(),
    inputErrors: [{ file: "/nope", line: null, message: "no such file or directory: /nope" }],
  };
}

describe("a plan from a source that failed", () => {
  it("table: the title and the removed-API count say incomplete", () => {
    const lines = renderPlanTable(failed(), false).split("\n");
    expect(lines[0]).toMatch(/INCOMPLETE: 1 input error/);
    expect(lines.find((line) => line.startsWith("Removed APIs in use:"))).toMatch(/at least 3 .*incomplete/);
  });

  it("markdown: the title says incomplete", () => {
    expect(renderPlanMarkdown(failed()).split("\n")[0]).toMatch(/INCOMPLETE/);
  });

  it("json: complete is false, and true for a plan read in full", () => {
    expect(JSON.parse(renderPlanJson(failed())).complete).toBe(false);
    expect(JSON.parse(renderPlanJson(samplePlan())).complete).toBe(true);
  });
});
