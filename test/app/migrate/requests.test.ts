import { describe, expect, it } from "vitest";
import { MigrationError } from "../../../src/app/migrate/errors.js";
import { loadMigration, requestCommand } from "../../../src/app/migrate/requests.js";
import { healthy } from "../../support/fake-metrics.js";
import { harness, NAME } from "./driver-harness.js";

describe("requestCommand", () => {
  it("names the known migrations when the name is wrong", async () => {
    const h = harness(healthy);
    await h.run({ signal: AbortSignal.abort() });
    const failure = await requestCommand(h.store, "shop-blue-gren", "pause", "x").catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).code).toBe("not-found");
    expect((failure as Error).message).toBe(
      `no migration named "shop-blue-gren" (known migrations: ${NAME})`,
    );
  });

  it("refuses a command that makes no sense now, and records nothing", async () => {
    const h = harness(healthy);
    await h.run();
    const before = (await h.store.events(NAME)).length;
    const failure = await requestCommand(h.store, NAME, "rollback", "bob").catch((error: unknown) => error);
    expect((failure as MigrationError).code).toBe("command-refused");
    expect((failure as Error).message).toBe(`${NAME} is completed; there is nothing left to rollback`);
    expect((await h.store.events(NAME)).length).toBe(before);
  });

  it("records the command with the state it leads to; a stopped migration picks it up on resume", async () => {
    const h = harness(healthy);
    await h.run({ signal: AbortSignal.abort() });
    const { event, state } = await requestCommand(h.store, NAME, "rollback", "bob", {
      reason: "latency alarm",
      now: 42,
    });
    expect(event).toMatchObject({
      type: "rollback-started",
      data: { by: "bob", reason: "latency alarm", at: 42 },
    });
    expect(state.phase).toBe("rolling-back");
    expect((await h.store.get(NAME))?.phase).toBe("rolling-back");
    const result = await h.run();
    expect(result.stopped).toBe("rolled-back");
    expect((await loadMigration(h.store, NAME)).state.rollback?.reason).toBe("latency alarm");
  });
});

describe("loadMigration", () => {
  it("gives back the stored spec, which resumes without a spec-changed refusal", async () => {
    const h = harness(healthy);
    await h.run({ signal: AbortSignal.abort() });
    const loaded = await loadMigration(h.store, NAME);
    expect(loaded.state.phase).toBe("pending");
    expect(loaded.events.map((event) => event.type)).toEqual(["started"]);
    expect((await h.run({ spec: loaded.spec })).stopped).toBe("completed");
  });
});
