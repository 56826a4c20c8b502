// Types for cli.mjs.
import type { HistoryEvent } from "./engine-events.mjs";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  pid: number | undefined;
}

export function cliEntry(): string;
export function requireBuiltCli(): void;
export function storeIn(cwd: string): string;
export function exploreLines(runs: { name: string; store?: string }[], cwd?: string, cli?: string): string[];
export function runCli(
  args: string[],
  options: {
    cwd: string;
    log?: (line: string) => void;
    prefix?: string;
    quiet?: boolean;
    timeoutMs?: number;
  },
): Promise<CliRun>;
export function readHistory(name: string, cwd: string): Promise<HistoryEvent[]>;
