// Nothing passes on no input, end to end: scan, plan and audit of a path without objects exit 2 and say
// so; --allow-empty gives 0; an audit recommends nothing from nothing; one too-deep desired object is named.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/terminal.js";

const scratch = mkdtempSync(join(tmpdir(), "cutover-noinput-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const empty = join(scratch, "empty");
mkdirSync(empty);

describe("no Kubernetes object in the input", () => {
  it.each([
    [["scan", empty, "-t", "1.33", "-o", "json"], ""],
    [["scan", "package.json", "-t", "1.33", "-o", "json"], ""],
    [["scan", "-", "-t", "1.33", "-o", "json"], ""],
    [["scan", "-", "-t", "1.33", "-o", "json"], "- a\n- b\n"],
    [["plan", "--snapshot", empty, "--from", "1.29", "--to", "1.30", "-o", "json"], ""],
  ])("%j exits 2 and names the path", async (args, stdin) => {
    const run = await runCli(args, stdin);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/no Kubernetes object/);
  });

  it("--allow-empty accepts it (exit 0, a warning)", async () => {
    const run = await runCli(["scan", empty, "-t", "1.33", "-o", "json", "--allow-empty"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).warnings).toEqual([expect.stringMatching(/no Kubernetes object in/)]);
  });

  it("a plan from a missing snapshot says it is incomplete on stdout", async () => {
    const run = await runCli([
      "plan",
      "--snapshot",
      join(scratch, "nope"),
      "--from",
      "1.29",
      "--to",
      "1.30",
      "-o",
      "json",
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).complete).toBe(false);
  });

  it("audit of an empty directory recommends nothing", async () => {
    const run = await runCli(["audit", empty, "-o", "json"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.recommendation.strategy).toBe("none");
    expect(JSON.stringify(report)).not.toMatch(/matches what its owners think/);
  });
});

describe("audit with one desired object nested too deeply", () => {
  it("names it with file:line and reports the rest", async () => {
    const desired = join(scratch, "desired");
    mkdirSync(desired);
    const depth = 50_000;
    writeFileSync(
      join(desired, "deep.json"),
      `{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly-report","namespace":"shop"},"spec":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`,
    );
    const run = await runCli(["audit", "examples/snapshot", "--desired", desired, "-o", "json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/deep\.json:1: CronJob shop\/nightly-report is nested too deeply to compare/);
    expect(JSON.parse(run.stdout).findings.length).toBeGreaterThan(0);
  });
});
