// `.cutover/demo-report.json`: what the demo measured. The stable part other tools may read:
//   rollback.detectedAt, rollback.rolledBackAt (ISO-8601), rollback.detectionToRollbackMs,
//   requests.total, requests.failed, final.greenWeight.
// rollback.* times and intervals come from the engine's event log (engine-events.mjs); `cli` names the
// entry point that ran the migrations (bin/cutover.js unless CUTOVER_DEMO_CLI says otherwise).
// Everything else (per-run details, the stage's own observations) is informative.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { rollbackTimings } from "./engine-events.mjs";

const iso = (ms) => (typeof ms === "number" ? new Date(ms).toISOString() : null);

/**
 * Builds the report. `rollback` holds epoch-ms times (faultInjectedAt, detectedAt, rolledBackAt) and
 * where they came from; `load` is the load's final snapshot; `finalWeights` is read back from HAProxy.
 */
export function buildReport({
  mode,
  cli,
  startedAt,
  finishedAt,
  stage,
  loadOptions,
  load,
  rollback,
  finalWeights,
  runs,
}) {
  return {
    mode,
    cli: cli ?? null,
    startedAt: iso(startedAt),
    finishedAt: iso(finishedAt),
    wallMs: finishedAt - startedAt,
    rollback: rollbackSection(rollback),
    requests: requestsSection(load, rollback),
    final: { greenWeight: finalWeights.green, blueWeight: finalWeights.blue },
    load: { ...loadOptions, achievedRps: load.achievedRps, durationMs: load.elapsedMs },
    stage: { ports: stage.ports, pids: stage.pids, dir: stage.dir },
    runs,
  };
}

/** Times the rollback section carries, converted from epoch ms to ISO-8601. */
const TIME_FIELDS = [
  "faultInjectedAt",
  "detectedAt",
  "decidedAt",
  "rolledBackAt",
  "faultClearedAt",
  "stageSawBlue100At",
];

function rollbackSection(rollback) {
  if (!rollback) return { detectedAt: null, rolledBackAt: null, detectionToRollbackMs: null };
  const times = Object.fromEntries(
    TIME_FIELDS.filter((field) => field in rollback).map((field) => [field, iso(rollback[field])]),
  );
  const timings = rollbackTimings(rollback);
  const target =
    typeof rollback.targetMs === "number" && timings.detectionToRollbackMs !== null
      ? { targetMs: rollback.targetMs, withinTarget: timings.detectionToRollbackMs <= rollback.targetMs }
      : {};
  return { ...rollback, ...times, ...timings, ...target };
}

/** Failures while the fault was on are the demo's point; any other failure is a defect worth a look. */
function requestsSection(load, rollback) {
  const faultFrom = rollback?.faultInjectedAt ?? Number.POSITIVE_INFINITY;
  const faultTo = rollback?.faultClearedAt ?? Number.POSITIVE_INFINITY;
  const duringFault = load.failures.filter((f) => f.at >= faultFrom && f.at <= faultTo).length;
  return {
    total: load.total,
    failed: load.failed,
    failedWhileFaultInjected: duringFault,
    failedOtherwise: load.failed - duringFault,
    bySide: load.bySide,
  };
}

/** Writes the report as pretty JSON, creating the directory. */
export function writeReport(path, report) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
