// Rollback times from the engine's event log. The fixtures are real `cutover migrate history NAME -o json`
// output captured from an `npm run demo` run (fixtures/history-demo-*.json): run 1 rolled back after a
// fault on green at 50 %, run 2 shifted fully to green. The report of that run gave the fault's time.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  greenFailures,
  type HistoryEvent,
  rollbackTimings,
  summarizeEvents,
} from "../../scripts/demo/engine-events.mjs";
import { MigrationHistorySchema } from "../../src/report/migrate/contract.js";

function history(name: string): HistoryEvent[] {
  const file = path.join(import.meta.dirname, "fixtures", `history-${name}.json`);
  return MigrationHistorySchema.parse(JSON.parse(readFileSync(file, "utf8"))).events as HistoryEvent[];
}

const rollbackLog = history("demo-rollback");
const cutoverLog = history("demo-cutover");
/** rollback.faultInjectedAt in that run's .cutover/demo-report.json. */
const FAULT_INJECTED_AT = Date.parse("2026-11-26T14:29:02.066Z");
const bySeq = (log: HistoryEvent[], seq: number) => {
  const event = log.find((e) => e.seq === seq);
  if (!event) throw new Error(`no event ${seq} in the fixture`);
  return event;
};
const dataAt = (event: HistoryEvent) => event.data.at as number;

describe("summarizeEvents on a real rollback log", () => {
  const summary = summarizeEvents(rollbackLog, FAULT_INJECTED_AT);

  it("detects at the first measurement round with a failed green judgement (seq 19, green 0.095 > 0.05)", () => {
    const detected = bySeq(rollbackLog, 19);
    expect(detected.type).toBe("measurement");
    expect(summary.detectedAt).toBe(dataAt(detected));
    expect(summary.details.detectedInEvent).toBe(19);
    expect(summary.details.detectedBy).toEqual([
      { metric: "error-rate", value: expect.closeTo(0.0954, 3), message: "green 0.09538 > max 0.05" },
    ]);
  });

  it("takes the decision from rollback-started and the rollback from rolled-back (blue 100 read back)", () => {
    expect(summary.decidedAt).toBe(dataAt(bySeq(rollbackLog, 21)));
    expect(summary.rolledBackAt).toBe(dataAt(bySeq(rollbackLog, 26)));
    expect(summary.details).toMatchObject({
      failedRoundsBeforeRollback: 2,
      reason: "step 2 of 4 (green 50 %): error-rate: failed (2) > failureLimit (1)",
      rolledBackInEvent: 26,
      rolledBackTo: { blue: 100, green: 0 },
    });
  });

  it("gives fault → detection, detection → rollback and fault → rollback in ms", () => {
    expect(rollbackTimings({ faultInjectedAt: FAULT_INJECTED_AT, ...summary })).toEqual({
      faultToDetectionMs: 1_052,
      detectionToRollbackMs: 1_031,
      faultToRollbackMs: 2_083,
    });
  });

  it("ignores failures before `since`: a later start finds the second failed round", () => {
    const later = summarizeEvents(rollbackLog, dataAt(bySeq(rollbackLog, 19)) + 1);
    expect(later.detectedAt).toBe(dataAt(bySeq(rollbackLog, 20)));
    expect(later.details.failedRoundsBeforeRollback).toBe(1);
  });
});

describe("summarizeEvents edge cases", () => {
  it("finds nothing in a log that completed without a rollback (run 2)", () => {
    expect(cutoverLog.some((e) => e.type === "completed")).toBe(true);
    expect(summarizeEvents(cutoverLog)).toMatchObject({
      detectedAt: null,
      decidedAt: null,
      rolledBackAt: null,
    });
  });

  it("does not count a round where blue failed too: the engine holds it (Flagger's rule)", () => {
    const first = bySeq(rollbackLog, 19);
    const measurements = first.data.measurements as Record<string, unknown>[];
    const held = {
      ...first,
      data: {
        ...first.data,
        measurements: [
          { metric: "error-rate", side: "blue", phase: "failed", at: dataAt(first) },
          ...measurements,
        ],
      },
    };
    expect(greenFailures(held)).toEqual([]);
    const log = rollbackLog.map((e) => (e.seq === 19 ? held : e));
    expect(summarizeEvents(log, FAULT_INJECTED_AT).detectedAt).toBe(dataAt(bySeq(rollbackLog, 20)));
  });

  it.each([
    { case: "a successful round", seq: 12, failures: 0 },
    { case: "a failed round", seq: 19, failures: 1 },
    { case: "an event that is not a measurement", seq: 21, failures: 0 },
  ])("greenFailures: $case", ({ seq, failures }) => {
    expect(greenFailures(bySeq(rollbackLog, seq))).toHaveLength(failures);
  });

  it("falls back to the recorded time when an event has no data.at", () => {
    const bare = { seq: 99, at: "2026-11-26T14:30:00.000Z", type: "rolled-back", data: {} };
    expect(summarizeEvents([bare]).rolledBackAt).toBe(Date.parse(bare.at));
  });

  it("gives null intervals when an end is missing", () => {
    expect(rollbackTimings({ faultInjectedAt: 5, detectedAt: null, rolledBackAt: 9 })).toEqual({
      faultToDetectionMs: null,
      detectionToRollbackMs: null,
      faultToRollbackMs: 4,
    });
  });
});
