// The dashboard's reads: the list of migrations (from the stored rows: the state there is the cache the
// store keeps for listings) and one migration's page (state rebuilt from the log as `migrate status` does,
// and the engine's next decision on it).
import type { Action } from "../../core/migrate/actions.js";
import type { MetricTemplate } from "../../core/migrate/metric-templates.js";
import { nextAction } from "../../core/migrate/next-action.js";
import type { MigrationSpec } from "../../core/migrate/spec.js";
import { expandSpecTemplates } from "../../core/migrate/spec-templates.js";
import type { MigrationState } from "../../core/migrate/state.js";
import type { LeaseHolder, StateStore } from "../../ports/store.js";
import {
  listItem,
  type MigrationListItem,
  type MigrationPage,
  migrationPage,
} from "../../report/dashboard/migration-view.js";
import { loadMigration } from "../migrate/requests.js";

export async function readList(store: StateStore): Promise<MigrationListItem[]> {
  const stored = await store.list();
  return Promise.all(
    stored.map(async (migration) =>
      listItem(migration, stateOf(migration.state), await leaseOf(store, migration.name)),
    ),
  );
}

export async function readPage(
  store: StateStore,
  name: string,
  options: { now: number; templates: MetricTemplate[] },
): Promise<MigrationPage> {
  const { stored, spec, state, events } = await loadMigration(store, name);
  return migrationPage({
    stored,
    spec,
    state,
    events,
    lease: await leaseOf(store, name),
    next: decide(spec, state, options),
  });
}

/** The engine's next action; null when the spec's templates no longer expand (the page still shows the rest). */
function decide(
  spec: MigrationSpec,
  state: MigrationState,
  options: { now: number; templates: MetricTemplate[] },
): Action | null {
  const expanded = expandSpecTemplates(spec, options.templates);
  if ("problems" in expanded) return null;
  return nextAction(expanded.spec, state, options.now);
}

function leaseOf(store: StateStore, name: string): Promise<LeaseHolder | null> {
  return store.leaseHolder ? store.leaseHolder(name) : Promise.resolve(null);
}

function stateOf(value: unknown): MigrationState | null {
  const state = value as MigrationState | null;
  return state && typeof state === "object" && "weights" in state ? state : null;
}
