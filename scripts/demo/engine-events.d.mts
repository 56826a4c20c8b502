// Types for engine-events.mjs.
export interface HistoryEvent {
  seq: number;
  at: string;
  type: string;
  summary?: string;
  data: Record<string, unknown>;
}

export interface RollbackSummary {
  detectedAt: number | null;
  decidedAt: number | null;
  rolledBackAt: number | null;
  details: {
    detectedBy: { metric: string; value: number | null; message: string }[];
    detectedInEvent: number | null;
    failedRoundsBeforeRollback: number;
    reason: string | null;
    rolledBackInEvent: number | null;
    rolledBackTo: { blue: number; green: number } | null;
  };
}

export function greenFailures(event: HistoryEvent): { metric: string; side: string; phase: string }[];
export function summarizeEvents(events: HistoryEvent[], since?: number): RollbackSummary;
export function rollbackTimings(times: {
  faultInjectedAt?: number | null;
  detectedAt?: number | null;
  rolledBackAt?: number | null;
}): {
  faultToDetectionMs: number | null;
  detectionToRollbackMs: number | null;
  faultToRollbackMs: number | null;
};
