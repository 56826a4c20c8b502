// Terminal conventions shared by every command: where output goes, colour, and flag parsing helpers.

import { UsageError } from "../core/errors.js";
import type { KnowledgeBase } from "../core/knowledge.js";

/** How a command's action runs: main.ts gives it the terminal and the knowledge base, and exits with its code. */
export type CommandRunner = (body: (terminal: Terminal, kb: KnowledgeBase) => Promise<number>) => void;

export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Standard output is a terminal (table output and colour by default). */
  isTTY: boolean;
  color: boolean;
  stdin: NodeJS.ReadableStream;
  /** Rewrites one status line on standard error; undefined when stderr is not a terminal (CI, pipes). */
  status?: (text: string) => void;
}

export function processTerminal(noColorFlag = false): Terminal {
  const isTTY = process.stdout.isTTY === true;
  return {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    isTTY,
    color: isTTY && !noColorFlag && !process.env.NO_COLOR,
    stdin: process.stdin,
    status: process.stderr.isTTY && !process.env.CI ? writeStatusLine : undefined,
  };
}

function writeStatusLine(text: string): void {
  process.stderr.write(`\r\u001b[2K${text}`);
}

/** Parses a flag value against a list of choices, naming the flag and the choices when it does not fit. */
export function choice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} "${value}" is not one of: ${choices.join(", ")}`);
}

/** Collects a repeatable and comma-separated flag: `--exclude-kinds A,B --exclude-kinds C`. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
