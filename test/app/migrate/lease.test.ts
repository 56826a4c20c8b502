// The heartbeat renews the lease in real time; a driver that loses it stops before its next change.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { MigrationError } from "../../../src/app/migrate/errors.js";
import { LeaseHeldError, takeLease } from "../../../src/app/migrate/lease.js";
import { exitCodeOf } from "../../../src/core/errors.js";
import { healthy } from "../../support/fake-metrics.js";
import { MemoryStore } from "../../support/memory-store.js";
import { BASE_SPEC } from "../../support/migration-spec.js";
import { harness, NAME } from "./driver-harness.js";

describe("the lease", () => {
  it("is released when a run ends, so the next driver can take it", async () => {
    const h = harness(healthy);
    await h.run({ signal: AbortSignal.abort() });
    expect(await h.store.acquireLease(NAME, "someone-else", 1_000)).toEqual({ acquired: true });
  });

  it("a lost lease stops the driver before its next change", async () => {
    const spec = BASE_SPEC.replace(
      "  steps:",
      "  hooks:\n    provision: { command: [terraform, apply] }\n  steps:",
    );
    const h = harness(healthy, spec);
    h.store.renewLease = async () => false;
    const slowHook = () =>
      new Promise<{ ok: boolean; message: string; durationMs: number }>((resolve) =>
        setTimeout(() => resolve({ ok: true, message: "ok", durationMs: 80 }), 80),
      );
    const failure = await h.run({ leaseTtlMs: 30, runHook: slowHook }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).code).toBe("lease-lost");
    expect((failure as Error).message).toContain("lost the lease to another driver");
    expect(h.traffic.calls.filter((call) => call.method === "setWeights")).toEqual([]);
  });
});

describe("takeLease", () => {
  it("takes over a lease left by a process of this host that is gone, and says so", async () => {
    const store = new MemoryStore({ now: () => Date.now(), sleep: async () => undefined });
    const gone = `someone@${os.hostname()}:${deadPid()}`;
    await store.acquireLease(NAME, gone, 60_000);
    const notices: string[] = [];
    const lease = await takeLease(store, NAME, "me@here:1", { notice: (text) => notices.push(text) });
    expect(notices).toEqual([expect.stringContaining(`taking over the lease of ${gone}`)]);
    expect(await store.acquireLease(NAME, "third", 1_000)).toMatchObject({ acquired: false });
    await lease.release();
    expect(await store.acquireLease(NAME, "third", 1_000)).toEqual({ acquired: true });
  });

  it("refuses a live holder with LeaseHeldError (exit 2) naming it", async () => {
    const store = new MemoryStore({ now: () => Date.now(), sleep: async () => undefined });
    await store.acquireLease(NAME, "ci@elsewhere:42", 60_000);
    const failure = await takeLease(store, NAME, "me@here:1").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LeaseHeldError);
    expect((failure as Error).message).toContain("ci@elsewhere:42");
    expect(exitCodeOf(failure)).toBe(2);
  });
});

/** A pid that no process of this host has: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid ?? 999_999;
}
