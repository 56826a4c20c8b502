// How a foreground run ends: its exit code, the closing line (or the MigrationRun JSON), and the signal
// handling that stops it cleanly on Ctrl-C (state kept, lease released, resumable).

import type { RunResult, StopReason } from "../../app/migrate/driver.js";
import { loadMigration } from "../../app/migrate/requests.js";
import { EXIT } from "../../core/errors.js";
import type { StateStore } from "../../ports/store.js";
import { renderJson, toRunContract } from "../../report/migrate/json.js";
import type { Terminal } from "../io.js";

/**
 * 0: completed; 1: rolled back or aborted; 2: needs a person before it can go on (usage, spec, preflight,
 * smoke or hook failure, weights changed by someone else, lease held); 130: interrupted (resumable).
 */
export function stopExitCode(stopped: StopReason, preflightIssues = 0): number {
  switch (stopped) {
    case "completed":
      return EXIT.ok;
    case "rolled-back":
    case "aborted":
      return EXIT.findings;
    case "blocked":
      return EXIT.input;
    case "interrupted":
      return EXIT.interrupted;
    case "dry-run":
      return preflightIssues > 0 ? EXIT.input : EXIT.ok;
  }
}

/** The closing line of a table-mode run: what happened and what to do next. */
export function closingLine(name: string, result: Pick<RunResult, "stopped" | "reason" | "state">): string {
  switch (result.stopped) {
    case "completed":
      return `${name} completed: green carries all traffic.`;
    case "rolled-back":
      return `${name} rolled back to blue 100 %: ${result.state.rollback?.reason ?? result.reason}`;
    case "aborted":
      return `${name} aborted: ${result.state.aborted?.reason ?? result.reason}`;
    case "blocked":
      return `${name} is blocked: ${result.reason}\nFix it, then run \`cutover migrate resume ${name}\`.`;
    case "interrupted":
      return `${name} stopped; the state is kept and the lease released. Run \`cutover migrate resume ${name}\` to go on.`;
    case "dry-run":
      return result.reason;
  }
}

/** Prints the end of a recorded run (table: a line; json: MigrationRun) and returns the exit code. */
export async function reportRun(
  terminal: Terminal,
  format: "table" | "json",
  store: StateStore,
  name: string,
  result: Pick<RunResult, "stopped" | "reason" | "state">,
): Promise<number> {
  const exitCode = stopExitCode(result.stopped);
  if (format === "json") {
    const view = await loadMigration(store, name);
    const contract = toRunContract({
      name,
      stopped: result.stopped,
      reason: result.reason,
      exitCode,
      view,
      dryRun: null,
    });
    terminal.out(renderJson(contract));
  } else {
    terminal.out(closingLine(name, result));
  }
  return exitCode;
}

export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

/**
 * The first SIGINT/SIGTERM aborts the run: waits end at once, a provider call in flight finishes or is
 * abandoned, the lease is released. A second one exits at once (resume reconciles whatever was in flight).
 */
export function interruptOnSignals(note: (text: string) => void): Interrupt {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      note(`${signal} again: exiting now; \`resume\` will reconcile what was in flight`);
      process.exit(EXIT.interrupted);
    }
    note(`${signal}: stopping; the state is kept (Ctrl-C again to exit at once)`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
