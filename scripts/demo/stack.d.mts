// Types for stack.mjs (the demo scripts are plain ESM run by node; the tests are TypeScript).
import type { Side } from "../../src/ports/traffic.js";

export interface StagePorts {
  frontend: number;
  haproxyMetrics: number;
  blue: number;
  green: number;
  prometheus: number;
}

export interface FaultState {
  name: Side;
  rate: number;
  delayMs: number;
}

export interface Stage {
  dir: string;
  ports: StagePorts;
  frontendUrl: string;
  prometheusAddress: string;
  haproxyMetricsUrl: string;
  /** Path of HAProxy's admin-level Runtime API unix socket. */
  runtimeApi: string;
  /** HAProxy's server-state-file (absent until someone saves `show servers state`). */
  stateFile: string;
  haproxyConfig: string;
  /** PID of every process started, by name: prometheus, blue, green, haproxy. */
  readonly pids: Record<string, number>;
  setFault(side: Side, options?: { rate?: number; delayMs?: number }): Promise<FaultState>;
  clearFault(side: Side): Promise<FaultState>;
  stop(): Promise<void>;
}

export class StackError extends Error {}

export function requireBinaries(searchPath?: string): { haproxy: string; prometheus: string };
export function pickFreePorts(count: number): Promise<number[]>;
export function startStack(options: {
  dir: string;
  log?: (line: string) => void;
  searchPath?: string;
  handleSignals?: boolean;
}): Promise<Stage>;
