// Reconciliation after a crash, and rollback from every phase, from literal event histories.
import { describe, expect, it } from "vitest";
import {
  DRAIN_CONFIRMED,
  e,
  FINAL_BAKE,
  FROZEN_HOOKED,
  PREFLIGHT,
  PROMOTED,
  S,
  START,
  STEP1,
  STEP1_PASSED,
  stateOf,
  T,
  w,
} from "../../../test/support/migration-histories.js";
import { testSpec } from "../../../test/support/migration-spec.js";
import type { NewEvent } from "./events.js";
import { nextAction } from "./next-action.js";
import type { Phase } from "./state.js";

const spec = testSpec();

describe("nextAction: reconciling an intent after a crash", () => {
  const intent = [
    ...STEP1_PASSED,
    e("step-started", { at: T + 60 * S, step: 1 }),
    e("weights-intended", { at: T + 60 * S, weights: w(50), previous: w(20), purpose: "step" }),
  ];
  const observed = (green: number) => [
    ...intent,
    e("weights-observed", { at: T + 90 * S, weights: w(green), purpose: "reconcile" }),
  ];
  it.each([
    ["first reads the provider", intent, { type: "read-weights", purpose: "reconcile" }],
    ["the intended weights are there: confirm", observed(50), { type: "confirm-weights", weights: w(50) }],
    [
      "the previous weights are there: apply again, without a second intent",
      observed(20),
      { type: "set-weights", weights: w(50), intentRecorded: true },
    ],
    ["neither: hold for a person", observed(30), { type: "hold", blocked: true }],
  ] as [string, NewEvent[], object][])("%s", (_, events, expected) => {
    expect(nextAction(spec, stateOf(events), T + 90 * S)).toMatchObject(expected);
  });

  it("resume clears the old read-back so the provider is read again", () => {
    const resumed = [...observed(30), e("resumed", { at: T + 95 * S, by: "x" })];
    expect(nextAction(spec, stateOf(resumed), T + 95 * S)).toEqual({
      type: "read-weights",
      purpose: "reconcile",
    });
  });
});

describe("nextAction: rollback from every phase before decommission", () => {
  const rollback = (events: NewEvent[], at: number) => [
    ...events,
    e("rollback-started", { at, reason: "requested by bob", by: "bob" }),
  ];
  it.each([
    ["pending", START, { type: "set-weights", weights: w(0), previous: null, purpose: "rollback" }],
    [
      "preflight (nothing shifted yet: verify only)",
      [...PREFLIGHT, e("preflight-passed", { at: T, weights: w(0) })],
      { type: "read-weights", purpose: "verify-rollback" },
    ],
    [
      "stepping, analysing at 20 %",
      STEP1,
      { type: "set-weights", weights: w(0), previous: w(20), purpose: "rollback" },
    ],
    ["stepping, passed at 20 %", STEP1_PASSED, { type: "set-weights", weights: w(0), previous: w(20) }],
    ["promoted", PROMOTED, { type: "set-weights", weights: w(0), previous: w(100) }],
    ["final bake", FINAL_BAKE, { type: "set-weights", weights: w(0), previous: w(100) }],
    ["draining", DRAIN_CONFIRMED, { type: "set-weights", weights: w(0), previous: w(100) }],
    ["frozen", FROZEN_HOOKED, { type: "set-weights", weights: w(0), previous: w(100) }],
  ] as [Phase | string, NewEvent[], object][])("%s", (_, events, expected) => {
    const state = stateOf(rollback(events, T + 500 * S));
    expect(state.phase).toBe("rolling-back");
    expect(nextAction(spec, state, T + 500 * S)).toMatchObject(expected);
  });

  it("set, effective, read back, done: one change to blue 100, verified", () => {
    const at = T + 500 * S;
    const started = rollback(STEP1, at);
    const set = [
      ...started,
      e("weights-intended", { at, weights: w(0), previous: w(20), purpose: "rollback" }),
      e("weights-set", { at, weights: w(0), previous: w(20) }),
    ];
    expect(nextAction(spec, stateOf(set), at)).toEqual({ type: "wait-effective", weights: w(0) });
    const effective = [...set, e("weights-effective", { at, weights: w(0), effectiveAt: at })];
    expect(nextAction(spec, stateOf(effective), at)).toEqual({
      type: "read-weights",
      purpose: "verify-rollback",
    });
    const verified = [...effective, e("weights-observed", { at, weights: w(0), purpose: "verify-rollback" })];
    expect(nextAction(spec, stateOf(verified), at)).toEqual({ type: "finish-rollback", weights: w(0) });
    const wrong = [...effective, e("weights-observed", { at, weights: w(20), purpose: "verify-rollback" })];
    expect(nextAction(spec, stateOf(wrong), at)).toMatchObject({ type: "hold", blocked: true });
    expect(nextAction(spec, stateOf([...verified, e("rolled-back", { at, weights: w(0) })]), at)).toEqual({
      type: "done",
      phase: "rolled-back",
    });
  });

  it("a step intent pending at rollback is superseded, never re-applied", () => {
    const at = T + 90 * S;
    const pending = [
      ...STEP1_PASSED,
      e("step-started", { at, step: 1 }),
      e("weights-intended", { at, weights: w(50), previous: w(20), purpose: "step" }),
    ];
    const read = [
      ...rollback(pending, at),
      e("weights-observed", { at, weights: w(20), purpose: "reconcile" }),
    ];
    expect(nextAction(spec, stateOf(read), at)).toEqual({
      type: "set-weights",
      weights: w(0),
      previous: w(20),
      purpose: "rollback",
      intentRecorded: false,
    });
  });

  it.each([
    [
      "decommissioning",
      [...FROZEN_HOOKED, e("phase-entered", { at: T, phase: "decommissioning" })],
      "decommissioning",
    ],
    ["completed", [...FROZEN_HOOKED, e("completed", { at: T })], "completed"],
  ] as [string, NewEvent[], Phase][])("is ignored once %s", (_, events, phase) => {
    expect(stateOf(rollback(events, T)).phase).toBe(phase);
  });
});
