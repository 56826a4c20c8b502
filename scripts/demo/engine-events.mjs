// Rollback times from the engine's own event log, as `cutover migrate history NAME -o json` prints it
// ({ kind: "MigrationHistory", events: [{ seq, at, type, summary, data }] }; shapes in
// src/core/migrate/events.ts and analysis.ts). Every time is the event's `data.at`: epoch ms from the
// driver's clock when it happened (for a measurement: when the round started, i.e. when it queried).
//   detectedAt    the first `measurement` (after `since`) in which a green measurement failed and blue was
//                 healthy: a round where blue failed too is held and not counted by the engine (Flagger's
//                 rule, analysis-verdict.ts foldRound), so it detects nothing
//   decidedAt     `rollback-started`: the failure limit was passed
//   rolledBackAt  `rolled-back`: blue 100 % set, in effect and read back from the provider

/** The event's own time (data.at, epoch ms), else the time the store recorded it. */
function timeOf(event) {
  return typeof event.data?.at === "number" ? event.data.at : Date.parse(event.at);
}

function measurementsOf(event) {
  return Array.isArray(event.data?.measurements) ? event.data.measurements : [];
}

/** Green's failed judgements in a measurement round that the engine counts (none when blue failed). */
export function greenFailures(event) {
  if (event.type !== "measurement") return [];
  const measurements = measurementsOf(event);
  if (measurements.some((m) => m.side === "blue" && m.phase === "failed")) return [];
  return measurements.filter((m) => m.side === "green" && m.phase === "failed");
}

/**
 * Detection, decision and rollback times (epoch ms; null when the log lacks them) from events at or after
 * `since` (epoch ms, e.g. the moment the fault was injected), with the events they came from.
 */
export function summarizeEvents(events, since = 0) {
  const after = events.filter((event) => timeOf(event) >= since);
  const detected = after.find((event) => greenFailures(event).length > 0);
  const decided = after.find((event) => event.type === "rollback-started");
  const back = after.find((event) => event.type === "rolled-back");
  const time = (event) => (event ? timeOf(event) : null);
  const failedRounds = after.filter(
    (event) => greenFailures(event).length > 0 && (!decided || timeOf(event) <= timeOf(decided)),
  );
  return {
    detectedAt: time(detected),
    decidedAt: time(decided),
    rolledBackAt: time(back),
    details: {
      detectedBy: detected
        ? greenFailures(detected).map((m) => ({
            metric: m.metric,
            value: m.value ?? null,
            message: m.message,
          }))
        : [],
      detectedInEvent: detected?.seq ?? null,
      failedRoundsBeforeRollback: failedRounds.length,
      reason: decided?.data?.reason ?? null,
      rolledBackInEvent: back?.seq ?? null,
      rolledBackTo: back?.data?.weights ?? null,
    },
  };
}

/**
 * The intervals the demo and the bench report, in ms (null when either end is missing):
 * fault → detection, detection → rollback, fault → rollback.
 */
export function rollbackTimings({ faultInjectedAt, detectedAt, rolledBackAt }) {
  const gap = (from, to) => (typeof from === "number" && typeof to === "number" ? to - from : null);
  return {
    faultToDetectionMs: gap(faultInjectedAt, detectedAt),
    detectionToRollbackMs: gap(detectedAt, rolledBackAt),
    faultToRollbackMs: gap(faultInjectedAt, rolledBackAt),
  };
}
