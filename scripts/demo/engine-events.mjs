// Reads the engine's event log (`cutover migrate history NAME -o json`: { events: [{ seq, at, type,
// summary, data }] }, data.at in epoch ms from the driver's clock) for the demo report:
//   detectedAt    the first `measurement` after the fault with a failed judgement of green
//   decidedAt     `rollback-started`
//   rolledBackAt  `rolled-back`: blue 100 % set, in effect and read back from the provider

/** The event's own time (data.at, epoch ms), else the time the store recorded it. */
function timeOf(event) {
  return typeof event.data?.at === "number" ? event.data.at : Date.parse(event.at);
}

/** Green's failed judgements in a round; none when blue was unhealthy (the engine does not count it). */
function failedOnGreen(event) {
  const measurements = Array.isArray(event.data?.measurements) ? event.data.measurements : [];
  if (measurements.some((m) => m.side === "blue" && m.phase === "failed")) return [];
  return measurements.filter((m) => m.side === "green" && m.phase === "failed");
}

/** Times (epoch ms, null when the log lacks them) and the events they came from, after `since`. */
export function summarizeEvents(events, since) {
  const after = events.filter((event) => timeOf(event) >= since);
  const detected = after.find((event) => event.type === "measurement" && failedOnGreen(event).length > 0);
  const decided = after.find((event) => event.type === "rollback-started");
  const back = after.find((event) => event.type === "rolled-back");
  const time = (event) => (event ? timeOf(event) : null);
  return {
    detectedAt: time(detected),
    decidedAt: time(decided),
    rolledBackAt: time(back),
    details: {
      failedMeasurements: detected ? failedOnGreen(detected) : [],
      failedMeasurementsBeforeRollback: after.filter(
        (event) =>
          event.type === "measurement" && failedOnGreen(event).length > 0 && timeOf(event) <= time(decided),
      ).length,
      reason: decided?.data?.reason ?? null,
      rolledBackTo: back?.data?.weights ?? null,
      decidedAt: decided ? new Date(timeOf(decided)).toISOString() : null,
    },
  };
}
