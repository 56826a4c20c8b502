// The demo report's stable fields and how failed requests are split around the injected fault.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadStats } from "../../scripts/demo/load.mjs";
import { buildReport, writeReport } from "../../scripts/demo/report.mjs";

const T0 = Date.parse("2026-11-26T12:00:00.000Z");

function loadWithFailuresAt(offsets: number[]): LoadStats {
  return {
    at: T0 + 60_000,
    startedAt: T0,
    elapsedMs: 60_000,
    targetRps: 300,
    achievedRps: 299,
    total: 18_000,
    ok: 18_000 - offsets.length,
    failed: offsets.length,
    bySide: {
      blue: { ok: 9_000, failed: 0 },
      green: { ok: 9_000 - offsets.length, failed: offsets.length },
      unknown: { ok: 0, failed: 0 },
    },
    failures: offsets.map((offset) => ({ at: T0 + offset, side: "green", status: 500 })),
  };
}

const stage = {
  ports: { frontend: 1, haproxyMetrics: 2, blue: 3, green: 4, prometheus: 5 },
  pids: { blue: 10 },
  dir: "/x",
};

function report(rollback: Parameters<typeof buildReport>[0]["rollback"], failureOffsets: number[]) {
  return buildReport({
    mode: "engine",
    cli: "bin/cutover.js",
    startedAt: T0,
    finishedAt: T0 + 75_000,
    stage,
    loadOptions: { rps: 300, concurrency: 16 },
    load: loadWithFailuresAt(failureOffsets),
    rollback,
    finalWeights: { blue: 0, green: 100 },
    runs: [],
  });
}

describe("demo report", () => {
  it("carries the stable fields with ISO times and the detection-to-rollback gap", () => {
    const r = report(
      {
        faultInjectedAt: T0 + 20_000,
        detectedAt: T0 + 21_200,
        rolledBackAt: T0 + 22_250,
        faultClearedAt: T0 + 23_000,
        targetMs: 4_000,
        source: "engine events",
      },
      [],
    );
    expect(r.cli).toBe("bin/cutover.js");
    expect(r.rollback).toMatchObject({
      faultInjectedAt: "2026-11-26T12:00:20.000Z",
      detectedAt: "2026-11-26T12:00:21.200Z",
      rolledBackAt: "2026-11-26T12:00:22.250Z",
      detectionToRollbackMs: 1_050,
      faultToDetectionMs: 1_200,
      faultToRollbackMs: 2_250,
      targetMs: 4_000,
      withinTarget: true,
      source: "engine events",
    });
    expect(r.requests).toMatchObject({ total: 18_000, failed: 0 });
    expect(r.final).toEqual({ greenWeight: 100, blueWeight: 0 });
    expect(r.wallMs).toBe(75_000);
  });

  it.each([
    { detectionToRollbackMs: 4_000, withinTarget: true },
    { detectionToRollbackMs: 4_001, withinTarget: false },
  ])("compares detection → rollback $detectionToRollbackMs ms with the 4000 ms target", (c) => {
    const r = report({ detectedAt: T0, rolledBackAt: T0 + c.detectionToRollbackMs, targetMs: 4_000 }, []);
    expect(r.rollback.withinTarget).toBe(c.withinTarget);
  });

  it.each([
    {
      case: "all failures while the fault was on",
      offsets: [20_100, 21_000, 22_900],
      during: 3,
      otherwise: 0,
    },
    { case: "a failure before the fault", offsets: [5_000, 20_500], during: 1, otherwise: 1 },
    { case: "a failure after the fault was cleared", offsets: [20_500, 40_000], during: 1, otherwise: 1 },
  ])("splits failed requests: $case", ({ offsets, during, otherwise }) => {
    const r = report(
      { faultInjectedAt: T0 + 20_000, faultClearedAt: T0 + 23_000, detectedAt: null, rolledBackAt: null },
      offsets,
    );
    expect(r.requests.failedWhileFaultInjected).toBe(during);
    expect(r.requests.failedOtherwise).toBe(otherwise);
  });

  it("reports nulls, not made-up times, when nothing was detected", () => {
    const r = report(null, [1_000]);
    expect(r.rollback).toEqual({ detectedAt: null, rolledBackAt: null, detectionToRollbackMs: null });
    expect(r.requests.failedOtherwise).toBe(1);
  });

  it("writes pretty JSON, creating the directory", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cutover-report-"));
    try {
      const file = path.join(dir, ".cutover", "demo-report.json");
      const r = report(null, []);
      writeReport(file, r);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(r);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
