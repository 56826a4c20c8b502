import { describe, expect, it } from "vitest";
import type { Weights } from "../../ports/traffic.js";
import { apply, replay, type StoredEvent } from "./apply.js";
import { initialState } from "./state.js";

const w = (green: number): Weights => ({ blue: 100 - green, green });
const log = (...events: [string, Record<string, unknown>][]): StoredEvent[] =>
  events.map(([type, data], index) => ({ seq: index + 1, type, data }));

describe("apply / replay", () => {
  it("folds a shift: intent, set, effective → the step is analysed from the effective time", () => {
    const state = replay(
      "m",
      log(
        ["started", { at: 1 }],
        ["phase-entered", { at: 2, phase: "stepping" }],
        ["weights-intended", { at: 3, weights: w(20), previous: w(0), purpose: "step" }],
        ["weights-set", { at: 4, weights: w(20), previous: w(0) }],
        ["weights-effective", { at: 9, weights: w(20), effectiveAt: 8 }],
      ),
    );
    expect(state).toMatchObject({
      phase: "stepping",
      step: { index: 0, stage: "analysing" },
      weights: { applied: w(20), intended: null, effective: w(20), effectiveAt: 8 },
      analysis: { windowStart: 8, rounds: 0 },
      lastSeq: 5,
      updatedAt: 9,
      startedAt: 1,
    });
  });

  it.each([
    [
      "a running hook keeps its process group, for a later driver to stop",
      [],
      { status: "running", at: 1, process: { pgid: 42, host: "a" } },
    ],
    [
      "a finished hook drops it",
      [["hook-succeeded", { at: 3, hook: "provision", durationMs: 1 }]],
      { status: "succeeded", at: 3 },
    ],
    [
      "a run started again starts without one",
      [["hook-started", { at: 4, hook: "provision", command: ["x"] }]],
      { status: "running", at: 4 },
    ],
  ] as const)("%s", (_, after, expected) => {
    const state = replay(
      "m",
      log(
        ["hook-started", { at: 1, hook: "provision", command: ["terraform", "apply"] }],
        ["hook-process", { at: 2, hook: "provision", pgid: 42, host: "a" }],
        ...(after as unknown as [string, Record<string, unknown>][]),
      ),
    );
    expect(state.hooks.provision).toEqual(expected);
  });

  it("keeps an intent without its set: what a resumed driver must reconcile", () => {
    const state = replay(
      "m",
      log(["weights-intended", { at: 3, weights: w(50), previous: w(20), purpose: "step" }]),
    );
    expect(state.weights).toMatchObject({ intended: w(50), previous: w(20), observed: null });
  });

  it("skips unknown event types but counts their seq", () => {
    const state = apply(initialState("m"), { seq: 7, type: "from-the-future", data: { at: 5 } });
    expect(state.phase).toBe("pending");
    expect(state.lastSeq).toBe(7);
  });

  it("a rollback supersedes a block and remembers where it came from; nothing follows a finished migration", () => {
    const state = replay(
      "m",
      log(
        ["phase-entered", { at: 1, phase: "preflight" }],
        ["preflight-failed", { at: 2, issues: [{ provider: "p", message: "down", fix: "start it" }] }],
        ["rollback-started", { at: 3, reason: "requested by bob", by: "bob" }],
        ["rolled-back", { at: 4, weights: w(0) }],
        ["phase-entered", { at: 5, phase: "stepping" }],
        ["paused", { at: 6, by: "x" }],
      ),
    );
    expect(state.phase).toBe("rolled-back");
    expect(state.blocked).toBeNull();
    expect(state.paused).toBeNull();
    expect(state.rollback).toEqual({ reason: "requested by bob", by: "bob", at: 3, fromPhase: "preflight" });
  });

  it("the state is plain JSON: it survives a round trip unchanged", () => {
    const state = replay(
      "m",
      log(
        ["started", { at: 1 }],
        ["phase-entered", { at: 2, phase: "final-bake" }],
        ["approved", { at: 3, step: 0, by: "a" }],
      ),
    );
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
