import { describe, expect, it } from "vitest";
import { BASE_SPEC, testSpec } from "../../../test/support/migration-spec.js";
import { simulateMigration } from "./simulate.js";

const MINUTE = 60_000;

describe("simulateMigration (--dry-run)", () => {
  it("lists every change of the test spec with its time from the start", () => {
    const changes = simulateMigration(testSpec());
    expect(changes.map((change) => [change.offsetMs / MINUTE, change.kind, change.description])).toEqual([
      [0, "set-weights", "set blue 80 / green 20"],
      [0, "wait", "bake step 1 (green 20 %), measuring every 10s for 1m"],
      [1, "set-weights", "set blue 50 / green 50"],
      [1, "wait", "bake step 2 (green 50 %), measuring every 10s for 1m"],
      [2, "set-weights", "set blue 20 / green 80"],
      [2, "wait", "bake step 3 (green 80 %), measuring every 10s for 1m"],
      [3, "set-weights", "set blue 0 / green 100"],
      [3, "wait", "bake step 4 (green 100 %), measuring every 10s for 1m"],
      [4, "wait", "final bake at green 100 %, measuring every 10s for 1m"],
      [5, "wait", "drain blue (weight 0) for 30s"],
      [5.5, "hook", "run freeze hook: echo freeze"],
      [5.5, "wait", "keep blue frozen (rollback stays possible) for 2m"],
    ]);
  });

  it("names the approvals a manual step will wait for", () => {
    const manual = testSpec(
      BASE_SPEC.replace("interval: 10s", "interval: 10s").replace(
        "  finalBake",
        "  approvals: manual\n  finalBake",
      ),
    );
    const approvals = simulateMigration(manual).filter((change) => change.kind === "approval");
    expect(approvals.map((change) => change.description)).toEqual(
      [1, 2, 3, 4].map((step) => `wait for \`cutover migrate approve shop-blue-green\` (step ${step})`),
    );
  });
});
