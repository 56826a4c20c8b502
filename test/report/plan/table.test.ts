import { describe, expect, it } from "vitest";
import { renderPlan } from "../../../src/report/plan/render.js";
import { renderPlanTable } from "../../../src/report/plan/table.js";
import { expectGolden } from "../golden.js";
import { edgePlan, samplePlan } from "./sample.js";

const ANSI_ESCAPE = "\u001b[";

describe("plan table", () => {
  it("matches the golden output for 1.28 → 1.33", () => {
    expectGolden("plan-table.txt", renderPlanTable(samplePlan(), false));
  });

  it("matches the golden output for a plan with a rollout before the first hop", () => {
    expectGolden("plan-table-initial.txt", renderPlanTable(edgePlan(), false));
  });

  it("has one row per hop with the nodes at the end of the hop and the rollout", () => {
    const lines = renderPlanTable(samplePlan(), false).split("\n");
    expect(lines.find((line) => line.startsWith("3 "))).toMatch(
      /^3\s+1\.30 → 1\.31\s+1\.31\s+1\.28 → 1\.31 \(skew\)\s+0\s+0\s+extended 0d$/,
    );
    expect(lines.find((line) => line.startsWith("4 "))).toMatch(/^4\s+1\.31 → 1\.32\s+1\.31\s+-\s+2\s+0/);
    expect(lines.find((line) => line.startsWith("0 "))).toBeUndefined();
    expect(renderPlanTable(edgePlan(), false)).toMatch(
      /^0\s+1\.28 \(before\)\s+1\.28\s+1\.25 → 1\.28 \(skew\)/m,
    );
  });

  it("states the skew rule with n-3 and n-2, the support dates and the hint", () => {
    const text = renderPlanTable(samplePlan(), false);
    expect(text).toContain(
      "kubelet: never newer than the control plane; up to 3 minors older (n-3) when it is 1.25 or newer, 2 minors (n-2) when it is older than 1.25",
    );
    expect(text).toContain("1.28  past end: extended support ended 2025-11-26 (365 days ago)");
    expect(text).toContain("Strategy hint: blue-green worth considering");
    expect(renderPlanTable(edgePlan(), false)).toContain("Removed APIs: not checked");
  });

  it("colours only when asked", () => {
    expect(renderPlanTable(samplePlan(), false)).not.toContain(ANSI_ESCAPE);
    expect(renderPlanTable(samplePlan(), true)).toContain(ANSI_ESCAPE);
    expect(renderPlan(samplePlan(), "table", { color: false })).toBe(renderPlanTable(samplePlan(), false));
  });
});
