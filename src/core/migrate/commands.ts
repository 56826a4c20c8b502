// The commands a person gives a running (or stopped) migration from another process: approve, pause,
// resume, rollback, abort. Each becomes one event in the log; the driver folds it in on its next tick.
import { type NewEvent, newEvent } from "./events.js";
import { canRollBack, isTerminal, type MigrationState } from "./state.js";

export const MIGRATION_COMMANDS = ["approve", "pause", "resume", "rollback", "abort"] as const;
export type MigrationCommand = (typeof MIGRATION_COMMANDS)[number];

/** Why `command` cannot be given now, in words with the way out; null when it can. */
export function commandProblem(state: MigrationState, command: MigrationCommand): string | null {
  const name = state.name;
  if (isTerminal(state.phase)) return `${name} is ${state.phase}; there is nothing left to ${command}`;
  switch (command) {
    case "approve":
      return state.phase === "stepping" && state.step?.stage === "awaiting-approval"
        ? null
        : `nothing awaits approval: ${name} is ${describePosition(state)}`;
    case "pause":
      return state.paused ? `${name} is already paused (by ${state.paused.by})` : null;
    case "resume":
      return null;
    case "rollback":
      if (state.phase === "rolling-back") return `${name} is already rolling back`;
      return canRollBack(state.phase)
        ? null
        : `${name} is ${state.phase}: blue is being decommissioned, it can no longer take the traffic back`;
    case "abort":
      return null;
  }
}

/** The event that records `command` given by `by` at `at`. */
export function commandEvent(
  state: MigrationState,
  command: MigrationCommand,
  by: string,
  at: number,
  reason?: string,
): NewEvent {
  switch (command) {
    case "approve":
      return newEvent("approved", { at, by, step: state.step?.index ?? 0 });
    case "pause":
      return newEvent("paused", { at, by });
    case "resume":
      return newEvent("resumed", { at, by });
    case "rollback":
      return newEvent("rollback-started", { at, by, reason: reason ?? `requested by ${by}` });
    case "abort":
      return newEvent("aborted", { at, by, reason: reason ?? `aborted by ${by}; traffic left as it is` });
  }
}

/** "stepping, step 2 (analysing)", "final-bake", … for messages. */
export function describePosition(state: MigrationState): string {
  const flags = [state.paused ? "paused" : "", state.blocked ? "blocked" : ""].filter(Boolean).join(", ");
  const step =
    state.phase === "stepping" && state.step ? `, step ${state.step.index + 1} (${state.step.stage})` : "";
  return `${state.phase}${step}${flags ? ` [${flags}]` : ""}`;
}
