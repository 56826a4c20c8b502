// Every forward transition of the engine, from literal event histories and a fixed time.
import { describe, expect, it } from "vitest";
import {
  ALL_STEPS,
  bad,
  DRAIN_CONFIRMED,
  DRAINING,
  e,
  FINAL_BAKE,
  FROZEN,
  FROZEN_HOOKED,
  ok,
  PREFLIGHT,
  PROMOTED,
  S,
  START,
  STEP1,
  STEP1_PASSED,
  STEPPING,
  shifted,
  stateOf,
  T,
  w,
} from "../../../test/support/migration-histories.js";
import { BASE_SPEC, testSpec } from "../../../test/support/migration-spec.js";
import type { NewEvent } from "./events.js";
import { nextAction } from "./next-action.js";

const spec = testSpec();

describe("nextAction: forward progress", () => {
  it.each([
    ["a new migration enters preflight (no hooks)", START, T, { type: "enter-phase", phase: "preflight" }],
    ["preflight checks against blue 100", PREFLIGHT, T, { type: "preflight", expected: w(0) }],
    [
      "after preflight, stepping (no smoke tests)",
      [...PREFLIGHT, e("preflight-passed", { at: T, weights: w(0) })],
      T,
      { type: "enter-phase", phase: "stepping" },
    ],
    [
      "step 1 sets 80/20 from 100/0",
      STEPPING,
      T,
      { type: "set-weights", weights: w(20), previous: w(0), purpose: "step", intentRecorded: false },
    ],
    [
      "once set, wait until effective",
      STEPPING.concat(shifted(0, 20, 0, T).slice(0, 2)),
      T,
      { type: "wait-effective", weights: w(20) },
    ],
    ["no measurement before one interval", STEP1, T + 5 * S, { type: "wait", until: T + 10 * S }],
    [
      "a measurement one interval after the change is effective",
      STEP1,
      T + 10 * S,
      { type: "measure", plan: { step: 0 } },
    ],
    [
      "a failed round rolls back (failureLimit 0)",
      [...STEP1, e("measurement", { at: T + 10 * S, step: 0, measurements: bad(T + 10 * S) })],
      T + 11 * S,
      { type: "rollback" },
    ],
    [
      "baked and clean: the step passes",
      STEP1_PASSED.slice(0, -1),
      T + 60 * S,
      { type: "pass-step", step: 0 },
    ],
    ["a passed auto step starts the next one", STEP1_PASSED, T + 60 * S, { type: "next-step", step: 1 }],
    [
      "a passed auto step moves on even when a measurement is due (no extra round)",
      STEP1_PASSED,
      T + 75 * S,
      { type: "next-step", step: 1 },
    ],
    [
      "the next step sets 50/50 from 80/20",
      [...STEP1_PASSED, e("step-started", { at: T + 60 * S, step: 1 })],
      T + 60 * S,
      { type: "set-weights", weights: w(50), previous: w(20) },
    ],
    ["the last step passed: promote", ALL_STEPS, T + 185 * S, { type: "promote" }],
    ["promoted: final bake", PROMOTED, T + 240 * S, { type: "enter-phase", phase: "final-bake" }],
    [
      "final bake measures green alone",
      FINAL_BAKE,
      T + 250 * S,
      { type: "measure", plan: { step: null, queries: [{ blue: null }] } },
    ],
    [
      "draining first confirms blue's weight is 0",
      DRAINING,
      T + 300 * S,
      { type: "read-weights", purpose: "drain" },
    ],
    ["then waits the drain time", DRAIN_CONFIRMED, T + 310 * S, { type: "wait", until: T + 330 * S }],
    ["then freezes blue", DRAIN_CONFIRMED, T + 330 * S, { type: "enter-phase", phase: "frozen" }],
    ["frozen runs the freeze hook", FROZEN, T + 330 * S, { type: "run-hook", hook: "freeze" }],
    [
      "and keeps blue frozen for its duration",
      FROZEN_HOOKED,
      T + 400 * S,
      { type: "wait", until: T + 450 * S },
    ],
    ["then completes (no decommission)", FROZEN_HOOKED, T + 450 * S, { type: "complete" }],
    [
      "completed is done",
      [...FROZEN_HOOKED, e("completed", { at: T + 450 * S })],
      T + 500 * S,
      { type: "done", phase: "completed" },
    ],
  ] as [string, NewEvent[], number, object][])("%s", (_, events, now, expected) => {
    expect(nextAction(spec, stateOf(events), now)).toMatchObject(expected);
  });

  it("the final bake passes into draining once baked with a clean round", () => {
    const baked = [
      ...FINAL_BAKE,
      e("measurement", { at: T + 300 * S, step: null, measurements: ok(T + 300 * S) }),
    ];
    expect(nextAction(spec, stateOf(baked), T + 300 * S)).toEqual({ type: "enter-phase", phase: "draining" });
  });

  it("hooks and smoke tests come first when the spec has them", () => {
    const withAll = testSpec(
      BASE_SPEC.replace(
        "  steps:",
        "  hooks:\n    provision: { command: [terraform, apply] }\n    bootstrap: { command: [./register.sh] }\n  smoke: [{ url: 'http://127.0.0.1:8081/healthz', host: shop.example.com }]\n  steps:",
      ),
    );
    expect(nextAction(withAll, stateOf(START), T)).toEqual({ type: "enter-phase", phase: "provision" });
    const provision = [...START, e("phase-entered", { at: T, phase: "provision" })];
    expect(nextAction(withAll, stateOf(provision), T)).toMatchObject({ type: "run-hook", hook: "provision" });
    const provisioned = [...provision, e("hook-succeeded", { at: T, hook: "provision", durationMs: 1 })];
    expect(nextAction(withAll, stateOf(provisioned), T)).toEqual({ type: "enter-phase", phase: "bootstrap" });
    const checked = [...PREFLIGHT, e("preflight-passed", { at: T, weights: w(0) })];
    expect(nextAction(withAll, stateOf(checked), T)).toEqual({ type: "enter-phase", phase: "smoke" });
    const smoke = [...checked, e("phase-entered", { at: T, phase: "smoke" })];
    expect(nextAction(withAll, stateOf(smoke), T)).toMatchObject({
      type: "smoke",
      checks: [{ requests: 10 }],
    });
  });
});

describe("nextAction: approvals, pause, blocks", () => {
  const manual = testSpec(
    BASE_SPEC.replace("{ green: 20, bake: 1m }", "{ green: 20, bake: 1m, approval: manual }"),
  );
  it("a passed manual step asks for approval once, then waits, then goes on when approved", () => {
    expect(nextAction(manual, stateOf(STEP1_PASSED), T + 60 * S)).toEqual({
      type: "await-approval",
      step: 0,
      requested: false,
    });
    const asked = [...STEP1_PASSED, e("approval-requested", { at: T + 60 * S, step: 0 })];
    expect(nextAction(manual, stateOf(asked), T + 61 * S)).toEqual({
      type: "await-approval",
      step: 0,
      requested: true,
    });
    const approved = [...asked, e("approved", { at: T + 65 * S, step: 0, by: "alice" })];
    expect(nextAction(manual, stateOf(approved), T + 65 * S)).toEqual({ type: "next-step", step: 1 });
  });

  it("while waiting for approval the analysis keeps watching, and a failure still rolls back", () => {
    const asked = [...STEP1_PASSED, e("approval-requested", { at: T + 60 * S, step: 0 })];
    expect(nextAction(manual, stateOf(asked), T + 70 * S)).toMatchObject({ type: "measure" });
    const failing = [...asked, e("measurement", { at: T + 70 * S, step: 0, measurements: bad(T + 70 * S) })];
    expect(nextAction(manual, stateOf(failing), T + 71 * S)).toMatchObject({ type: "rollback" });
  });

  it("pause holds advancing actions but not measuring", () => {
    const paused = [...STEP1_PASSED, e("paused", { at: T + 60 * S, by: "carol" })];
    expect(nextAction(spec, stateOf(paused), T + 60 * S)).toMatchObject({
      type: "hold",
      blocked: false,
      until: T + 70 * S,
      reason: "paused by carol; run `cutover migrate resume shop-blue-green`",
    });
    expect(nextAction(spec, stateOf(paused), T + 70 * S)).toMatchObject({ type: "measure" });
    const resumed = [...paused, e("resumed", { at: T + 61 * S, by: "carol" })];
    expect(nextAction(spec, stateOf(resumed), T + 61 * S)).toEqual({ type: "next-step", step: 1 });
  });

  it.each([
    [
      "a failed preflight",
      [
        ...PREFLIGHT,
        e("preflight-failed", {
          at: T,
          issues: [{ provider: "haproxy", message: "socket missing", fix: "start haproxy" }],
        }),
      ],
      /preflight failed: socket missing \(fix: start haproxy\)/,
    ],
    [
      "a failed hook",
      [...START, e("hook-failed", { at: T, hook: "provision", message: "terraform exited with 1" })],
      /provision hook failed/,
    ],
    [
      "failed smoke tests",
      [...STEPPING, e("smoke-failed", { at: T, message: "3/10 succeeded", results: [] })],
      /smoke tests failed: 3\/10/,
    ],
  ] as [string, NewEvent[], RegExp][])("%s blocks until resumed", (_, events, reason) => {
    const action = nextAction(spec, stateOf(events), T);
    expect(action).toMatchObject({ type: "hold", blocked: true });
    expect(action.type === "hold" && action.reason).toMatch(reason);
    const resumed = [...events, e("resumed", { at: T, by: "x" })];
    expect(nextAction(spec, stateOf(resumed), T).type).not.toBe("hold");
  });

  it("a drain finding blue still weighted blocks", () => {
    const wrong = [...DRAINING, e("weights-observed", { at: T + 300 * S, weights: w(90), purpose: "drain" })];
    expect(nextAction(spec, stateOf(wrong), T + 300 * S)).toMatchObject({
      type: "hold",
      blocked: true,
      reason: expect.stringMatching(/blue weight 10, expected 0/),
    });
  });
});
