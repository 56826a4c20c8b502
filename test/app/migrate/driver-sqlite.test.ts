// The driver on the real SQLite store: a happy path, and a crash in the middle of a weight change
// followed by a new process (a new store handle on the same file) that resumes it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../../src/adapters/sqlite-store.js";
import { runMigration } from "../../../src/app/migrate/driver.js";
import { FakeClock } from "../../support/fake-clock.js";
import { healthy, scriptedMetrics } from "../../support/fake-metrics.js";
import { FakeTraffic } from "../../support/fake-traffic.js";
import { SimulatedCrash } from "../../support/memory-store.js";
import { testSpec } from "../../support/migration-spec.js";
import { NAME, w } from "./driver-harness.js";

const dir = mkdtempSync(join(tmpdir(), "cutover-driver-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEPS = [w(20), w(50), w(80), w(100)];

function run(path: string, clock: FakeClock, traffic: FakeTraffic, holder: string) {
  const store = openSqliteStore(path);
  const metrics = scriptedMetrics(
    healthy,
    () => clock.now(),
    () => traffic.weights,
  );
  const runHook = async () => ({ ok: true, message: "ok", durationMs: 0 });
  const options = { spec: testSpec(), store, traffic, metrics: metrics.factory, clock, holder, runHook };
  return { store, result: runMigration(options).finally(() => store.close()) };
}

describe("runMigration on SQLite", () => {
  it("completes with four weight changes, and the stored state is the replayed one", async () => {
    const clock = new FakeClock();
    const traffic = new FakeTraffic(clock);
    const path = join(dir, "happy.db");
    expect((await run(path, clock, traffic, "a").result).stopped).toBe("completed");
    const store = openSqliteStore(path);
    const events = await store.events(NAME);
    expect(events.filter((event) => event.type === "weights-set").map((event) => event.data.weights)).toEqual(
      STEPS,
    );
    expect((await store.get(NAME))?.phase).toBe("completed");
    await store.close();
  });

  it("a crash after the provider changed (before weights-set) is reconciled by the next process", async () => {
    const clock = new FakeClock();
    const traffic = new FakeTraffic(clock);
    traffic.crashOn = (call) => call.method === "setWeights" && call.count === 3 && call.when === "after";
    const path = join(dir, "crash.db");
    await expect(run(path, clock, traffic, "first").result).rejects.toBeInstanceOf(SimulatedCrash);
    traffic.crashOn = null;
    expect((await run(path, clock, traffic, "second").result).stopped).toBe("completed");
    expect(traffic.changes).toEqual(STEPS);
    const store = openSqliteStore(path);
    const sets = (await store.events(NAME)).filter((event) => event.type === "weights-set");
    expect(sets.map((event) => [event.data.weights, event.data.reconciled ?? false])).toEqual([
      [w(20), false],
      [w(50), false],
      [w(80), true],
      [w(100), false],
    ]);
    await store.close();
  });
});
