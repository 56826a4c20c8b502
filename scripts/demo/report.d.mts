// Types for report.mjs.
import type { LoadStats } from "./load.mjs";
import type { Stage } from "./stack.mjs";

export interface RollbackTimes {
  faultInjectedAt?: number | null;
  faultClearedAt?: number | null;
  detectedAt?: number | null;
  rolledBackAt?: number | null;
  decidedAt?: number | null;
  targetMs?: number;
  source?: string;
  [detail: string]: unknown;
}

export interface DemoReport {
  mode: string;
  /** The CLI entry point that ran the migrations (bin/cutover.js by default); null in stage-only mode. */
  cli: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  wallMs: number;
  rollback: {
    detectedAt: string | null;
    rolledBackAt: string | null;
    detectionToRollbackMs: number | null;
    faultInjectedAt?: string | null;
    decidedAt?: string | null;
    faultToDetectionMs?: number | null;
    faultToRollbackMs?: number | null;
    targetMs?: number;
    withinTarget?: boolean;
    [detail: string]: unknown;
  };
  requests: {
    total: number;
    failed: number;
    failedWhileFaultInjected: number;
    failedOtherwise: number;
    bySide: LoadStats["bySide"];
  };
  final: { greenWeight: number; blueWeight: number };
  load: Record<string, unknown>;
  stage: { ports: Stage["ports"]; pids: Record<string, number>; dir: string };
  runs: unknown[];
}

export function buildReport(input: {
  mode: string;
  cli?: string | null;
  startedAt: number;
  finishedAt: number;
  stage: Pick<Stage, "ports" | "pids" | "dir">;
  loadOptions: { rps: number; concurrency: number };
  load: LoadStats;
  rollback: RollbackTimes | null;
  finalWeights: { blue: number; green: number };
  runs: unknown[];
}): DemoReport;
export function writeReport(path: string, report: DemoReport): void;
