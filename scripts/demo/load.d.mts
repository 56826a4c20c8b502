// Types for load.mjs.
export interface SideCounts {
  ok: number;
  failed: number;
}

export interface LoadFailure {
  at: number;
  side: string;
  status?: number;
  error?: string;
}

export interface LoadStats {
  at: number;
  startedAt: number;
  elapsedMs: number;
  targetRps: number;
  achievedRps: number;
  total: number;
  ok: number;
  failed: number;
  bySide: Record<"blue" | "green" | "unknown", SideCounts>;
  failures: LoadFailure[];
}

export interface LoadDiff extends Omit<LoadStats, "at" | "startedAt" | "targetRps"> {
  from: number;
  to: number;
}

export interface Load {
  stats(): LoadStats;
  stop(): Promise<LoadStats>;
}

export function startLoad(options: {
  url: string;
  rps?: number;
  concurrency?: number;
  timeoutMs?: number;
  keepFailures?: number;
}): Load;
export function diffStats(before: LoadStats, after: LoadStats): LoadDiff;
