// Types for engine-events.mjs.
export interface HistoryEvent {
  seq: number;
  at: string;
  type: string;
  data: Record<string, unknown>;
}

export function summarizeEvents(
  events: HistoryEvent[],
  since: number,
): {
  detectedAt: number | null;
  decidedAt: number | null;
  rolledBackAt: number | null;
  details: {
    failedMeasurements: unknown[];
    failedMeasurementsBeforeRollback: number;
    reason: string | null;
    rolledBackTo: { blue: number; green: number } | null;
    decidedAt: string | null;
  };
};
