import { describe, expect, it } from "vitest";
import { replay, type StoredEvent } from "./apply.js";
import { commandEvent, commandProblem, type MigrationCommand } from "./commands.js";

const stateAt = (...events: [string, Record<string, unknown>][]) =>
  replay(
    "shop",
    events.map(([type, data], index): StoredEvent => ({ seq: index + 1, type, data })),
  );

const stepping = stateAt(["phase-entered", { at: 1, phase: "stepping" }]);
const awaiting = stateAt(
  ["phase-entered", { at: 1, phase: "stepping" }],
  ["approval-requested", { at: 2, step: 0 }],
);
const decommissioning = stateAt(["phase-entered", { at: 1, phase: "decommissioning" }]);
const completed = stateAt(["completed", { at: 1 }]);
const rollingBack = stateAt(["rollback-started", { at: 1, reason: "r", by: "b" }]);
const paused = stateAt(["paused", { at: 1, by: "carol" }]);

describe("commandProblem", () => {
  it.each([
    ["approve", awaiting, null],
    ["approve", stepping, "nothing awaits approval: shop is stepping, step 1 (shifting)"],
    ["pause", stepping, null],
    ["pause", paused, "shop is already paused (by carol)"],
    ["resume", paused, null],
    ["rollback", stepping, null],
    ["rollback", rollingBack, "shop is already rolling back"],
    [
      "rollback",
      decommissioning,
      "shop is decommissioning: blue is being decommissioned, it can no longer take the traffic back",
    ],
    ["abort", decommissioning, null],
    ["abort", completed, "shop is completed; there is nothing left to abort"],
  ] as [MigrationCommand, ReturnType<typeof stateAt>, string | null][])(
    "%s in %j",
    (command, state, problem) => {
      expect(commandProblem(state, command)).toBe(problem);
    },
  );
});

describe("commandEvent", () => {
  it("approve names the step that awaits approval", () => {
    expect(commandEvent(awaiting, "approve", "alice", 5)).toEqual({
      type: "approved",
      data: { at: 5, by: "alice", step: 0 },
    });
  });

  it("rollback and abort carry a reason", () => {
    expect(commandEvent(stepping, "rollback", "bob", 5).data).toMatchObject({ reason: "requested by bob" });
    expect(commandEvent(stepping, "abort", "dave", 5, "green is on fire").data).toMatchObject({
      reason: "green is on fire",
    });
  });
});
