// The state store of `cutover migrate`: where it is (--store, then CUTOVER_STORE, then .cutover/state.db),
// opened without creating a file for commands that only read, and write-proof for --dry-run.
import { existsSync } from "node:fs";
import { openStore, parseStoreLocation } from "../../adapters/open-store.js";
import { storeFileModeWarning } from "../../adapters/sqlite-store.js";
import { type StateStore, StoreError } from "../../ports/store.js";

export const STORE_ENV = "CUTOVER_STORE";

export interface StoreFlags {
  store?: string;
}

/** --store wins over $CUTOVER_STORE; neither → the default SQLite file. */
export function storeLocation(flags: StoreFlags): string | undefined {
  return flags.store ?? (process.env[STORE_ENV] || undefined);
}

/**
 * Opens the store. With `create: false` a SQLite file that does not exist is not created: the store reads
 * as empty (status, history and commands then say no migration was started there). `warn` hears about an
 * existing SQLite file that others may read.
 */
export async function openMigrationStore(
  flags: StoreFlags,
  options: { create: boolean; warn?: (message: string) => void },
): Promise<StateStore> {
  const location = storeLocation(flags);
  const parsed = parseStoreLocation(location);
  const loose = parsed.kind === "sqlite" ? storeFileModeWarning(parsed.path) : null;
  if (loose) options.warn?.(loose);
  if (!options.create && parsed.kind === "sqlite" && parsed.path !== ":memory:" && !existsSync(parsed.path)) {
    return emptyStore(parsed.path);
  }
  return openStore(location);
}

/** A store with nothing in it that refuses every write. */
export function emptyStore(where: string): StateStore {
  return readOnly(
    {
      create: async () => undefined,
      get: async () => null,
      list: async () => [],
      record: async () => {
        throw new StoreError(`${where} does not exist`);
      },
      events: async () => [],
      acquireLease: async () => ({ acquired: true }),
      renewLease: async () => true,
      releaseLease: async () => undefined,
      close: async () => undefined,
    },
    `${where} does not exist yet`,
  );
}

/** Wraps `store` so that every write throws: a --dry-run that tried to record would fail loudly, not write. */
export function readOnly(store: StateStore, why = "dry run"): StateStore {
  const refuse = (what: string) => async (): Promise<never> => {
    throw new StoreError(`${why}: refusing to ${what}`);
  };
  return {
    get: (name) => store.get(name),
    list: () => store.list(),
    events: (name, afterSeq) => store.events(name, afterSeq),
    close: () => store.close(),
    create: refuse("create a migration"),
    record: refuse("record an event"),
    acquireLease: refuse("take a lease"),
    renewLease: refuse("renew a lease"),
    releaseLease: async () => undefined,
  };
}
