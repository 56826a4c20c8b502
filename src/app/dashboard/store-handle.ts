// The dashboard's way to the state store. It outlives the store being there: a SQLite file that does not
// exist yet reads as empty and is opened once it appears (the demo starts the dashboard before the first
// migration); a PostgreSQL server that is down makes each request fail (the page says so and retries),
// and the next request tries to open it again. Never creates the SQLite file itself.
import { existsSync } from "node:fs";
import { parseStoreLocation } from "../../adapters/open-store.js";
import type { StateStore } from "../../ports/store.js";
import { emptyStore, openMigrationStore, type StoreFlags, storeLocation } from "../migrate/open-store.js";

export interface StoreHandle {
  store(): Promise<StateStore>;
  close(): Promise<void>;
}

/** A handle on an already open store (tests, the demo's in-process use). */
export function fixedStore(store: StateStore): StoreHandle {
  return { store: async () => store, close: () => store.close() };
}

export function reopeningStore(flags: StoreFlags): StoreHandle {
  const location = parseStoreLocation(storeLocation(flags));
  let opened: StateStore | null = null;
  let opening: Promise<StateStore> | null = null;
  return {
    async store() {
      if (opened) return opened;
      if (location.kind === "sqlite" && location.path !== ":memory:" && !existsSync(location.path)) {
        return emptyStore(location.path);
      }
      opening ??= openMigrationStore(flags, { create: false }).finally(() => {
        opening = null;
      });
      opened = await opening;
      return opened;
    },
    async close() {
      await opened?.close();
      opened = null;
    },
  };
}
