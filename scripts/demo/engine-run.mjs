// The demo's two real migrations, run through the CLI (`cutover migrate start SPEC`) against the stage:
//   run 1  demo-rollback: the stage injects a fault on green as soon as HAProxy shows green at 50 %;
//          the engine must detect it and roll back to blue 100 % by itself.
//   run 2  demo-cutover: fault cleared; a full shift to green 100 %, final bake, drain, freeze hook.
// The CLI runs in a fresh directory under the stage dir with CUTOVER_STORE pointing at a SQLite file
// there, so every demo starts from an empty state store. Its output is printed as it comes, prefixed by the run.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { summarizeEvents } from "./engine-events.mjs";
import { diffStats } from "./load.mjs";
import { waitUntil } from "./processes.mjs";
import { queryValue } from "./prom.mjs";
import { readWeights } from "./runtime-api.mjs";
import { specValues, writeSpec } from "./specs.mjs";
import { ERROR_RATE_QUERY, forSide } from "./stack-config.mjs";
import { firstChange, watchWeights } from "./weights-watch.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// CUTOVER_DEMO_CLI runs another entry point instead of bin/cutover.js (a .ts one through tsx), e.g. to
// try the demo against the sources without a build.
const CLI = process.env.CUTOVER_DEMO_CLI || join(ROOT, "bin", "cutover.js");
const CLI_NODE_ARGS = /\.m?ts$/.test(CLI) ? ["--import", import.meta.resolve("tsx")] : [];
const BUILT_CLI = process.env.CUTOVER_DEMO_CLI ? CLI : join(ROOT, "dist", "cli", "main.js");
const RUN_TIMEOUT_MS = 60_000;
const DETECTION_TO_ROLLBACK_TARGET_MS = 1_000 + 1_000 + 2_000;

/** Runs both migrations; resolves to { ok, rollback, runs } for the report. */
export async function runMigrations({ stage, load, log, dir }) {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run "npm run build" first`);
  const workDir = join(dir, "engine");
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const freezeMarker = join(workDir, "blue-frozen.txt");
  const values = specValues(stage, { freezeMarker });
  const specs = {
    rollback: writeSpec("rollback", values, workDir),
    cutover: writeSpec("cutover", values, workDir),
  };

  await waitForBlueBaseline(stage, log);
  const first = await rollbackRun({ stage, load, log, workDir, spec: specs.rollback });
  await waitForCleanGreen(stage, log);
  const second = await cutoverRun({ stage, load, log, workDir, spec: specs.cutover, freezeMarker });
  return { ok: first.ok && second.ok, rollback: first.rollback, runs: [first.run, second.run] };
}

async function rollbackRun({ stage, load, log, workDir, spec }) {
  log("run 1: demo-rollback — a fault is injected on green when it reaches 50 %");
  let faultInjectedAt = null;
  const watcher = watchWeights(stage.runtimeApi, {
    onChange: async (weights, at) => {
      log(`run 1: stage reads HAProxy: blue ${weights.blue} / green ${weights.green}`);
      if (weights.green === 50 && faultInjectedAt === null) {
        faultInjectedAt = at;
        await stage.setFault("green", { rate: 1 });
        log("run 1: fault injected on green: every request it answers is now a 500");
      }
    },
  });
  const before = load.stats();
  const cli = await runCli(["migrate", "start", spec], { cwd: workDir, log, prefix: "run 1 │ " });
  const changes = await watcher.stop();
  await stage.clearFault("green");
  const faultClearedAt = Date.now();
  const requests = diffStats(before, load.stats());
  const events = await history("demo-rollback", workDir);
  const fromEngine = summarizeEvents(events, faultInjectedAt ?? 0);
  const stageRolledBack = faultInjectedAt
    ? firstChange(changes, faultInjectedAt, (w) => w.green === 0)
    : undefined;
  const weights = await readWeights(stage.runtimeApi);
  const rolledBack = weights.blue === 100 && weights.green === 0;
  const ok = faultInjectedAt !== null && rolledBack && stageRolledBack !== undefined;
  log(
    ok
      ? `run 1: rolled back to blue 100 % ${stageRolledBack.at - faultInjectedAt} ms after the fault (HAProxy read back)`
      : `run 1: FAILED: expected a rollback to blue 100 %, HAProxy has blue ${weights.blue} / green ${weights.green}`,
  );
  const rollback = {
    faultInjectedAt,
    faultClearedAt,
    detectedAt: fromEngine.detectedAt,
    rolledBackAt: fromEngine.rolledBackAt ?? stageRolledBack?.at ?? null,
    source: fromEngine.detectedAt ? "engine events" : "engine events not readable; stage observations",
    // The target: scrape interval (1 s) + analysis interval (1 s) + 2 s.
    targetMs: DETECTION_TO_ROLLBACK_TARGET_MS,
    engine: fromEngine.details,
    stageSawBlue100At: stageRolledBack ? new Date(stageRolledBack.at).toISOString() : null,
  };
  const run = runRecord("demo-rollback", cli, requests, changes, events, {
    faultInjectedAt: faultInjectedAt ? new Date(faultInjectedAt).toISOString() : null,
    rolledBack,
  });
  return { ok, rollback, run };
}

async function cutoverRun({ stage, load, log, workDir, spec, freezeMarker }) {
  log("run 2: demo-cutover — fault cleared; full shift to green, bake, drain, freeze");
  const watcher = watchWeights(stage.runtimeApi, {
    onChange: (weights) => log(`run 2: stage reads HAProxy: blue ${weights.blue} / green ${weights.green}`),
  });
  const before = load.stats();
  const cli = await runCli(["migrate", "start", spec], { cwd: workDir, log, prefix: "run 2 │ " });
  const changes = await watcher.stop();
  const requests = diffStats(before, load.stats());
  const events = await history("demo-cutover", workDir);
  const weights = await readWeights(stage.runtimeApi);
  const frozen = existsSync(freezeMarker);
  const ok = cli.exitCode === 0 && weights.green === 100 && weights.blue === 0 && frozen;
  log(
    `run 2: ${ok ? "done" : "FAILED"}: HAProxy blue ${weights.blue} / green ${weights.green}, ` +
      `freeze hook ${frozen ? "ran" : "did not run"}, ${requests.failed} of ${requests.total} requests failed`,
  );
  const run = runRecord("demo-cutover", cli, requests, changes, events, { frozen, freezeMarker });
  return { ok, run };
}

/**
 * Preflight requires data for blue; rate() over 5 s needs two scrapes under load, which a stage just
 * started may not have yet.
 */
async function waitForBlueBaseline(stage, log) {
  const query = forSide(ERROR_RATE_QUERY, "blue");
  const hasData = async () =>
    Number.isFinite(await queryValue(stage.prometheusAddress, query).catch(() => null));
  if (!(await waitUntil(hasData, 15_000, 250))) throw new Error(`Prometheus has no data for blue: ${query}`);
  log("Prometheus has blue's error rate: ready for the engine's preflight");
}

/** Between the runs: green's error rate must be back to 0 so run 2 is not judged on run 1's fault. */
async function waitForCleanGreen(stage, log) {
  const query = forSide(ERROR_RATE_QUERY, "green");
  // 0 (traffic, no errors) or NaN/empty (no traffic in the window): either way no 5xx left in the window.
  const isClean = async () => !((await queryValue(stage.prometheusAddress, query).catch(() => 1)) > 0);
  const clean = await waitUntil(isClean, 15_000, 250);
  log(clean ? "green's error rate is back to 0" : "green's error rate is not back to 0 after 15 s; going on");
}

function runRecord(name, cli, requests, changes, events, extra) {
  return {
    name,
    exitCode: cli.exitCode,
    durationMs: cli.durationMs,
    requests: { total: requests.total, failed: requests.failed, bySide: requests.bySide },
    weightChanges: changes.map((c) => ({ at: new Date(c.at).toISOString(), blue: c.blue, green: c.green })),
    events: events.map((e) => ({ seq: e.seq, at: e.at, type: e.type })),
    ...extra,
  };
}

async function history(name, cwd) {
  const out = await runCli(["migrate", "history", name, "-o", "json"], { cwd, quiet: true });
  try {
    const parsed = JSON.parse(out.stdout);
    return Array.isArray(parsed) ? parsed : (parsed.events ?? []);
  } catch {
    return [];
  }
}

/**
 * Runs `cutover ARGS` as a child process (killed by its PID on timeout or when this process exits);
 * prints its output line by line unless `quiet`. Resolves to { exitCode, stdout, durationMs }.
 */
function runCli(args, { cwd, log = () => {}, prefix = "", quiet = false }) {
  const started = Date.now();
  const child = spawn(process.execPath, [...CLI_NODE_ARGS, CLI, ...args], {
    cwd,
    // A store of its own (the user's CUTOVER_STORE, if any, is not touched).
    env: { ...process.env, NO_COLOR: "1", CUTOVER_STORE: join(cwd, "state.db") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const timer = setTimeout(() => {
    log(`${prefix}no end after ${RUN_TIMEOUT_MS / 1000} s: stopping the CLI (pid ${child.pid})`);
    child.kill("SIGTERM");
  }, RUN_TIMEOUT_MS);
  let stdout = "";
  const echo = (chunk, keep) => {
    const text = chunk.toString();
    if (keep) stdout += text;
    if (!quiet) for (const line of text.split("\n").filter(Boolean)) log(`${prefix}${line}`);
  };
  child.stdout.on("data", (chunk) => echo(chunk, true));
  child.stderr.on("data", (chunk) => echo(chunk, false));
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      process.off("exit", killOnExit);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, durationMs: Date.now() - started });
    });
  });
}
