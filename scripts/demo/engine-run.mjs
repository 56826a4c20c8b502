// The demo's two real migrations, run through the CLI (`cutover migrate start SPEC`, cli.mjs) on the stage:
//   run 1  demo-rollback: the stage injects a fault on green once HAProxy shows green at 50 %; the engine
//          must detect it and roll back to blue 100 % by itself (the CLI exits 1: rolled back);
//   run 2  demo-cutover: fault cleared; a full shift to green 100 %, final bake, drain, freeze hook.
// The times come from the engine's event log (engine-events.mjs); the stage watches HAProxy on its own
// (weights-watch.mjs) to inject the fault and to confirm what the engine says it did.
// bench/rollback-bench.mjs runs rollbackRun and cutoverRun too, each in a fresh working directory.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readHistory, runCli, storeIn } from "./cli.mjs";
import { rollbackTimings, summarizeEvents } from "./engine-events.mjs";
import { diffStats } from "./load.mjs";
import { waitUntil } from "./processes.mjs";
import { queryValue } from "./prom.mjs";
import { readWeights } from "./runtime-api.mjs";
import { analysisIntervalMs, specValues, writeSpec } from "./specs.mjs";
import { ERROR_RATE_QUERY, forSide, SCRAPE_INTERVAL_MS } from "./stack-config.mjs";
import { firstChange, watchWeights } from "./weights-watch.mjs";

/** The issue's target for detection → rollback: scrape interval + analysis interval + 2 s. */
export function detectionTargetMs() {
  return SCRAPE_INTERVAL_MS + analysisIntervalMs("rollback") + 2_000;
}

/** An empty working directory for one CLI run (its spec, its state store, the freeze marker). */
export function freshDir(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

/** Runs both migrations in `<dir>/engine`; resolves to { ok, rollback, runs } for the report. */
export async function runMigrations({ stage, load, log, dir }) {
  await waitForBlueBaseline(stage, log);
  log("── run 1 of 2: demo-rollback ── the stage breaks green as soon as HAProxy gives it 50 %");
  const first = await rollbackRun({ stage, load, log, workDir: freshDir(join(dir, "engine", "run-1")) });
  await waitForCleanGreen(stage, log);
  log("── run 2 of 2: demo-cutover ── green is healthy: full shift to green, final bake, drain, freeze");
  const second = await cutoverRun({ stage, load, log, workDir: freshDir(join(dir, "engine", "run-2")) });
  return { ok: first.ok && second.ok, rollback: first.rollback, runs: [first.run, second.run] };
}

/**
 * demo-rollback: a fault on green `faultDelayMs` after HAProxy shows green at 50 %. Resolves to { ok,
 * rollback: epoch-ms times from the engine's log plus the intervals and the target, run: the run record }.
 */
export async function rollbackRun({ stage, load, log, workDir, faultDelayMs = 0, label = "run 1" }) {
  const spec = writeSpec(
    "rollback",
    specValues(stage, { freezeMarker: join(workDir, "frozen.txt") }),
    workDir,
  );
  const fault = faultAtHalf(stage, { delayMs: faultDelayMs, log: (line) => log(`${label}: ${line}`) });
  const before = load.stats();
  const cli = await runCli(["migrate", "start", spec], { cwd: workDir, log, prefix: `${label} │ ` });
  const changes = await fault.stop();
  await stage.clearFault("green");
  const faultClearedAt = Date.now();
  const requests = diffStats(before, load.stats());
  const events = await readHistory("demo-rollback", workDir);
  const faultInjectedAt = fault.injectedAt();
  const engine = summarizeEvents(events, faultInjectedAt ?? Number.POSITIVE_INFINITY);
  const stageSawBlue100 = faultInjectedAt
    ? firstChange(changes, faultInjectedAt, (w) => w.green === 0)
    : undefined;
  const weights = await readWeights(stage.runtimeApi);
  const rolledBack = weights.blue === 100 && weights.green === 0;
  const times = { faultInjectedAt, detectedAt: engine.detectedAt, rolledBackAt: engine.rolledBackAt };
  const ok = faultInjectedAt !== null && rolledBack && cli.exitCode === 1 && engine.rolledBackAt !== null;
  const rollback = {
    ...times,
    faultClearedAt,
    ...rollbackTimings(times),
    targetMs: detectionTargetMs(),
    source: "engine events (cutover migrate history -o json)",
    decidedAt: engine.decidedAt,
    engine: engine.details,
    stageSawBlue100At: stageSawBlue100?.at ?? null,
  };
  log(`${label}: ${ok ? rollbackVerdict(rollback) : `FAILED: ${rollbackFailure(rollback, weights, cli)}`}`);
  const run = runRecord("demo-rollback", cli, requests, changes, events, {
    faultDelayMs,
    faultInjectedAt: faultInjectedAt ? new Date(faultInjectedAt).toISOString() : null,
    rolledBack,
    store: storeIn(workDir),
  });
  return { ok, rollback, run, requests };
}

/** demo-cutover: a full shift with the fault cleared. Resolves to { ok, run, requests }. */
export async function cutoverRun({ stage, load, log, workDir, label = "run 2" }) {
  const freezeMarker = join(workDir, "blue-frozen.txt");
  const spec = writeSpec("cutover", specValues(stage, { freezeMarker }), workDir);
  const watcher = watchWeights(stage.runtimeApi, {
    onChange: (w) => log(`${label}: stage check: HAProxy now sends blue ${w.blue} % / green ${w.green} %`),
  });
  const before = load.stats();
  const cli = await runCli(["migrate", "start", spec], { cwd: workDir, log, prefix: `${label} │ ` });
  const changes = await watcher.stop();
  const requests = diffStats(before, load.stats());
  const events = await readHistory("demo-cutover", workDir);
  const weights = await readWeights(stage.runtimeApi);
  const frozen = existsSync(freezeMarker);
  const ok = cli.exitCode === 0 && weights.green === 100 && weights.blue === 0 && frozen;
  log(
    `${label}: ${ok ? "done" : "FAILED"}: HAProxy sends blue ${weights.blue} % / green ${weights.green} %, ` +
      `freeze hook ${frozen ? "ran" : "did not run"}; ${requests.failed} of ${requests.total} client ` +
      `requests failed during the shift (${requests.achievedRps} req/s)`,
  );
  const run = runRecord("demo-cutover", cli, requests, changes, events, {
    frozen,
    freezeMarker,
    store: storeIn(workDir),
  });
  return { ok, run, requests };
}

/**
 * Watches HAProxy; `delayMs` after it first shows green at 50 %, makes every answer of green a 500 (if green
 * still has 50 % then). injectedAt() is the time just before the fault switch was flipped, or null.
 */
function faultAtHalf(stage, { delayMs, log }) {
  let injectedAt = null;
  let timer = null;
  let pending = Promise.resolve();
  const inject = async () => {
    const now = await readWeights(stage.runtimeApi);
    if (now.green !== 50) return log(`not injecting the fault: HAProxy already sends green ${now.green} %`);
    injectedAt = Date.now();
    await stage.setFault("green", { rate: 1 });
    log("fault injected on green: every request green answers is now a 500");
  };
  const watcher = watchWeights(stage.runtimeApi, {
    onChange: (w) => {
      log(`stage check: HAProxy now sends blue ${w.blue} % / green ${w.green} %`);
      if (w.green !== 50 || timer !== null || injectedAt !== null) return;
      if (delayMs > 0) log(`green is at 50 %: the fault comes in ${delayMs} ms`);
      timer = setTimeout(() => {
        pending = inject();
      }, delayMs);
    },
  });
  return {
    injectedAt: () => injectedAt,
    stop: async () => {
      const changes = await watcher.stop();
      clearTimeout(timer);
      await pending;
      return changes;
    },
  };
}

function rollbackVerdict(r) {
  const holds = r.detectionToRollbackMs <= r.targetMs ? "holds" : "MISSED";
  return (
    `rolled back by itself. Fault → first failed measurement ${r.faultToDetectionMs} ms; ` +
    `detection → blue 100 % read back ${r.detectionToRollbackMs} ms (target ≤ ${r.targetMs} ms: ${holds}); ` +
    `why: ${r.engine.reason}`
  );
}

function rollbackFailure(r, weights, cli) {
  if (r.faultInjectedAt === null) return "green never reached 50 %, so no fault was injected";
  return (
    `expected a rollback to blue 100 % (CLI exit 1); CLI exited ${cli.exitCode}, HAProxy has blue ` +
    `${weights.blue} / green ${weights.green}, the event log ${r.rolledBackAt ? "has" : "lacks"} rolled-back`
  );
}

/**
 * Preflight requires data for blue; rate() over 5 s needs two scrapes under load, which a stage just
 * started may not have yet.
 */
export async function waitForBlueBaseline(stage, log) {
  const query = forSide(ERROR_RATE_QUERY, "blue");
  const hasData = async () =>
    Number.isFinite(await queryValue(stage.prometheusAddress, query).catch(() => null));
  if (!(await waitUntil(hasData, 15_000, 250))) throw new Error(`Prometheus has no data for blue: ${query}`);
  log("Prometheus already measures blue's error rate: the engine's preflight will find data");
}

/** Between runs: green's error rate must be back to 0 so the next run is not judged on the last fault. */
export async function waitForCleanGreen(stage, log) {
  const query = forSide(ERROR_RATE_QUERY, "green");
  // 0 (traffic, no errors) or NaN/empty (no traffic in the window): either way no 5xx left in the window.
  const isClean = async () => !((await queryValue(stage.prometheusAddress, query).catch(() => 1)) > 0);
  const started = Date.now();
  const clean = await waitUntil(isClean, 15_000, 250);
  log(
    clean
      ? `fault cleared; green's 5xx have left Prometheus's 5 s window (${Date.now() - started} ms)`
      : "green's error rate is not back to 0 after 15 s; going on",
  );
}

function runRecord(name, cli, requests, changes, events, extra) {
  return {
    name,
    exitCode: cli.exitCode,
    durationMs: cli.durationMs,
    requests: {
      total: requests.total,
      failed: requests.failed,
      achievedRps: requests.achievedRps,
      bySide: requests.bySide,
    },
    weightChanges: changes.map((c) => ({ at: new Date(c.at).toISOString(), blue: c.blue, green: c.green })),
    events: events.map((e) => ({ seq: e.seq, at: e.at, type: e.type, summary: e.summary })),
    ...extra,
  };
}
