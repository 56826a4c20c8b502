// The stage checks itself, without the migration engine (run.mjs --stage-only, bench/shift-bench.mjs):
// 1. a full 0 → 100 shift stepped through the Runtime API under load, counting failed client requests;
// 2. a fault on green, timing how long until Prometheus's error-rate query crosses the gate's limit,
//    then the stage's own rollback to blue 100 %, read back from HAProxy.

import { diffStats } from "./load.mjs";
import { waitUntil } from "./processes.mjs";
import { queryValue } from "./prom.mjs";
import { readWeights, setWeights } from "./runtime-api.mjs";
import { ERROR_RATE_MAX, ERROR_RATE_QUERY, forSide } from "./stack-config.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Steps green from 0 to 100 (100 to 0 with `reverse`) in `stepPercent` steps held `stepMs` each, under
 * the running load.
 * Resolves to per-step request counts and the counts over the whole shift.
 */
export async function rehearseShift(
  stage,
  load,
  { stepPercent = 10, stepMs = 1_000, reverse = false, log = () => {} } = {},
) {
  const before = load.stats();
  const steps = [];
  for (let i = 0; i * stepPercent <= 100; i++) {
    const green = reverse ? 100 - i * stepPercent : i * stepPercent;
    const stepStart = load.stats();
    const t0 = performance.now();
    await setWeights(stage.runtimeApi, { blue: 100 - green, green });
    const appliedMs = Math.round((performance.now() - t0) * 10) / 10;
    await sleep(stepMs);
    const step = diffStats(stepStart, load.stats());
    const greenShare = step.total > 0 ? step.bySide.green.ok / step.total : 0;
    steps.push({
      green,
      appliedMs,
      total: step.total,
      failed: step.failed,
      greenShare: round(greenShare, 3),
    });
    log(
      `  weights ${100 - green}/${green}: ${step.total} requests, ${step.failed} failed, ` +
        `${(greenShare * 100).toFixed(1)} % answered by green (set in ${appliedMs} ms)`,
    );
  }
  return { steps, requests: diffStats(before, load.stats()) };
}

/**
 * Injects a fault on green while it takes `weights.green` % and polls the error-rate query every `pollMs`
 * until green's value exceeds the gate's limit; then rolls back to blue 100 % and reads it back.
 */
export async function measureDetection(
  stage,
  load,
  {
    weights = { blue: 50, green: 50 },
    settleMs = 6_000,
    pollMs = 100,
    timeoutMs = 20_000,
    log = () => {},
  } = {},
) {
  await setWeights(stage.runtimeApi, weights);
  // A full rate() window of healthy traffic on green first, so the query starts from 0, not NaN.
  await sleep(settleMs);
  const query = forSide(ERROR_RATE_QUERY, "green");
  const before = load.stats();
  const faultInjectedAt = Date.now();
  await stage.setFault("green", { rate: 1 });
  log(
    `  fault injected on green at ${new Date(faultInjectedAt).toISOString()} (weights ${weights.blue}/${weights.green})`,
  );

  let lastValue = null;
  const seen = await waitUntil(
    async () => {
      lastValue = await queryValue(stage.prometheusAddress, query).catch(() => null);
      return lastValue !== null && lastValue > ERROR_RATE_MAX;
    },
    timeoutMs,
    pollMs,
  );
  if (!seen) throw new Error(`Prometheus never saw green's error rate above ${ERROR_RATE_MAX}: ${query}`);
  const detectedAt = Date.now();
  log(
    `  Prometheus: green error rate ${round(lastValue, 3)} > ${ERROR_RATE_MAX} after ${detectedAt - faultInjectedAt} ms`,
  );

  await setWeights(stage.runtimeApi, { blue: 100, green: 0 });
  await waitUntil(async () => (await readWeights(stage.runtimeApi)).green === 0, 5_000, 10);
  const rolledBackAt = Date.now();
  const during = diffStats(before, load.stats());
  await stage.clearFault("green");
  const faultClearedAt = Date.now();
  log(`  rolled back to blue 100 % (read back) ${rolledBackAt - detectedAt} ms after detection`);
  return {
    query,
    faultInjectedAt,
    detectedAt,
    rolledBackAt,
    faultClearedAt,
    faultToDetectionMs: detectedAt - faultInjectedAt,
    detectionToRollbackMs: rolledBackAt - detectedAt,
    requestsDuringFault: { total: during.total, failed: during.failed },
  };
}

function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
