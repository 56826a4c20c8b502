// Progress of a foreground run: one line per event as it is recorded (phases, weights, measurements with
// their values, approvals, rollback with its reason), plus a line when the engine starts holding and why.
// Lines go to stdout with -o table, to stderr with -o json (stdout then carries only the JSON).
import type { Action } from "../../core/migrate/actions.js";
import type { MigrationState } from "../../core/migrate/state.js";
import type { MigrationEvent } from "../../ports/store.js";
import { describeEvent, type StepGreens } from "../../report/migrate/events.js";
import type { Terminal } from "../io.js";

export interface Progress {
  onEvent(event: MigrationEvent, state: MigrationState): void;
  onAction(action: Action, state: MigrationState): void;
  /** Prints a line of our own (lease takeover, interruption) in the same stream. */
  note(text: string): void;
}

export function progressReporter(terminal: Terminal, steps: StepGreens, toStderr: boolean): Progress {
  const write = (text: string) => (toStderr ? terminal.err(text) : terminal.out(text));
  const line = (at: Date, text: string) => write(`${clock(at)}  ${text}`);
  let lastHold = "";
  return {
    onEvent(event) {
      // A new measurement does not end a hold; anything else does, and a later hold is news again.
      if (event.type !== "measurement") lastHold = "";
      line(new Date(event.at), describeEvent(event, steps));
    },
    onAction(action) {
      // Waits (bakes, drains) are implied by the events; a hold is news: the migration is not advancing.
      if (action.type !== "hold" || action.reason === lastHold) return;
      lastHold = action.reason;
      line(new Date(), `${action.blocked ? "blocked" : "holding"}: ${action.reason}`);
    },
    note: (text) => line(new Date(), text),
  };
}

/** Local wall-clock time, HH:MM:SS. */
function clock(at: Date): string {
  return at.toTimeString().slice(0, 8);
}
