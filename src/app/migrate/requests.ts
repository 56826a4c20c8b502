// What the CLI needs besides running: give a command to a migration (written as an event the driver folds
// in), and read a migration back (spec, state rebuilt from the log, events) for status and history.
import { apply, replay } from "../../core/migrate/apply.js";
import { commandEvent, commandProblem, type MigrationCommand } from "../../core/migrate/commands.js";
import { MigrationSchema, type MigrationSpec } from "../../core/migrate/spec.js";
import { formatPath } from "../../core/migrate/spec-parse.js";
import type { MigrationState } from "../../core/migrate/state.js";
import type { MigrationEvent, StateStore, StoredMigration } from "../../ports/store.js";
import { MigrationError } from "./errors.js";

export interface LoadedMigration {
  stored: StoredMigration;
  /** The spec it was started with, validated again (what `resume NAME` runs with). */
  spec: MigrationSpec;
  /** Rebuilt from the event log (the stored state is only a cache for listings). */
  state: MigrationState;
  events: MigrationEvent[];
}

export async function loadMigration(store: StateStore, name: string): Promise<LoadedMigration> {
  const stored = await store.get(name);
  if (!stored) {
    const known = (await store.list()).map((migration) => migration.name);
    const hint =
      known.length > 0
        ? `known migrations: ${known.join(", ")}`
        : "no migration has been started in this store";
    throw new MigrationError("not-found", `no migration named "${name}" (${hint})`);
  }
  const parsed = MigrationSchema.safeParse(stored.spec);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
      .join("; ");
    throw new MigrationError("spec-invalid", `the stored spec of ${name} no longer validates (${problems})`);
  }
  const events = await store.events(name);
  return { stored, spec: parsed.data, state: replay(name, events), events };
}

/**
 * Records `command` for migration `name`, given by `by`; refused (MigrationError "command-refused") when it
 * makes no sense in the current phase. A running driver picks it up within its poll interval; otherwise
 * the next `resume` does.
 */
export async function requestCommand(
  store: StateStore,
  name: string,
  command: MigrationCommand,
  by: string,
  options: { reason?: string; now?: number } = {},
): Promise<{ event: MigrationEvent; state: MigrationState }> {
  const { state } = await loadMigration(store, name);
  const problem = commandProblem(state, command);
  if (problem) throw new MigrationError("command-refused", problem);
  const event = commandEvent(state, command, by, options.now ?? Date.now(), options.reason);
  const data = event.data as Record<string, unknown>;
  const next = apply(state, { seq: state.lastSeq + 1, type: event.type, data });
  const stored = await store.record(name, { type: event.type, data }, next, next.phase);
  return { event: stored, state: next };
}
