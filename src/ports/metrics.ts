// Metric port: one query, one number. Failures are values, not exceptions, so the analysis can count
// them (Argo Rollouts' measurement model): an error or no data is never a pass.

export type MetricResult =
  /**
   * `at`: the start of the period the value covers (ms since epoch), when the backend reports one
   * (CloudWatch); the engine refuses a value whose period began before the step's traffic was effective.
   */
  | { kind: "value"; value: number; at?: number }
  | { kind: "no-data"; reason: string }
  | { kind: "error"; message: string };

export interface MetricProvider {
  readonly name: string;
  /** Checks the backend answers (e.g. Prometheus /-/ready); returns a problem in words or null. */
  ping(): Promise<string | null>;
  /** Runs one instant query, already rendered for one side (labels substituted). Never throws. */
  query(query: string, signal?: AbortSignal): Promise<MetricResult>;
}

/** Replaces `{{name}}` placeholders with the side's labels; unknown placeholders are left for the caller to report. */
export function renderQuery(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (whole, key: string) => labels[key] ?? whole);
}
