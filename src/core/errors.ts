// One error base for everything a user can see. The message says what went wrong, where (file:line, object,
// flag) and what to do; `exitCode` is the code the CLI ends with. main.ts maps errors to exit codes in one
// place (exitCodeOf), so a command never chooses a code by catching and re-throwing.

/** The exit codes every command shares (documented in the README). */
export const EXIT = {
  ok: 0,
  /** Findings at or above --fail-on; a migration rolled back or aborted. */
  findings: 1,
  /** Usage mistakes, unreadable input, invalid data, a blocked migration: a person must act. */
  input: 2,
  /** 128 + SIGINT, as shells report a process stopped by Ctrl-C. */
  interrupted: 130,
} as const;

export class CutoverError extends Error {
  override name = "CutoverError";
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT.input;
  }
}

/** A mistake in how the command was called: exit 2 with a message that says what to do. */
export class UsageError extends CutoverError {
  override name = "UsageError";
}

/** The exit code an error ends the CLI with: its own for a CutoverError, else 2 (input or environment). */
export function exitCodeOf(error: unknown): number {
  return error instanceof CutoverError ? error.exitCode : EXIT.input;
}

/** The message of anything thrown, for error lines. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
