// openStore picks the implementation from the --store value; unknown schemes and empty paths are clear errors.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, parseStoreLocation } from "../../src/adapters/open-store.js";
import { SqliteStore } from "../../src/adapters/sqlite-store.js";

const root = mkdtempSync(join(tmpdir(), "cutover-open-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A 127.0.0.1 port that nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

describe("parseStoreLocation", () => {
  it.each([
    [undefined, { kind: "sqlite", path: ".cutover/state.db" }],
    ["", { kind: "sqlite", path: ".cutover/state.db" }],
    ["state.db", { kind: "sqlite", path: "state.db" }],
    ["/var/lib/cutover/state.db", { kind: "sqlite", path: "/var/lib/cutover/state.db" }],
    ["sqlite:ci/state.db", { kind: "sqlite", path: "ci/state.db" }],
    ["C:\\cutover\\state.db", { kind: "sqlite", path: "C:\\cutover\\state.db" }],
    [
      "postgres://cutover@db.internal/cutover",
      { kind: "postgres", url: "postgres://cutover@db.internal/cutover" },
    ],
    ["postgresql://u:p@127.0.0.1:5432/x", { kind: "postgres", url: "postgresql://u:p@127.0.0.1:5432/x" }],
  ])("%s → %o", (location, expected) => {
    expect(parseStoreLocation(location)).toEqual(expected);
  });

  it.each([
    [
      "mysql://root:hunter2@db/cutover",
      /unknown store scheme "mysql:" in mysql:\/\/root:\*\*\*@db\/cutover; use a file path/,
    ],
    ["sqlite:", /names no file; write sqlite:PATH/],
  ])("refuses %s", (location, message) => {
    expect(() => parseStoreLocation(location)).toThrow(message);
    expect(() => parseStoreLocation(location)).not.toThrow(/hunter2/);
  });
});

describe("openStore", () => {
  it.each([
    ["a path", (path: string) => path],
    ["sqlite:PATH", (path: string) => `sqlite:${path}`],
  ])("opens SQLite for %s", async (_, location) => {
    const path = join(root, `${Math.random().toString(36).slice(2)}.db`);
    const store = await openStore(location(path));
    expect(store).toBeInstanceOf(SqliteStore);
    await store.create("m", { ok: 1 }, {}, "pending");
    expect((await store.get("m"))?.spec).toEqual({ ok: 1 });
    await store.close();
  });

  it("opens PostgreSQL for a postgres:// URL and never shows its password", async () => {
    const url = `postgres://cutover:s3cret-pw@127.0.0.1:${await closedPort()}/cutover`;
    const failure = openStore(url);
    await expect(failure).rejects.toThrow(
      /cutover:\*\*\*@127\.0\.0\.1:\d+\/cutover: .*server is running and reachable/,
    );
    await expect(failure).rejects.not.toThrow(/s3cret-pw/);
  });
});
