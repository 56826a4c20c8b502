// StateStore on a local SQLite file (better-sqlite3, WAL). Several processes may open the same file: every
// write runs in a BEGIN IMMEDIATE transaction (one writer at a time, others wait up to the busy timeout),
// so an event's seq is computed and inserted under the write lock and stays gapless. The lease is a row
// with a holder and an expiry that the driver renews (heartbeat); a dead driver's lease is taken over once
// it has expired.
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { messageOf } from "../core/errors.js";
import type {
  LeaseHolder,
  LeaseResult,
  MigrationEvent,
  StateStore,
  StoredMigration,
} from "../ports/store.js";
import { StoreError } from "../ports/store.js";
import { checkTtl, migrationNotFound, toStoredJson } from "./store-json.js";

export const DEFAULT_SQLITE_PATH = ".cutover/state.db";

/** How long a writer waits for another process's write transaction before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/** Schema versions in order; version N is SCHEMA[N - 1]. Never edit a released entry: append a new one. */
const SCHEMA: readonly string[] = [
  `CREATE TABLE migrations (
     name TEXT PRIMARY KEY,
     spec TEXT NOT NULL CHECK (json_valid(spec)),
     state TEXT NOT NULL CHECK (json_valid(state)),
     phase TEXT NOT NULL CHECK (phase <> ''),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE events (
     migration TEXT NOT NULL REFERENCES migrations (name),
     seq INTEGER NOT NULL CHECK (seq >= 1),
     at TEXT NOT NULL,
     type TEXT NOT NULL CHECK (type <> ''),
     data TEXT NOT NULL CHECK (json_valid(data)),
     PRIMARY KEY (migration, seq)
   ) STRICT;
   CREATE TABLE leases (
     migration TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;`,
];

interface MigrationRow {
  name: string;
  spec: string;
  state: string;
  phase: string;
  created_at: string;
  updated_at: string;
}
interface EventRow {
  migration: string;
  seq: number;
  at: string;
  type: string;
  data: string;
}
interface LeaseRow {
  holder: string;
  expires_at: number;
}

/**
 * A warning when the store file at `path` exists and others than its owner may read or write it: it holds
 * hook output and migration specs. Null when it is private, missing, or in memory.
 */
export function storeFileModeWarning(path: string): string | null {
  if (path === ":memory:") return null;
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return null;
  }
  if ((mode & 0o077) === 0) return null;
  const octal = mode.toString(8).padStart(4, "0");
  return `${path} can be read by others (mode ${octal}), and it holds hook output and migration specs; make it private: chmod 600 ${path}`;
}

/** Opens (creating when missing, mode 0600 in a created parent directory) the SQLite state store at `path`. */
export function openSqliteStore(path: string = DEFAULT_SQLITE_PATH): SqliteStore {
  return new SqliteStore(path);
}

export class SqliteStore implements StateStore {
  readonly path: string;
  private readonly db: Database.Database;

  constructor(path: string) {
    this.path = path;
    this.db = guard(path, "open the state store", () => openDatabase(path));
  }

  async create(name: string, spec: unknown, state: unknown, phase: string): Promise<void> {
    const specJson = toStoredJson(spec, name, "spec");
    const stateJson = toStoredJson(state, name, "state");
    this.write(`create migration "${name}"`, () => {
      if (this.db.prepare("SELECT 1 FROM migrations WHERE name = ?").get(name)) {
        throw new StoreError(
          `migration "${name}" already exists in ${this.path}; resume it, or start under another name`,
        );
      }
      const now = new Date().toISOString();
      this.db
        .prepare(
          "INSERT INTO migrations (name, spec, state, phase, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(name, specJson, stateJson, phase, now, now);
    });
  }

  async get(name: string): Promise<StoredMigration | null> {
    return this.read(`read migration "${name}"`, () => {
      const row = this.db.prepare("SELECT * FROM migrations WHERE name = ?").get(name) as
        | MigrationRow
        | undefined;
      return row ? toMigration(row) : null;
    });
  }

  async list(): Promise<StoredMigration[]> {
    return this.read("list migrations", () => {
      const rows = this.db.prepare("SELECT * FROM migrations ORDER BY name").all() as MigrationRow[];
      return rows.map(toMigration);
    });
  }

  async record(
    name: string,
    event: { type: string; data: Record<string, unknown> },
    state: unknown,
    phase: string,
  ): Promise<MigrationEvent> {
    return this.write(`record event "${event.type}" of migration "${name}"`, () => {
      if (!this.db.prepare("SELECT 1 FROM migrations WHERE name = ?").get(name)) {
        throw migrationNotFound(name, this.path);
      }
      const { seq } = this.db
        .prepare("SELECT coalesce(max(seq), 0) + 1 AS seq FROM events WHERE migration = ?")
        .get(name) as { seq: number };
      const at = new Date().toISOString();
      this.db
        .prepare("INSERT INTO events (migration, seq, at, type, data) VALUES (?, ?, ?, ?, ?)")
        .run(name, seq, at, event.type, toStoredJson(event.data, name, `data of event "${event.type}"`));
      // The state is serialised after the insert on purpose: if it fails, the transaction takes the event back.
      this.db
        .prepare("UPDATE migrations SET state = ?, phase = ?, updated_at = ? WHERE name = ?")
        .run(toStoredJson(state, name, "state"), phase, at, name);
      return { seq, migration: name, at, type: event.type, data: event.data };
    });
  }

  async events(name: string, afterSeq = 0): Promise<MigrationEvent[]> {
    return this.read(`read events of migration "${name}"`, () => {
      const rows = this.db
        .prepare("SELECT * FROM events WHERE migration = ? AND seq > ? ORDER BY seq")
        .all(name, afterSeq) as EventRow[];
      return rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
    });
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<LeaseResult> {
    checkTtl(ttlMs, name);
    return this.write(`acquire the lease on migration "${name}"`, (): LeaseResult => {
      const now = Date.now();
      const current = this.db
        .prepare("SELECT holder, expires_at FROM leases WHERE migration = ?")
        .get(name) as LeaseRow | undefined;
      // Free, expired, or already ours → take it; held by someone else and still valid → refuse.
      if (current && current.holder !== holder && current.expires_at > now) {
        return { acquired: false, heldBy: { holder: current.holder, expiresAt: iso(current.expires_at) } };
      }
      this.db
        .prepare(
          `INSERT INTO leases (migration, holder, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (migration) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
        )
        .run(name, holder, now + ttlMs);
      return { acquired: true };
    });
  }

  async renewLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    checkTtl(ttlMs, name);
    return this.write(`renew the lease on migration "${name}"`, () => {
      const result = this.db
        .prepare("UPDATE leases SET expires_at = ? WHERE migration = ? AND holder = ?")
        .run(Date.now() + ttlMs, name, holder);
      return result.changes === 1;
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.write(`release the lease on migration "${name}"`, () => {
      this.db.prepare("DELETE FROM leases WHERE migration = ? AND holder = ?").run(name, holder);
    });
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    return this.read(`read the lease on migration "${name}"`, () => {
      const row = this.db
        .prepare("SELECT holder, expires_at FROM leases WHERE migration = ? AND expires_at > ?")
        .get(name, Date.now()) as LeaseRow | undefined;
      return row ? { holder: row.holder, expiresAt: iso(row.expires_at) } : null;
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in a BEGIN IMMEDIATE transaction: it holds the file's write lock from the first statement. */
  private write<T>(what: string, fn: () => T): T {
    return guard(this.path, what, () => this.db.transaction(fn).immediate());
  }

  private read<T>(what: string, fn: () => T): T {
    return guard(this.path, what, fn);
  }
}

function openDatabase(path: string): Database.Database {
  if (path !== ":memory:") createPrivateFile(path);
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    // FULL: a committed event survives power loss, not only a killed process.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrateSchema(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Creates the parent directory and an empty file readable by its owner only; SQLite's -wal and -shm inherit the mode. */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** Brings the schema up to the latest version; two processes opening a new file at once apply it once. */
function migrateSchema(db: Database.Database, path: string): void {
  db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT");
    const { version } = db
      .prepare("SELECT coalesce(max(version), 0) AS version FROM schema_version")
      .get() as {
      version: number;
    };
    if (version > SCHEMA.length) {
      throw new StoreError(
        `${path} has schema version ${version}, newer than this cutover knows (${SCHEMA.length}); upgrade cutover`,
      );
    }
    for (let next = version + 1; next <= SCHEMA.length; next++) {
      db.exec(SCHEMA[next - 1] as string);
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(next);
    }
  }).immediate();
}

/** Turns driver errors into StoreErrors that name the file, the operation and a way out. */
function guard<T>(path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: string }).code ?? "";
    const hint = code.startsWith("SQLITE_BUSY")
      ? `another process kept ${path} locked for more than ${BUSY_TIMEOUT_MS / 1000} s; retry`
      : code === "SQLITE_NOTADB"
        ? `${path} is not a SQLite database; point --store at a cutover state file or a new path`
        : code.startsWith("SQLITE_CONSTRAINT")
          ? "a value broke a rule of the schema (empty phase or event type?)"
          : `check that ${path} is readable and writable`;
    throw new StoreError(`cannot ${what} in ${path}: ${messageOf(error)}; ${hint}`);
  }
}

function toMigration(row: MigrationRow): StoredMigration {
  return {
    name: row.name,
    spec: JSON.parse(row.spec),
    state: JSON.parse(row.state),
    phase: row.phase,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
