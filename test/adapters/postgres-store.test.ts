// The PostgreSQL store on a throwaway server (test/support/postgres.ts): the shared contract, plus what is
// PostgreSQL's own: the advisory lock outlives an expired row, a lost session is a lost lease, jsonb's
// \u0000 rule rolls back cleanly, the schema, and passwords never shown.
// CUTOVER_SKIP_POSTGRES=1 reports this suite as skipped (explicit switch for machines without PostgreSQL).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore, redactUrl } from "../../src/adapters/postgres-store.js";
import { SKIP_POSTGRES, startTestPostgres, type TestPostgres } from "../support/postgres.js";
import { storeContract } from "./store-contract.js";

describe("redactUrl", () => {
  it.each([
    ["postgres://cutover:s3cret@db:5432/x", "postgres://cutover:***@db:5432/x"],
    ["postgresql://u:p%40ss@h/db?sslmode=require", "postgresql://u:***@h/db?sslmode=require"],
    ["postgres://h/db?user=u&password=pw&x=1", "postgres://h/db?user=u&password=***&x=1"],
    ["postgres://cutover@db/x", "postgres://cutover@db/x"],
  ])("%s → %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe.runIf(!SKIP_POSTGRES)("PostgreSQL store", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  storeContract("PostgreSQL", {
    freshLocation: () => server.createDatabase(),
    open: (url) => openPostgresStore(url),
    deadHolderTakeover: "session-end",
    sharedAcrossProcesses: true,
  });

  /** Runs `sql` as the superuser on `url`'s database. */
  async function admin<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it("keeps a second session out while the holder's session lives, even past the row's expiry", async () => {
    const url = await server.createDatabase();
    const [first, second] = [await openPostgresStore(url), await openPostgresStore(url)];
    try {
      await first.acquireLease("m", "driver-a", 100);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await second.acquireLease("m", "driver-b", 10_000)).toMatchObject({
        acquired: false,
        heldBy: { holder: "driver-a" },
      });
      await first.close();
      expect(await second.acquireLease("m", "driver-b", 10_000)).toEqual({ acquired: true });
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("reports the lease lost when its session is terminated, and can take it again", async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore(url);
    try {
      await store.acquireLease("m", "driver-a", 10_000);
      const killed = await admin<{ pid: number }>(
        url,
        "SELECT pg_terminate_backend(pid), pid FROM pg_locks WHERE locktype = 'advisory' AND granted",
      );
      expect(killed).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await store.renewLease("m", "driver-a", 10_000)).toBe(false);
      expect(await store.acquireLease("m", "driver-a", 10_000)).toEqual({ acquired: true });
      expect(await store.renewLease("m", "driver-a", 10_000)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("rolls the event back when the server rejects the state (\\u0000 in jsonb)", async () => {
    const store = await openPostgresStore(await server.createDatabase());
    try {
      await store.create("m", {}, { v: 0 }, "pending");
      await expect(
        store.record("m", { type: "bad", data: {} }, { text: "a\u0000b" }, "steps"),
      ).rejects.toThrow(
        /record event "bad" of migration "m" in postgres:\/\/postgres@127\.0\.0\.1:\d+\/cutover_test_\w+: .*\\u0000/,
      );
      expect(await store.events("m")).toEqual([]);
      expect(await store.get("m")).toMatchObject({ state: { v: 0 }, phase: "pending" });
    } finally {
      await store.close();
    }
  });

  it("creates its tables in the cutover schema once, even when opened three times at once", async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url)));
    await Promise.all(stores.map((store) => store.close()));
    const tables = await admin<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'cutover' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toEqual(["events", "leases", "migrations", "schema_version"]);
    expect(await admin(url, "SELECT version FROM cutover.schema_version")).toEqual([{ version: 1 }]);
  });

  it("refuses a database written by a newer cutover", async () => {
    const url = await server.createDatabase();
    await (await openPostgresStore(url)).close();
    await admin(url, "INSERT INTO cutover.schema_version VALUES (99)");
    await expect(openPostgresStore(url)).rejects.toThrow(
      /schema version 99, newer than this cutover knows \(1\)/,
    );
  });
});
