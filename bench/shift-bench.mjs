// Stage benchmark for `cutover migrate` on the local stack (scripts/demo/): real HAProxy and Prometheus
// on 127.0.0.1, a steady client load, no engine. Measures
//   1. failed client requests during a full 0 → 100 shift (10-point steps of BENCH_STEP_MS), and back;
//   2. fault → detection: a fault on green at 50/50, Prometheus polled every 100 ms with the demo's
//      error-rate gate query until green's value crosses the limit (BENCH_TRIALS trials).
// These are the stage's own floors, without the engine: what HAProxy does to requests when weights change,
// and how soon Prometheus can see a fault. bench/rollback-bench.mjs measures the same with the engine
// (cutover migrate through bin/cutover.js): detection → rollback from its event log, and a full shift.
// Options (env): BENCH_RPS=300 BENCH_CONCURRENCY=16 BENCH_STEP_MS=1000 BENCH_TRIALS=3.
// Writes bench/out/shift-results.json. Stops every process it started, by PID.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLoad } from "../scripts/demo/load.mjs";
import { setWeights } from "../scripts/demo/runtime-api.mjs";
import { startStack } from "../scripts/demo/stack.mjs";
import { measureDetection, rehearseShift } from "../scripts/demo/stage-rehearsal.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const RPS = Number(process.env.BENCH_RPS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 1000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 3);

const quiet = () => {};
const summary = (d) => `${d.total} requests, ${d.failed} failed, ${d.achievedRps} req/s`;

async function bench(stage, load) {
  const forward = await rehearseShift(stage, load, { stepMs: STEP_MS, log: quiet });
  console.log(`shift 0 → 100 % green: ${summary(forward.requests)}`);
  const back = await rehearseShift(stage, load, { stepMs: STEP_MS, log: quiet, reverse: true });
  console.log(`shift 100 → 0 % green: ${summary(back.requests)}`);
  const trials = [];
  for (let trial = 1; trial <= TRIALS; trial++) {
    const d = await measureDetection(stage, load, { log: quiet });
    trials.push(d);
    console.log(
      `fault trial ${trial}: detected by Prometheus after ${d.faultToDetectionMs} ms, ` +
        `rolled back (read back) ${d.detectionToRollbackMs} ms later`,
    );
  }
  await setWeights(stage.runtimeApi, { blue: 100, green: 0 });
  return { forward, back, trials };
}

const stage = await startStack({ dir: join(OUT, "shift-stage"), log: quiet });
const load = startLoad({ url: stage.frontendUrl, rps: RPS, concurrency: CONCURRENCY });
try {
  console.log(
    `stage up; load ${RPS} req/s over ${CONCURRENCY} keep-alive connections; steps of ${STEP_MS} ms`,
  );
  const result = await bench(stage, load);
  const final = await load.stop();
  const detections = result.trials.map((t) => t.faultToDetectionMs).sort((a, b) => a - b);
  const results = {
    load: { rps: RPS, concurrency: CONCURRENCY, achievedRps: final.achievedRps },
    shiftForward: { ...result.forward.requests, failures: undefined, steps: result.forward.steps },
    shiftBack: { ...result.back.requests, failures: undefined, steps: result.back.steps },
    detectionMs: detections,
    detectionMedianMs: detections[Math.floor(detections.length / 2)],
    trials: result.trials,
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, "shift-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `failed requests during the shifts: ${result.forward.requests.failed + result.back.requests.failed}; ` +
      `fault → detection median ${results.detectionMedianMs} ms (${detections.join(", ")} ms); ` +
      "written to bench/out/shift-results.json",
  );
} finally {
  await load.stop();
  await stage.stop();
}
