// Detection and rollback times from an engine event log shaped as `cutover migrate history -o json` prints it.
import { describe, expect, it } from "vitest";
import { type HistoryEvent, summarizeEvents } from "../../scripts/demo/engine-events.mjs";

const T0 = Date.parse("2026-11-26T12:00:00.000Z");
let seq = 0;
function event(offsetMs: number, type: string, data: Record<string, unknown> = {}): HistoryEvent {
  seq += 1;
  return { seq, at: new Date(T0 + offsetMs + 3).toISOString(), type, data: { at: T0 + offsetMs, ...data } };
}
const measured = (offsetMs: number, greenPhase: string, bluePhase?: string) =>
  event(offsetMs, "measurement", {
    step: 1,
    measurements: [
      ...(bluePhase ? [{ metric: "error-rate", side: "blue", phase: bluePhase }] : []),
      { metric: "error-rate", side: "green", phase: greenPhase },
      { metric: "min-samples", side: "green", phase: "successful" },
    ],
  });

const log: HistoryEvent[] = [
  event(0, "started", { by: "demo" }),
  measured(1_000, "failed"), // before the fault: not the detection
  event(4_000, "weights-set", { weights: { blue: 50, green: 50 }, previous: { blue: 80, green: 20 } }),
  measured(5_000, "successful"),
  measured(5_500, "failed", "failed"), // blue unhealthy: the engine does not count the round
  measured(6_000, "failed"),
  measured(7_000, "failed"),
  event(7_001, "rollback-started", {
    reason: "step 2 of 4 (green 50 %): error-rate: failed (2) > failureLimit (1)",
    by: "cutover (automatic)",
  }),
  event(7_004, "weights-set", { weights: { blue: 100, green: 0 }, previous: { blue: 50, green: 50 } }),
  event(7_010, "rolled-back", { weights: { blue: 100, green: 0 } }),
];

describe("summarizeEvents", () => {
  it("takes the first failed judgement of green after the fault, the decision and the read-back rollback", () => {
    const summary = summarizeEvents(log, T0 + 4_500);
    expect(summary.detectedAt).toBe(T0 + 6_000);
    expect(summary.decidedAt).toBe(T0 + 7_001);
    expect(summary.rolledBackAt).toBe(T0 + 7_010);
    expect(summary.details).toMatchObject({
      failedMeasurementsBeforeRollback: 2,
      reason: expect.stringContaining("failureLimit (1)"),
      rolledBackTo: { blue: 100, green: 0 },
    });
  });

  it("gives nulls when the log shows no rollback", () => {
    const summary = summarizeEvents(log.slice(0, 5), T0 + 4_500);
    expect(summary).toMatchObject({ detectedAt: null, decidedAt: null, rolledBackAt: null });
  });

  it("falls back to the recorded time when an event has no data.at", () => {
    const bare = { seq: 99, at: new Date(T0 + 9_000).toISOString(), type: "rolled-back", data: {} };
    expect(summarizeEvents([bare], T0).rolledBackAt).toBe(T0 + 9_000);
  });
});
