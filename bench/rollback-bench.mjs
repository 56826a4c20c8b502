// Engine benchmark for `cutover migrate` on the local stage (scripts/demo/): real HAProxy, Prometheus, two
// backends and a steady client load on 127.0.0.1, and the built CLI (bin/cutover.js) driving real migrations.
// Measures the two targets:
//   1. detection → rollback ≤ scrape interval + analysis interval + 2 s, over BENCH_TRIALS rollback runs.
//      Each trial injects a fault on green a different time after HAProxy shows green at 50 % (spread over
//      one analysis interval, so the fault does not always land at the same point of the scrape and
//      measurement cycle). Times come from the engine's event log: detection is the first measurement
//      round in which green failed, rollback is the `rolled-back` event (blue 100 % set, in effect, read
//      back). Fault → detection and fault → rollback are printed too.
//   2. 0 failed client requests during a full 0 → 100 shift driven by the engine (the demo's cutover spec:
//      20/50/80/100 %, bakes, final bake, drain, freeze), counted over the whole CLI run.
// Options (env): BENCH_TRIALS=4 BENCH_RPS=300 BENCH_CONCURRENCY=16 BENCH_VERBOSE=1 (print the CLI's lines).
// Run after a build (`npm run bench` builds first). Writes bench/out/rollback-results.json; exits 1 when a
// target is missed or a run fails. Stops every process it started, by PID.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliEntry, requireBuiltCli } from "../scripts/demo/cli.mjs";
import {
  cutoverRun,
  detectionTargetMs,
  freshDir,
  rollbackRun,
  waitForBlueBaseline,
  waitForCleanGreen,
} from "../scripts/demo/engine-run.mjs";
import { startLoad } from "../scripts/demo/load.mjs";
import { analysisIntervalMs } from "../scripts/demo/specs.mjs";
import { startStack } from "../scripts/demo/stack.mjs";
import { SCRAPE_INTERVAL_MS } from "../scripts/demo/stack-config.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const RUNS = join(OUT, "rollback-runs");
const TRIALS = Number(process.env.BENCH_TRIALS ?? 4);
const RPS = Number(process.env.BENCH_RPS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** The first trial's fault comes this long after green reaches 50 %; later ones spread over an interval. */
const FIRST_FAULT_DELAY_MS = 1_000;

const log = process.env.BENCH_VERBOSE ? (line) => console.log(`  ${line}`) : () => {};

async function rollbackTrials(stage, load) {
  const spread = analysisIntervalMs("rollback") / TRIALS;
  const trials = [];
  for (let i = 0; i < TRIALS; i++) {
    const faultDelayMs = Math.round(FIRST_FAULT_DELAY_MS + i * spread);
    const workDir = freshDir(join(RUNS, `trial-${i + 1}`));
    const { ok, rollback, requests } = await rollbackRun({
      stage,
      load,
      log,
      workDir,
      faultDelayMs,
      label: `trial ${i + 1}`,
    });
    trials.push({ trial: i + 1, ok, faultDelayMs, ...rollback, requests: countsOf(requests), workDir });
    console.log(`trial ${i + 1}/${TRIALS}: ${ok ? "rolled back" : "FAILED"} ${timingText(rollback)}`);
    await waitForCleanGreen(stage, log);
  }
  return trials;
}

async function engineShift(stage, load) {
  const workDir = freshDir(join(RUNS, "shift"));
  const { ok, run, requests } = await cutoverRun({ stage, load, log, workDir, label: "shift" });
  console.log(
    `shift 0 → 100 %: ${ok ? "completed" : "FAILED"}, ${requests.failed} of ${requests.total} failed`,
  );
  return { ok, exitCode: run.exitCode, durationMs: run.durationMs, requests: countsOf(requests), workDir };
}

function countsOf(requests) {
  const { total, failed, achievedRps, bySide } = requests;
  return { total, failed, achievedRps, bySide, failures: requests.failures.slice(0, 20) };
}

function timingText(r) {
  return (
    `fault → detection ${r.faultToDetectionMs} ms, detection → rollback ${r.detectionToRollbackMs} ms, ` +
    `fault → rollback ${r.faultToRollbackMs} ms`
  );
}

/** The median of the numbers in `values` (the mean of the middle two for an even count), or null. */
function median(values) {
  const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? Math.round((sorted[middle - 1] + sorted[middle]) / 2)
    : sorted[Math.floor(middle)];
}
const cell = (value, width) => String(value ?? "–").padStart(width);

const within = (ms, targetMs) => (typeof ms === "number" && ms <= targetMs ? "yes" : "NO");

function printTable(trials, shift, targetMs) {
  const widths = [6, 15, 15, 18, 17, 15, 15];
  const row = (values) => values.map((v, i) => cell(v, widths[i])).join("  ");
  console.log("");
  console.log(
    `target: detection → rollback ≤ scrape ${SCRAPE_INTERVAL_MS} ms + analysis ` +
      `${analysisIntervalMs("rollback")} ms + 2000 ms = ${targetMs} ms ` +
      "(detection = first failed measurement of green; the stricter fault → rollback is shown too)",
  );
  console.log(
    row([
      "trial",
      "fault at 50 %+",
      "fault→detect ms",
      "detect→rollback ms",
      "fault→rollback ms",
      "detect→rb ok",
      "fault→rb ok",
    ]),
  );
  for (const t of trials) {
    const times = [t.faultToDetectionMs, t.detectionToRollbackMs, t.faultToRollbackMs];
    const checks = t.ok
      ? [within(t.detectionToRollbackMs, targetMs), within(t.faultToRollbackMs, targetMs)]
      : ["run failed", "run failed"];
    console.log(row([t.trial, `${t.faultDelayMs} ms`, ...times, ...checks]));
  }
  const medians = ["faultToDetectionMs", "detectionToRollbackMs", "faultToRollbackMs"].map((k) =>
    median(trials.map((t) => t[k])),
  );
  console.log(row(["median", "", ...medians, "", ""]));
  const r = shift.requests;
  const sideTotal = (side) => r.bySide[side].ok + r.bySide[side].failed;
  console.log("");
  console.log(
    `0 → 100 % shift driven by the engine: ${r.total} requests at ${r.achievedRps} req/s ` +
      `(blue answered ${sideTotal("blue")}, green ${sideTotal("green")}), ${r.failed} failed; ` +
      `target 0 failed: ${shift.ok && r.failed === 0 ? "holds" : "MISSED"}`,
  );
}

requireBuiltCli();
const stage = await startStack({ dir: join(OUT, "rollback-stage"), log: () => {} });
const load = startLoad({ url: stage.frontendUrl, rps: RPS, concurrency: CONCURRENCY });
let exitCode = 1;
try {
  console.log(
    `stage up; ${cliEntry()}; load ${RPS} req/s over ${CONCURRENCY} keep-alive connections; ${TRIALS} rollback trials`,
  );
  await waitForBlueBaseline(stage, log);
  const targetMs = detectionTargetMs();
  const trials = await rollbackTrials(stage, load);
  const shift = await engineShift(stage, load);
  printTable(trials, shift, targetMs);
  const detectionHolds = trials.every((t) => t.ok && t.detectionToRollbackMs <= targetMs);
  const faultToRollbackHolds = trials.every((t) => t.ok && t.faultToRollbackMs <= targetMs);
  const shiftHolds = shift.ok && shift.requests.failed === 0;
  const results = {
    cli: cliEntry(),
    load: { rps: RPS, concurrency: CONCURRENCY },
    target: {
      detectionToRollbackMs: targetMs,
      scrapeIntervalMs: SCRAPE_INTERVAL_MS,
      analysisIntervalMs: analysisIntervalMs("rollback"),
    },
    detectionHolds,
    faultToRollbackHolds,
    shiftHolds,
    trials,
    shift,
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, "rollback-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `detection → rollback ${detectionHolds ? "holds" : "MISSED"} in every trial; ` +
      `fault → rollback ${faultToRollbackHolds ? "holds" : "missed"}; ` +
      `shift ${shiftHolds ? "holds" : "MISSED"}. Written to bench/out/rollback-results.json`,
  );
  exitCode = detectionHolds && shiftHolds ? 0 : 1;
} finally {
  await load.stop();
  await stage.stop();
}
process.exit(exitCode);
