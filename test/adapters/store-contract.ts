// The StateStore contract, run against every implementation (sqlite-store.test.ts, postgres-store.test.ts):
// migrations, the gapless event log, atomic record, the lease, and a second process on the same store.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StateStore, StoreError } from "../../src/ports/store.js";
import { type StoreChild, spawnStoreChild } from "../support/store-child.js";

export interface StoreTarget {
  /** The location (file path or URL) of a fresh, empty store for one test. */
  freshLocation(): Promise<string>;
  open(location: string): Promise<StateStore>;
  /** When a killed process's lease comes free: once it expires (SQLite) or when its session ends (PostgreSQL). */
  deadHolderTakeover: "after-expiry" | "session-end";
  /** Whether another process can open the same store (false for the in-memory test double). */
  sharedAcrossProcesses: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `attempt` every 100 ms until it returns true or `ms` have passed. */
async function eventually(ms: number, attempt: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await attempt()) return true;
    await sleep(100);
  }
  return false;
}

export function storeContract(name: string, target: StoreTarget): void {
  describe(`${name}: StateStore contract`, () => {
    let location = "";
    let opened: StateStore[] = [];
    let children: StoreChild[] = [];
    const open = async () => {
      const store = await target.open(location);
      opened.push(store);
      return store;
    };
    const child = (...args: string[]) => {
      const spawned = spawnStoreChild([location, ...args]);
      children.push(spawned);
      return spawned;
    };

    beforeEach(async () => {
      location = await target.freshLocation();
    });
    afterEach(async () => {
      await Promise.all(children.map((spawned) => spawned.kill()));
      await Promise.all(opened.map((store) => store.close()));
      children = [];
      opened = [];
    });

    it("creates, gets and lists migrations", async () => {
      const store = await open();
      const spec = { name: "b", steps: [20, 50, 100], nested: { ok: true, note: "é ✓" } };
      await store.create("b", spec, { phase: "pending" }, "pending");
      await store.create("a", { name: "a" }, { phase: "pending" }, "pending");
      const b = await store.get("b");
      expect(b).toMatchObject({ name: "b", spec, state: { phase: "pending" }, phase: "pending" });
      expect(Date.parse(b?.createdAt ?? "")).not.toBeNaN();
      expect(b?.updatedAt).toBe(b?.createdAt);
      expect((await store.list()).map((migration) => migration.name)).toEqual(["a", "b"]);
      expect(await store.get("missing")).toBeNull();
    });

    it("refuses a duplicate name, naming it, and keeps the first", async () => {
      const store = await open();
      await store.create("dup", { v: 1 }, {}, "pending");
      await expect(store.create("dup", { v: 2 }, {}, "pending")).rejects.toThrow(
        expect.objectContaining({
          name: "StoreError",
          message: expect.stringMatching(/"dup" already exists/),
        }),
      );
      expect((await store.get("dup"))?.spec).toEqual({ v: 1 });
    });

    it("records events with seq 1, 2, 3 and replaces the state with each", async () => {
      const store = await open();
      await store.create("m", {}, { weight: 0 }, "pending");
      for (const weight of [20, 50, 80]) {
        const event = await store.record(
          "m",
          { type: "weights-set", data: { green: weight } },
          { weight },
          "steps",
        );
        expect(event).toMatchObject({ migration: "m", type: "weights-set", data: { green: weight } });
        expect(Date.parse(event.at)).not.toBeNaN();
      }
      const events = await store.events("m");
      expect(events.map((event) => [event.seq, event.data.green])).toEqual([
        [1, 20],
        [2, 50],
        [3, 80],
      ]);
      const stored = await store.get("m");
      expect(stored).toMatchObject({ state: { weight: 80 }, phase: "steps", updatedAt: events[2]?.at });
    });

    const throwingState = {
      toJSON() {
        throw new Error("not serialisable");
      },
    };
    const failingRecords: Array<[string, string, unknown, string, RegExp]> = [
      ["an unknown migration", "nope", { v: 9 }, "steps", /"nope" not found/],
      ["a state that cannot be JSON", "m", throwingState, "steps", /state of migration "m" as JSON/],
      ["an undefined state", "m", undefined, "steps", /state of migration "m": it is undefined/],
      ["an empty phase (a schema rule)", "m", { v: 9 }, "", /record event "bad" of migration "m"/],
    ];
    it.each(failingRecords)(
      "a record failing on %s leaves neither event nor state",
      async (_, name, state, phase, message) => {
        const store = await open();
        await store.create("m", {}, { v: 0 }, "pending");
        await store.record("m", { type: "good", data: {} }, { v: 1 }, "steps");
        await expect(store.record(name, { type: "bad", data: {} }, state, phase)).rejects.toThrow(message);
        await expect(store.record(name, { type: "bad", data: {} }, state, phase)).rejects.toBeInstanceOf(
          StoreError,
        );
        expect((await store.events("m")).map((event) => event.type)).toEqual(["good"]);
        expect(await store.events("nope")).toEqual([]);
        expect(await store.get("m")).toMatchObject({ state: { v: 1 }, phase: "steps" });
        expect((await store.record("m", { type: "next", data: {} }, { v: 2 }, "steps")).seq).toBe(2);
      },
    );

    it("returns the events after a given seq", async () => {
      const store = await open();
      await store.create("m", {}, {}, "pending");
      for (let i = 1; i <= 5; i++) await store.record("m", { type: "tick", data: { i } }, { i }, "steps");
      expect((await store.events("m", 3)).map((event) => event.seq)).toEqual([4, 5]);
      expect(await store.events("m", 5)).toEqual([]);
      expect(await store.events("other")).toEqual([]);
    });

    it("keeps migrations and events after close and reopen", async () => {
      const first = await open();
      await first.create("m", { s: 1 }, {}, "pending");
      await first.record("m", { type: "started", data: { by: "test" } }, { step: 0 }, "preflight");
      await first.close();
      const second = await open();
      expect(await second.get("m")).toMatchObject({ spec: { s: 1 }, state: { step: 0 }, phase: "preflight" });
      expect(await second.events("m")).toMatchObject([{ seq: 1, type: "started", data: { by: "test" } }]);
    });

    it("gives a free lease, refuses another holder with who holds it and until when", async () => {
      const [first, second] = [await open(), await open()];
      expect(await first.acquireLease("m", "driver-a", 10_000)).toEqual({ acquired: true });
      expect(await first.acquireLease("m", "driver-a", 10_000)).toEqual({ acquired: true });
      const refused = await second.acquireLease("m", "driver-b", 10_000);
      expect(refused).toMatchObject({ acquired: false, heldBy: { holder: "driver-a" } });
      const expiresIn = Date.parse(refused.acquired ? "" : refused.heldBy.expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(5_000);
      expect(expiresIn).toBeLessThanOrEqual(10_500);
      expect(await first.acquireLease("other", "driver-b", 10_000)).toEqual({ acquired: true });
    });

    it("lets a holder take over an expired lease; the old holder's renew then fails", async () => {
      const store = await open();
      await store.acquireLease("m", "driver-a", 100);
      await sleep(250);
      expect(await store.acquireLease("m", "driver-b", 10_000)).toEqual({ acquired: true });
      expect(await store.renewLease("m", "driver-a", 10_000)).toBe(false);
      expect(await store.renewLease("m", "driver-b", 10_000)).toBe(true);
    });

    it("keeps a renewed lease past its first expiry", async () => {
      const store = await open();
      await store.acquireLease("m", "driver-a", 400);
      await sleep(200);
      expect(await store.renewLease("m", "driver-a", 5_000)).toBe(true);
      await sleep(400);
      expect(await store.acquireLease("m", "driver-b", 5_000)).toMatchObject({ acquired: false });
    });

    it("frees the lease on release by its holder only", async () => {
      const [first, second] = [await open(), await open()];
      await first.acquireLease("m", "driver-a", 10_000);
      await first.releaseLease("m", "driver-x");
      expect(await second.acquireLease("m", "driver-b", 10_000)).toMatchObject({ acquired: false });
      await first.releaseLease("m", "driver-a");
      expect(await second.acquireLease("m", "driver-b", 10_000)).toEqual({ acquired: true });
      expect(await first.renewLease("m", "driver-a", 10_000)).toBe(false);
    });

    it("rejects a lease time to live that is not a positive integer", async () => {
      const store = await open();
      await expect(store.acquireLease("m", "driver-a", 0)).rejects.toThrow(
        /ttlMs must be a positive integer/,
      );
      await expect(store.renewLease("m", "driver-a", 1.5)).rejects.toThrow(
        /ttlMs must be a positive integer/,
      );
    });

    it("stays gapless with two connections appending at once (2 × 100 → seq 1..200)", async () => {
      const [first, second] = [await open(), await open()];
      await first.create("m", {}, {}, "pending");
      const append = async (store: StateStore, writer: string) => {
        for (let i = 0; i < 100; i++)
          await store.record("m", { type: "append", data: { writer, i } }, { writer }, "steps");
      };
      await Promise.all([append(first, "one"), append(second, "two")]);
      await expectGapless(first, 200, { one: 100, two: 100 });
    });

    // A second process on the same store: only stores that live outside the test process have one.
    const acrossProcesses = target.sharedAcrossProcesses ? it : () => undefined;
    acrossProcesses("stays gapless with another process appending at the same time", async () => {
      const store = await open();
      await store.create("m", {}, {}, "pending");
      const other = child("append", "m", "100", "child");
      expect(await other.nextMessage()).toEqual({ ready: true });
      const startAt = Date.now() + 300;
      other.process.stdin?.end(`${startAt}\n`);
      await sleep(startAt - Date.now());
      for (let i = 0; i < 100; i++)
        await store.record("m", { type: "append", data: { writer: "parent", i } }, {}, "steps");
      expect(await other.nextMessage()).toEqual({ appended: 100 });
      await expectGapless(store, 200, { parent: 100, child: 100 });
    });

    acrossProcesses(
      "refuses a lease held by another process, and frees it after that process is killed -9",
      async () => {
        const store = await open();
        const ttlMs = target.deadHolderTakeover === "after-expiry" ? 3_000 : 60_000;
        const holder = child("hold", "m", "child-driver", String(ttlMs));
        expect(await holder.nextMessage()).toEqual({ acquired: true });
        const refused = await store.acquireLease("m", "parent-driver", 10_000);
        expect(refused).toMatchObject({ acquired: false, heldBy: { holder: "child-driver" } });
        await holder.kill("SIGKILL");
        const killedAt = Date.now();
        if (target.deadHolderTakeover === "after-expiry") {
          // The row outlives the process until it expires: no takeover before, takeover after.
          const stillHeld = await store.acquireLease("m", "parent-driver", 10_000);
          expect(stillHeld).toMatchObject({ acquired: false, heldBy: { holder: "child-driver" } });
          const expiry = Date.parse(stillHeld.acquired ? "" : stillHeld.heldBy.expiresAt);
          expect(
            await eventually(
              ttlMs + 5_000,
              async () => (await store.acquireLease("m", "parent-driver", 10_000)).acquired,
            ),
          ).toBe(true);
          expect(Date.now()).toBeGreaterThanOrEqual(expiry);
        } else {
          // The server drops the dead session's advisory lock: takeover long before the row's expiry.
          expect(
            await eventually(
              10_000,
              async () => (await store.acquireLease("m", "parent-driver", 10_000)).acquired,
            ),
          ).toBe(true);
          expect(Date.now() - killedAt).toBeLessThan(ttlMs / 2);
        }
        expect(await store.renewLease("m", "parent-driver", 10_000)).toBe(true);
      },
    );
  });
}

/** Asserts seq 1..total with no gap or duplicate and `perWriter` events from each writer. */
async function expectGapless(
  store: StateStore,
  total: number,
  perWriter: Record<string, number>,
): Promise<void> {
  const events = await store.events("m");
  expect(events.map((event) => event.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  const counts: Record<string, number> = {};
  for (const event of events)
    counts[String(event.data.writer)] = (counts[String(event.data.writer)] ?? 0) + 1;
  expect(counts).toEqual(perWriter);
}
