// The state store holds hook output and migration specs: an existing SQLite file that others may read is
// used, but with a warning that says how to fix it; a file the owner alone can read gives none.
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { runCli } from "../support/terminal.js";

let dir = "";
let file = "";

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cutover-store-mode-"));
  file = path.join(dir, "state.db");
  await openSqliteStore(file).close();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the store file's mode", () => {
  it("a new store file is created 0600", () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["status", ["migrate", "status", "--store"]],
    ["history", ["migrate", "history", "shop", "--store"]],
    ["pause", ["migrate", "pause", "shop", "--store"]],
  ])("migrate %s warns about a store file others can read (0644)", async (_, args) => {
    chmodSync(file, 0o644);
    const run = await runCli([...args, file]);
    expect(run.stderr).toContain(
      `warning: ${file} can be read by others (mode 0644), and it holds hook output and migration specs; make it private: chmod 600 ${file}`,
    );
  });

  it("says nothing about a private store file (0600)", async () => {
    const run = await runCli(["migrate", "status", "--store", file]);
    expect(run.stderr).not.toContain("warning:");
  });
});
