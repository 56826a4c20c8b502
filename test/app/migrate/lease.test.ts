// The heartbeat renews the lease in real time; a driver that loses it stops before its next change.
import { describe, expect, it } from "vitest";
import { MigrationError } from "../../../src/app/migrate/errors.js";
import { healthy } from "../../support/fake-metrics.js";
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
