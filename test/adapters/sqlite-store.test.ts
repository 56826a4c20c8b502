// The SQLite store: the shared contract (with a second process on the same file), plus file handling:
// a private file in a created directory, WAL, schema versions, and clear errors for foreign files.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SQLITE_PATH, openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { storeContract } from "./store-contract.js";

const root = mkdtempSync(join(tmpdir(), "cutover-sqlite-"));
let count = 0;
const freshPath = () => join(root, `store-${++count}`, "nested", "state.db");
afterAll(() => rmSync(root, { recursive: true, force: true }));

storeContract("SQLite", {
  freshLocation: async () => freshPath(),
  open: async (path) => openSqliteStore(path),
  deadHolderTakeover: "after-expiry",
  sharedAcrossProcesses: true,
});

describe("openSqliteStore", () => {
  it("creates the parent directory and a WAL database that only its owner can read", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.create("m", {}, {}, "pending");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.prepare("SELECT version FROM schema_version").all()).toEqual([{ version: 1 }]);
    raw.close();
  });

  it("opens an existing store again without applying the schema twice", async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const store = openSqliteStore(path);
    await store.create("m", {}, {}, "pending");
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT count(*) AS n FROM schema_version").get()).toEqual({ n: 1 });
    raw.close();
  });

  it("refuses a store written by a newer cutover", async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_version (version) VALUES (99)").run();
    raw.close();
    expect(() => openSqliteStore(path)).toThrow(
      /schema version 99, newer than this cutover knows \(1\); upgrade/,
    );
  });

  it("refuses a file that is not a SQLite database, naming it", () => {
    const path = join(root, "not-a-db.txt");
    writeFileSync(path, "hello, this is not SQLite ".repeat(100));
    expect(() => openSqliteStore(path)).toThrow(
      expect.objectContaining({
        name: "StoreError",
        message: expect.stringContaining(`${path} is not a SQLite database`),
      }),
    );
  });

  it("defaults to .cutover/state.db under the working directory", async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(root, "cwd-"));
    process.chdir(dir);
    try {
      const store = openSqliteStore();
      await store.create("m", {}, {}, "pending");
      await store.close();
      expect(DEFAULT_SQLITE_PATH).toBe(".cutover/state.db");
      expect(statSync(join(dir, ".cutover", "state.db")).isFile()).toBe(true);
      expect(statSync(join(dir, ".cutover")).mode & 0o777).toBe(0o700);
    } finally {
      process.chdir(cwd);
    }
  });
});
