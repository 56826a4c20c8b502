// `cutover migrate status [NAME]` and `history NAME`: read-only views of the store. The state shown is
// rebuilt from the event log, as a resuming driver would rebuild it.

import { openMigrationStore, type StoreFlags } from "../../app/migrate/open-store.js";
import { loadMigration } from "../../app/migrate/requests.js";
import { MIGRATION_API_VERSION } from "../../core/migrate/spec.js";
import type { StateStore } from "../../ports/store.js";
import type { MigrationStatusListContract } from "../../report/migrate/contract.js";
import { renderJson, toHistoryContract, toStatusContract } from "../../report/migrate/json.js";
import { renderHistoryTable, renderStatusDetail, renderStatusList } from "../../report/migrate/table.js";
import type { Terminal } from "../io.js";

export interface ViewFlags extends StoreFlags {
  output: "table" | "json";
}

export async function showStatus(
  name: string | undefined,
  flags: ViewFlags,
  terminal: Terminal,
): Promise<number> {
  return withStore(flags, terminal, async (store) => {
    if (name !== undefined) {
      const status = toStatusContract(await loadMigration(store, name));
      terminal.out(flags.output === "json" ? renderJson(status) : renderStatusDetail(status));
      return 0;
    }
    const migrations = await store.list();
    const items = [];
    for (const migration of migrations)
      items.push(toStatusContract(await loadMigration(store, migration.name)));
    const list: MigrationStatusListContract = {
      apiVersion: MIGRATION_API_VERSION,
      kind: "MigrationStatusList",
      items,
    };
    terminal.out(flags.output === "json" ? renderJson(list) : renderStatusList(items));
    return 0;
  });
}

export async function showHistory(name: string, flags: ViewFlags, terminal: Terminal): Promise<number> {
  return withStore(flags, terminal, async (store) => {
    const history = toHistoryContract(await loadMigration(store, name));
    terminal.out(flags.output === "json" ? renderJson(history) : renderHistoryTable(history));
    return 0;
  });
}

async function withStore(
  flags: StoreFlags,
  terminal: Terminal,
  body: (store: StateStore) => Promise<number>,
): Promise<number> {
  const store = await openMigrationStore(flags, {
    create: false,
    warn: (message) => terminal.err(`warning: ${message}`),
  });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
