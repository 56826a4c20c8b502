// Crash safety for real: `cutover migrate start` runs as a child process on a real HAProxy and a SQLite
// store; the test watches the store and kill -9s it at every phase and step stage in turn, each time
// resuming with a new child (`migrate resume`), then checks that the migration completed and that every
// weight change happened exactly once. Also: Ctrl-C stops cleanly and resumably; rollback reaches a
// running driver, or is performed by the command itself when the driver is gone.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "../../src/adapters/sqlite-store.js";
import type { MigrationState } from "../../src/core/migrate/state.js";
import {
  type MigrateStack,
  startMigrateStack,
  storedEvents,
  w,
  weightsSet,
} from "../support/migrate-stack.js";
import { runCli } from "../support/terminal.js";

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI_CHILD = path.join(REPO, "test", "support", "cli-child.ts");

interface CliProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

function spawnCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", CLI_CHILD, ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, output: () => output, exited };
}

/** Where a migration is, as one number that only grows: phases, then each step's stages. */
function progressOf(state: MigrationState | undefined): number {
  if (!state) return 0;
  const order: Record<string, number> = {
    pending: 0,
    preflight: 1,
    smoke: 2,
    promoted: 15,
    "final-bake": 16,
    draining: 17,
    frozen: 18,
    completed: 19,
  };
  if (state.phase === "stepping" && state.step) {
    const stage = { shifting: 0, settling: 1, analysing: 2, passed: 2, "awaiting-approval": 2 }[
      state.step.stage
    ];
    return 3 + state.step.index * 3 + stage;
  }
  return order[state.phase] ?? -1;
}

const KILL_POINTS = [
  "preflight",
  "smoke",
  ...[1, 2, 3, 4].flatMap((step) =>
    ["shifting", "settling", "analysing"].map((stage) => `step ${step} ${stage}`),
  ),
  "promoted",
  "final-bake",
  "draining",
  "frozen",
];

function where(state: MigrationState | undefined): string {
  if (!state) return "not started";
  const step =
    state.phase === "stepping" && state.step ? ` step ${state.step.index + 1} ${state.step.stage}` : "";
  return `${state.phase}${step}${state.weights.intended ? " (intent recorded, not confirmed)" : ""}`;
}

async function stateOf(store: SqliteStore, name: string): Promise<MigrationState | undefined> {
  return (await store.get(name))?.state as MigrationState | undefined;
}

/** Polls the store until `done` holds; fails if the child exits first. */
async function watch(
  store: SqliteStore,
  name: string,
  cli: CliProcess,
  done: (state: MigrationState | undefined) => boolean,
  timeoutMs = 60_000,
): Promise<MigrationState | undefined> {
  const started = Date.now();
  let exited = false;
  void cli.exited.then(() => {
    exited = true;
  });
  for (;;) {
    const state = await stateOf(store, name);
    if (done(state)) return state;
    if (exited)
      throw new Error(`the CLI exited before the awaited state (at ${where(state)}):\n${cli.output()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out at ${where(state)}:\n${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("cutover migrate: kill -9 at every phase, then resume", () => {
  let stack: MigrateStack;
  let storeFile: string;
  let watcher: SqliteStore;
  beforeAll(async () => {
    stack = await startMigrateStack();
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await stack?.stop();
  });
  beforeEach(async () => {
    await stack.reset();
    storeFile = stack.newStore();
    watcher = openSqliteStore(storeFile);
  });
  afterEach(async () => {
    await watcher.close();
  });

  it("completes with each weight change recorded exactly once", async () => {
    const began = Date.now();
    const name = "crashy";
    const spec = stack.spec(name);
    const kills: string[] = [];
    let args = ["migrate", "start", spec, "--store", storeFile];
    for (const [index, point] of KILL_POINTS.entries()) {
      const target = index + 1;
      const before = await stateOf(watcher, name);
      if (progressOf(before) >= target) {
        kills.push(`${point}: passed while the previous driver was being killed`);
        continue;
      }
      const cli = spawnCli(args);
      const seqAtSpawn = before?.lastSeq ?? 0;
      await watch(
        watcher,
        name,
        cli,
        (state) => progressOf(state) >= target && (state?.lastSeq ?? 0) > seqAtSpawn,
      );
      cli.child.kill("SIGKILL");
      await cli.exited;
      kills.push(`${point}: killed at ${where(await stateOf(watcher, name))}`);
      args = ["migrate", "resume", name, "--store", storeFile];
    }
    const final = spawnCli(args);
    const end = await final.exited;
    expect(end.code, final.output()).toBe(0);
    expect(final.output()).toMatch(/taking over the lease of .+: process \d+ no longer runs/);
    expect(final.output()).toContain("crashy completed: green carries all traffic.");
    const events = await storedEvents(storeFile, name);
    expect(weightsSet(events)).toEqual([w(20), w(50), w(80), w(100)]);
    const intents = events.filter((event) => event.type === "weights-intended");
    expect(intents.map((event) => event.data.weights)).toEqual([w(20), w(50), w(80), w(100)]);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
    expect(await stack.haproxy.weights()).toEqual(w(100));
    expect(kills.filter((kill) => kill.includes("killed at")).length).toBeGreaterThanOrEqual(12);
    console.info(`kill -9 and resume at every phase: ${Date.now() - began} ms\n  ${kills.join("\n  ")}`);
  }, 240_000);

  it("Ctrl-C stops cleanly: exit 130, lease released, state kept; resume completes", async () => {
    const name = "interrupted";
    const cli = spawnCli(["migrate", "start", stack.spec(name), "--store", storeFile]);
    await watch(watcher, name, cli, (state) => progressOf(state) >= 8);
    cli.child.kill("SIGINT");
    const end = await cli.exited;
    expect(end.code, cli.output()).toBe(130);
    expect(cli.output()).toContain("interrupted stopped; the state is kept and the lease released");
    expect(await watcher.acquireLease(name, "probe@elsewhere:1", 1_000)).toEqual({ acquired: true });
    await watcher.releaseLease(name, "probe@elsewhere:1");
    const resumed = await runCli(["migrate", "resume", name, "--store", storeFile]);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(weightsSet(await storedEvents(storeFile, name))).toEqual([w(20), w(50), w(80), w(100)]);
  }, 60_000);

  it("a second driver is refused while one runs; rollback reaches the running driver (exit 1 there)", async () => {
    const name = "contested";
    const spec = stack.spec(name, { step2Approval: "manual" });
    const cli = spawnCli(["migrate", "start", spec, "--store", storeFile]);
    await watch(watcher, name, cli, (state) => state?.step?.stage === "awaiting-approval");
    const second = await runCli(["migrate", "start", spec, "--store", storeFile]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(`contested is held by .+:${cli.child.pid} until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z`),
    );
    const rollback = await runCli(["migrate", "rollback", name, "--store", storeFile, "--reason", "drill"]);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toMatch(
      /rollback of contested requested \(event #\d+\); .+, which drives it, sets blue 100/,
    );
    const end = await cli.exited;
    expect(end.code, cli.output()).toBe(1);
    expect(cli.output()).toMatch(/ROLLBACK: drill \(by .+\)/);
    expect(cli.output()).toContain("contested rolled back to blue 100 %: drill");
    expect(weightsSet(await storedEvents(storeFile, name))).toEqual([w(20), w(50), w(0)]);
    expect(await stack.haproxy.weights()).toEqual(w(0));
  }, 60_000);

  it("rollback of a migration whose driver died performs the rollback itself", async () => {
    const name = "orphan";
    const cli = spawnCli([
      "migrate",
      "start",
      stack.spec(name, { step2Approval: "manual" }),
      "--store",
      storeFile,
    ]);
    await watch(watcher, name, cli, (state) => state?.step?.stage === "awaiting-approval");
    cli.child.kill("SIGKILL");
    await cli.exited;
    expect(await stack.haproxy.weights()).toEqual(w(50));
    const rollback = await runCli(["migrate", "rollback", name, "--store", storeFile, "-o", "json"]);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stderr).toContain(
      "no driver runs orphan: performing the rollback here (from blue 50 / green 50)",
    );
    expect(JSON.parse(rollback.stdout)).toMatchObject({
      kind: "MigrationCommandResult",
      command: "rollback",
      performedBy: null,
      status: { phase: "rolled-back", weights: { applied: w(0) } },
    });
    expect(await stack.haproxy.weights()).toEqual(w(0));
    expect(weightsSet(await storedEvents(storeFile, name))).toEqual([w(20), w(50), w(0)]);
  }, 60_000);
});
