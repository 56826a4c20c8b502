// Picks the state store from a `--store` location: nothing → SQLite at .cutover/state.db; postgres:// or
// postgresql:// → PostgreSQL; sqlite:PATH or a plain path → SQLite at that path.
import type { StateStore } from "../ports/store.js";
import { StoreError } from "../ports/store.js";
import { openPostgresStore, redactUrl } from "./postgres-store.js";
import { DEFAULT_SQLITE_PATH, openSqliteStore } from "./sqlite-store.js";

export type StoreLocation = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/** Reads a `--store` value; throws StoreError for an unknown scheme or an empty sqlite: path. */
export function parseStoreLocation(location?: string): StoreLocation {
  if (location === undefined || location.trim() === "") return { kind: "sqlite", path: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(location)) return { kind: "postgres", url: location };
  if (/^sqlite:/i.test(location)) {
    const path = location.slice("sqlite:".length);
    if (path === "") {
      throw new StoreError(
        `store "sqlite:" names no file; write sqlite:PATH, e.g. sqlite:${DEFAULT_SQLITE_PATH}`,
      );
    }
    return { kind: "sqlite", path };
  }
  // A URL with another scheme (mysql://, redis://…); a Windows drive letter (C:\) has no "//".
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1];
  if (scheme) {
    throw new StoreError(
      `unknown store scheme "${scheme}:" in ${redactUrl(location)}; use a file path, sqlite:PATH, ` +
        "or postgres://user@host/db (postgresql:// also works)",
    );
  }
  return { kind: "sqlite", path: location };
}

/** Opens the state store at `location` (see parseStoreLocation). */
export async function openStore(location?: string): Promise<StateStore> {
  const parsed = parseStoreLocation(location);
  return parsed.kind === "postgres" ? openPostgresStore(parsed.url) : openSqliteStore(parsed.path);
}
