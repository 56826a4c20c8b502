// The demo's summary names the store of each run, so `migrate history`/`status` find its migration.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exploreLines } from "../../scripts/demo/cli.mjs";

describe("exploreLines", () => {
  it.each([
    [
      "inside the working directory: a relative --store",
      "/repo",
      "/repo/.cutover/demo/engine/run-1/state.db",
      "--store .cutover/demo/engine/run-1/state.db",
    ],
    [
      "outside it: the absolute path",
      "/repo",
      "/tmp/demo/engine/run-1/state.db",
      "--store /tmp/demo/engine/run-1/state.db",
    ],
    ["a space in the path is quoted", "/repo", "/tmp/my demo/state.db", "--store '/tmp/my demo/state.db'"],
  ])("%s", (_, cwd, store, expected) => {
    const lines = exploreLines([{ name: "demo-rollback", store }], cwd, "node bin/cutover.js");
    expect(lines).toEqual([
      `node bin/cutover.js migrate history demo-rollback ${expected}`,
      `node bin/cutover.js migrate status demo-rollback ${expected}`,
    ]);
  });

  it("names every run with a store, in order, and skips runs without one", () => {
    const runs = [
      { name: "demo-rollback", store: path.resolve("run-1/state.db") },
      { name: "stage-only" },
      { name: "demo-cutover", store: path.resolve("run-2/state.db") },
    ];
    expect(exploreLines(runs).map((line) => line.split(" ").slice(2, 5).join(" "))).toEqual([
      "migrate history demo-rollback",
      "migrate status demo-rollback",
      "migrate history demo-cutover",
      "migrate status demo-cutover",
    ]);
    expect(exploreLines(runs)[0]).toBe(
      "node bin/cutover.js migrate history demo-rollback --store run-1/state.db",
    );
  });
});
