// `cutover migrate` with the PostgreSQL store (`--store postgres://…`): a full run on the real HAProxy,
// status from the store, and a second driver refused while another session holds the advisory lock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../src/adapters/postgres-store.js";
import { type MigrateStack, startMigrateStack, w } from "../support/migrate-stack.js";
import { SKIP_POSTGRES, startTestPostgres, type TestPostgres } from "../support/postgres.js";
import { runCli } from "../support/terminal.js";

describe.skipIf(SKIP_POSTGRES)("cutover migrate --store postgres://", () => {
  let stack: MigrateStack;
  let postgres: TestPostgres;
  beforeAll(async () => {
    [stack, postgres] = await Promise.all([startMigrateStack(), startTestPostgres()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([stack?.stop(), postgres?.stop()]);
  });

  it("runs a migration to completion and reads it back", async () => {
    const url = await postgres.createDatabase();
    const run = await runCli(["migrate", "start", stack.spec("pg-happy"), "--store", url]);
    expect(run.code, run.stderr).toBe(0);
    expect(await stack.haproxy.weights()).toEqual(w(100));
    const history = await runCli(["migrate", "history", "pg-happy", "--store", url, "-o", "json"]);
    const events = JSON.parse(history.stdout).events as { type: string; data: { weights?: unknown } }[];
    expect(events.filter((e) => e.type === "weights-set").map((e) => e.data.weights)).toEqual([
      w(20),
      w(50),
      w(80),
      w(100),
    ]);
    const status = await runCli(["migrate", "status", "--store", url, "-o", "json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({
      kind: "MigrationStatusList",
      items: [{ name: "pg-happy", phase: "completed" }],
    });
  });

  it("refuses a second driver while another session holds the lease", async () => {
    await stack.reset();
    const url = await postgres.createDatabase();
    const other = await openPostgresStore(url);
    try {
      expect(await other.acquireLease("pg-leased", "ops@bastion:4242", 60_000)).toEqual({ acquired: true });
      const run = await runCli(["migrate", "start", stack.spec("pg-leased"), "--store", url]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/pg-leased is held by ops@bastion:4242 until \d{4}-/);
      expect(await stack.haproxy.weights()).toEqual(w(0));
    } finally {
      await other.close();
    }
  });
});
