// kill -9 at every point of a migration, then a new driver resumes it: the event log must show each
// weight change exactly once, none skipped, and the provider must have changed exactly four times.
import { describe, expect, it } from "vitest";
import { requestCommand } from "../../../src/app/migrate/requests.js";
import { healthy } from "../../support/fake-metrics.js";
import type { TrafficCall } from "../../support/fake-traffic.js";
import { SimulatedCrash } from "../../support/memory-store.js";
import { type Harness, harness, NAME, w } from "./driver-harness.js";

const STEPS = [w(20), w(50), w(80), w(100)];
const LEASE_TTL_MS = 30_000;

async function cleanRunRecords(): Promise<number> {
  const h = harness(healthy);
  await h.run();
  return (await h.store.events(NAME)).length;
}

/** Runs until the crash, then (after the dead driver's lease expires) resumes with a new driver. */
async function crashThenResume(h: Harness): Promise<void> {
  const crashed = await h.run({ leaseTtlMs: LEASE_TTL_MS }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(crashed).toBeInstanceOf(SimulatedCrash);
  h.store.crashOn = null;
  h.traffic.crashOn = null;
  h.store.revive();
  h.clock.advance(LEASE_TTL_MS + 1);
  const resumed = await h.run({ leaseTtlMs: LEASE_TTL_MS });
  expect(resumed.stopped).toBe("completed");
}

async function expectExactlyFourChanges(h: Harness): Promise<void> {
  expect(await h.weightsSet()).toEqual(STEPS);
  expect(h.traffic.changes).toEqual(STEPS);
  const intents = (await h.eventsOf("weights-intended")).map((event) => event.data.weights);
  expect(new Set(intents.map((weights) => JSON.stringify(weights))).size).toBe(4);
}

describe("crash and resume at every record of the event log", async () => {
  const records = await cleanRunRecords();
  const points = Array.from({ length: records }, (_, index) => index + 1).flatMap((count) => [
    [count, "before"] as const,
    [count, "after"] as const,
  ]);

  it("the clean run has a record per step of the happy path", () => {
    expect(records).toBeGreaterThan(40);
  });

  it.each(points)("crash at record %i (%s it is written)", async (count, when) => {
    const h = harness(healthy);
    h.store.crashOn = (call) => call.count === count && call.when === when;
    await crashThenResume(h);
    await expectExactlyFourChanges(h);
  });
});

describe("crash and resume around every provider call", () => {
  const calls: [TrafficCall["method"], number, "before" | "after"][] = [
    ...[1, 2, 3, 4].flatMap((count) => [
      ["setWeights", count, "before"] as [TrafficCall["method"], number, "before"],
      ["setWeights", count, "after"] as [TrafficCall["method"], number, "after"],
      ["waitEffective", count, "before"] as [TrafficCall["method"], number, "before"],
    ]),
  ];

  it.each(calls)("crash in %s #%i (%s it takes effect)", async (method, count, when) => {
    const h = harness(healthy);
    h.traffic.crashOn = (call) => {
      const hit = call.method === method && call.count === count && call.when === when;
      if (hit) h.store.kill();
      return hit;
    };
    await crashThenResume(h);
    await expectExactlyFourChanges(h);
    const reconciled = (await h.eventsOf("weights-set")).filter((event) => event.data.reconciled === true);
    expect(reconciled.length).toBe(method === "setWeights" && when === "after" ? 1 : 0);
  });
});

describe("the provider's change id in the event log", () => {
  it("is recorded with weights-set and handed to waitEffective by the driver that resumes", async () => {
    const h = harness(healthy);
    h.traffic.crashOn = (call) => {
      const hit = call.method === "waitEffective" && call.count === 2 && call.when === "before";
      if (hit) h.store.kill();
      return hit;
    };
    await crashThenResume(h);
    const changes = (await h.eventsOf("weights-set")).map((event) => event.data.change);
    expect(changes).toEqual(STEPS.map((_, index) => ({ id: `change-${index + 1}`, holdSeconds: 60 })));
    const waits = h.traffic.calls.filter((call) => call.method === "waitEffective");
    // The second wait crashed and was redone by the new driver with the change id from the log.
    expect(waits.map((call) => call.change?.id)).toEqual([
      "change-1",
      "change-2",
      "change-2",
      "change-3",
      "change-4",
    ]);
  });

  it("is unknown after a crash between the change and its record: the wait gets none", async () => {
    const h = harness(healthy);
    h.traffic.crashOn = (call) => {
      const hit = call.method === "setWeights" && call.count === 2 && call.when === "after";
      if (hit) h.store.kill();
      return hit;
    };
    await crashThenResume(h);
    const waits = h.traffic.calls.filter((call) => call.method === "waitEffective");
    expect(waits.map((call) => call.change?.id)).toEqual(["change-1", undefined, "change-3", "change-4"]);
  });
});

describe("reconciliation after a crash", () => {
  it("holds when the provider shows neither the intended nor the previous weights, and rollback still works", async () => {
    const h = harness(healthy);
    h.traffic.crashOn = (call) => {
      const hit = call.method === "setWeights" && call.count === 2 && call.when === "before";
      if (hit) h.store.kill();
      return hit;
    };
    await h.run({ leaseTtlMs: LEASE_TTL_MS }).catch(() => undefined);
    h.store.revive();
    h.traffic.crashOn = null;
    h.clock.advance(LEASE_TTL_MS + 1);
    h.traffic.weights = w(30);
    const held = await h.run();
    expect(held.stopped).toBe("blocked");
    expect(held.reason).toMatch(
      /reports blue 70 \/ green 30, which is neither the intended blue 50 \/ green 50 nor the previous blue 80 \/ green 20/,
    );
    await requestCommand(h.store, NAME, "rollback", "gina", { now: h.clock.now() });
    const rolledBack = await h.run();
    expect(rolledBack.stopped).toBe("rolled-back");
    expect(h.traffic.weights).toEqual(w(0));
    expect(await h.weightsSet()).toEqual([w(20), w(0)]);
  });
});
