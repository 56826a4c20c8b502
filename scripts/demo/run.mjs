// `npm run demo`: the local rehearsal on 127.0.0.1. Starts the stage (blue and green backends, HAProxy,
// Prometheus) and a steady client load, then:
//   default       two real migrations through the CLI (engine-run.mjs): a fault on green at the 50 % step
//                 must roll back to blue 100 %; with the fault cleared, a full shift, bake, drain, freeze.
//   --stage-only  no engine: the stage steps the weights 0 → 100 itself and counts failed requests, then
//                 times how fast Prometheus sees a fault on green (stage-rehearsal.mjs).
// Writes .cutover/demo-report.json and stops every process it started, by PID, whatever happens.
// Options: --dir DIR (stage files, default .cutover/demo), --report FILE, --rps N, --concurrency N,
// --yes (install a missing HAProxy/Prometheus without asking; CI=1 does the same).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEMO_NEEDS, ensureComponents } from "../setup/system-packages.mjs";
import { cliEntry, exploreLines, requireBuiltCli } from "./cli.mjs";
import { startDemoDashboard } from "./dashboard.mjs";
import { startLoad } from "./load.mjs";
import { buildReport, writeReport } from "./report.mjs";
import { readWeights } from "./runtime-api.mjs";
import { StackError, startStack } from "./stack.mjs";
import { measureDetection, rehearseShift } from "./stage-rehearsal.mjs";

const startedAt = Date.now();
const say = (line) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      "stage-only": { type: "boolean", default: false },
      yes: { type: "boolean", short: "y", default: false },
      dir: { type: "string", default: ".cutover/demo" },
      report: { type: "string", default: ".cutover/demo-report.json" },
      rps: { type: "string", default: "300" },
      concurrency: { type: "string", default: "16" },
    },
  });
  return {
    stageOnly: values["stage-only"],
    yes: values.yes,
    dir: resolve(values.dir),
    reportPath: resolve(values.report),
    load: { rps: Number(values.rps), concurrency: Number(values.concurrency) },
  };
}

async function stageOnly(stage, load) {
  say("shift 0 → 100 % green in 10-point steps, 1 s each, under load (the stage's own Runtime API calls)");
  const shift = await rehearseShift(stage, load, { log: say });
  say(`shift done: ${shift.requests.total} requests, ${shift.requests.failed} failed`);
  say("fault on green at 50/50: how fast does Prometheus see it?");
  const detection = await measureDetection(stage, load, { log: say });
  const run = {
    name: "stage-only",
    shift: { ...shift.requests, failures: shift.requests.failures.slice(0, 20), steps: shift.steps },
    detection,
  };
  return {
    runs: [run],
    rollback: { ...detection, source: "stage (Prometheus poll every 100 ms, Runtime API)" },
  };
}

/** Checks the build before anything starts; the engine's modules load only when they are needed. */
async function withEngine() {
  requireBuiltCli();
  const { detectionTargetMs, runMigrations } = await import("./engine-run.mjs");
  return { runMigrations, targetMs: detectionTargetMs() };
}

/** What the demo is about to show, for someone who has never seen Cutover. */
function introduce(engine) {
  say("Cutover demo: a blue/green cutover rehearsed on this machine, on 127.0.0.1 only.");
  say("  blue  = the cluster serving users today;  green = the new one that should take over.");
  say("  HAProxy splits client traffic between them by weight; Prometheus scrapes both every second.");
  if (!engine) {
    say("  --stage-only: no engine; the stage shifts the weights itself and times fault detection.");
    return;
  }
  say(
    `  \`cutover migrate\` (${cliEntry()}) moves traffic step by step and measures green after every step.`,
  );
  say("  run 1: green breaks at the 50 % step  →  Cutover must roll back to blue 100 % by itself.");
  say(
    "  run 2: green is healthy               →  20 → 50 → 80 → 100 %, final bake, drain blue, freeze blue.",
  );
  say(`  target: detection → rollback ≤ ${engine.targetMs} ms (scrape 1 s + analysis interval + 2 s).`);
}

async function main() {
  const opts = options();
  let stage = null;
  let load = null;
  let dashboard = null;
  let exitCode = 0;
  try {
    const engine = opts.stageOnly ? null : await withEngine();
    introduce(engine);
    const missing = await ensureComponents(DEMO_NEEDS, { yes: opts.yes, log: say });
    if (missing) throw new StackError(missing);
    if (engine) {
      dashboard = await startDemoDashboard(opts.dir);
      say(`watch it live: ${dashboard.url}  (cutover dashboard, read-only)`);
    }
    say(`starting the stage (two Node backends, HAProxy, Prometheus) under ${opts.dir}`);
    stage = await startStack({ dir: opts.dir, log: say });
    say(
      `stage up: app ${stage.frontendUrl}  Prometheus ${stage.prometheusAddress}  pids ${JSON.stringify(stage.pids)}`,
    );
    load = startLoad({ url: stage.frontendUrl, ...opts.load });
    say(
      `client load on: ${opts.load.rps} req/s over ${opts.load.concurrency} keep-alive connections, ` +
        "every answer counted by the side that gave it",
    );
    const outcome = engine
      ? await engine.runMigrations({ stage, load, log: say, dir: opts.dir })
      : await stageOnly(stage, load);
    const finalLoad = await load.stop();
    load = null;
    const finalWeights = await readWeights(stage.runtimeApi);
    const report = buildReport({
      mode: opts.stageOnly ? "stage-only" : "engine",
      cli: engine ? cliEntry() : null,
      startedAt,
      finishedAt: Date.now(),
      stage,
      loadOptions: opts.load,
      load: finalLoad,
      rollback: outcome.rollback,
      finalWeights,
      runs: outcome.runs,
    });
    writeReport(opts.reportPath, report);
    printSummary(report, opts.reportPath, outcome.ok !== false);
    exitCode = outcome.ok === false ? 1 : 0;
  } catch (error) {
    console.error(`demo failed: ${error instanceof StackError ? error.message : (error?.stack ?? error)}`);
    exitCode = 1;
  } finally {
    if (load) await load.stop();
    if (stage) await stage.stop();
    if (dashboard) await dashboard.stop();
  }
  say(`done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  process.exit(exitCode);
}

/** The end of the demo: what happened, in a few lines. */
function printSummary(report, reportPath, ok) {
  const { rollback, requests, final } = report;
  say(`── summary ${ok ? "" : "(FAILED: see the lines above) "}──`);
  if (rollback.detectedAt) {
    const target = rollback.targetMs
      ? ` (target ≤ ${rollback.targetMs} ms: ${rollback.withinTarget ? "holds" : "MISSED"})`
      : "";
    say(
      `rollback: fault → detected ${rollback.faultToDetectionMs} ms → rolled back ` +
        `${rollback.detectionToRollbackMs} ms later${target}; from ${rollback.source}`,
    );
    if (rollback.engine?.reason) say(`  why: ${rollback.engine.reason}`);
  } else {
    say("rollback: none detected");
  }
  say(
    `client requests: ${requests.total} total, ${requests.failed} failed ` +
      `(${requests.failedWhileFaultInjected} while green was broken, ${requests.failedOtherwise} otherwise)`,
  );
  say(`final weights: blue ${final.blueWeight} % / green ${final.greenWeight} %`);
  say(`report: ${reportPath}`);
  const explore = exploreLines(report.runs);
  if (explore.length > 0) say("explore the migrations afterwards (each run has its own store):");
  for (const line of explore) say(`  ${line}`);
}

await main();
