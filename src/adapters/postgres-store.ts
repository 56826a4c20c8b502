// StateStore on PostgreSQL (pg Pool) for teams and CI fleets, in its own schema `cutover` so that its
// tables never meet an application's. An event's seq is max + 1 computed under a row lock on its migration
// (SELECT … FOR UPDATE), so concurrent appends from many processes stay gapless; the event and the new state
// commit in one transaction. The lease is a session-level advisory lock plus a holder row (postgres-lease.ts).
// Needs a direct connection or session pooling: a transaction-pooling PgBouncer would break the advisory lock.
import pg from "pg";
import { messageOf } from "../core/errors.js";
import type {
  LeaseHolder,
  LeaseResult,
  MigrationEvent,
  StateStore,
  StoredMigration,
} from "../ports/store.js";
import { StoreError } from "../ports/store.js";
import { ADVISORY_NAMESPACE, AdvisoryLeases } from "./postgres-lease.js";
import { checkTtl, migrationNotFound, toStoredJson } from "./store-json.js";

/** Schema versions in order; version N is SCHEMA[N - 1]. Never edit a released entry: append a new one. */
const SCHEMA: readonly string[] = [
  `CREATE TABLE cutover.migrations (
     name text PRIMARY KEY,
     spec jsonb NOT NULL,
     state jsonb NOT NULL,
     phase text NOT NULL CHECK (phase <> ''),
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL
   );
   CREATE TABLE cutover.events (
     migration text NOT NULL REFERENCES cutover.migrations (name),
     seq integer NOT NULL CHECK (seq >= 1),
     at timestamptz NOT NULL,
     type text NOT NULL CHECK (type <> ''),
     data jsonb NOT NULL,
     PRIMARY KEY (migration, seq)
   );
   CREATE TABLE cutover.leases (
     migration text PRIMARY KEY,
     holder text NOT NULL,
     expires_at timestamptz NOT NULL
   );`,
];

const MIGRATION_COLUMNS = "name, spec, state, phase, created_at, updated_at";

interface MigrationRow {
  name: string;
  spec: unknown;
  state: unknown;
  phase: string;
  created_at: Date;
  updated_at: Date;
}

/** The URL with its password (user-info or `password=` parameter) replaced by ***, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^/@:]*:)[^/@]*@/, "$1***@").replace(/([?&]password=)[^&]*/i, "$1***");
}

/** Connects, creates or upgrades the `cutover` schema, and returns the store. */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const config: pg.ClientConfig = { connectionString: url, application_name: "cutover", keepAlive: true };
  const pool = new pg.Pool({ ...config, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client lost its connection (server restart): the pool replaces it; nothing to do.
  pool.on("error", () => undefined);
  const store = new PostgresStore(pool, url, new AdvisoryLeases(config));
  try {
    await store.migrateSchema();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

export class PostgresStore implements StateStore {
  /** The URL without its password, for messages. */
  readonly location: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly leases: AdvisoryLeases,
  ) {
    this.location = redactUrl(url);
  }

  async create(name: string, spec: unknown, state: unknown, phase: string): Promise<void> {
    const specJson = toStoredJson(spec, name, "spec");
    const stateJson = toStoredJson(state, name, "state");
    const { rowCount } = await this.query(
      `create migration "${name}"`,
      `INSERT INTO cutover.migrations (${MIGRATION_COLUMNS}) VALUES ($1, $2::jsonb, $3::jsonb, $4, now(), now())
       ON CONFLICT (name) DO NOTHING`,
      [name, specJson, stateJson, phase],
    );
    if (rowCount !== 1) {
      throw new StoreError(
        `migration "${name}" already exists in ${this.location}; resume it, or start under another name`,
      );
    }
  }

  async get(name: string): Promise<StoredMigration | null> {
    const { rows } = await this.query<MigrationRow>(
      `read migration "${name}"`,
      `SELECT ${MIGRATION_COLUMNS} FROM cutover.migrations WHERE name = $1`,
      [name],
    );
    return rows[0] ? toMigration(rows[0]) : null;
  }

  async list(): Promise<StoredMigration[]> {
    const { rows } = await this.query<MigrationRow>(
      "list migrations",
      `SELECT ${MIGRATION_COLUMNS} FROM cutover.migrations ORDER BY name COLLATE "C"`,
      [],
    );
    return rows.map(toMigration);
  }

  async record(
    name: string,
    event: { type: string; data: Record<string, unknown> },
    state: unknown,
    phase: string,
  ): Promise<MigrationEvent> {
    return this.transaction(`record event "${event.type}" of migration "${name}"`, async (client) => {
      // The row lock serialises appends to one migration across every connection: max + 1 stays gapless.
      const locked = await client.query("SELECT 1 FROM cutover.migrations WHERE name = $1 FOR UPDATE", [
        name,
      ]);
      if (locked.rowCount !== 1) {
        throw migrationNotFound(name, this.location);
      }
      const dataJson = toStoredJson(event.data, name, `data of event "${event.type}"`);
      const { rows } = await client.query<{ seq: number; at: Date }>(
        `INSERT INTO cutover.events (migration, seq, at, type, data)
         SELECT $1, coalesce(max(seq), 0) + 1, clock_timestamp(), $2, $3::jsonb
         FROM cutover.events WHERE migration = $1
         RETURNING seq, at`,
        [name, event.type, dataJson],
      );
      const { seq, at } = rows[0] as { seq: number; at: Date };
      // The state is serialised after the insert on purpose: if it fails, the rollback takes the event back.
      await client.query(
        "UPDATE cutover.migrations SET state = $2::jsonb, phase = $3, updated_at = $4 WHERE name = $1",
        [name, toStoredJson(state, name, "state"), phase, at],
      );
      return { seq, migration: name, at: at.toISOString(), type: event.type, data: event.data };
    });
  }

  async events(name: string, afterSeq = 0): Promise<MigrationEvent[]> {
    const { rows } = await this.query<{ seq: number; at: Date; type: string; data: Record<string, unknown> }>(
      `read events of migration "${name}"`,
      "SELECT seq, at, type, data FROM cutover.events WHERE migration = $1 AND seq > $2 ORDER BY seq",
      [name, afterSeq],
    );
    return rows.map((row) => ({
      seq: row.seq,
      migration: name,
      at: row.at.toISOString(),
      type: row.type,
      data: row.data,
    }));
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<LeaseResult> {
    checkTtl(ttlMs, name);
    return this.guard(`acquire the lease on migration "${name}"`, () =>
      this.leases.acquire(name, holder, ttlMs),
    );
  }

  async renewLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    checkTtl(ttlMs, name);
    return this.leases.renew(name, holder, ttlMs);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.guard(`release the lease on migration "${name}"`, () => this.leases.release(name, holder));
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    const { rows } = await this.query<{ holder: string; expires_at: Date }>(
      `read the lease on migration "${name}"`,
      "SELECT holder, expires_at FROM cutover.leases WHERE migration = $1 AND expires_at > clock_timestamp()",
      [name],
    );
    const row = rows[0];
    return row ? { holder: row.holder, expiresAt: row.expires_at.toISOString() } : null;
  }

  async close(): Promise<void> {
    await this.leases.close();
    if (!this.pool.ended) await this.pool.end();
  }

  /** Creates the schema or brings it up to date; concurrent openers wait on one advisory transaction lock. */
  async migrateSchema(): Promise<void> {
    await this.transaction("create or upgrade the cutover schema", async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1, 0)", [ADVISORY_NAMESPACE + 1]);
      await client.query("CREATE SCHEMA IF NOT EXISTS cutover");
      await client.query("CREATE TABLE IF NOT EXISTS cutover.schema_version (version integer NOT NULL)");
      const { rows } = await client.query<{ version: number }>(
        "SELECT coalesce(max(version), 0) AS version FROM cutover.schema_version",
      );
      const version = rows[0]?.version ?? 0;
      if (version > SCHEMA.length) {
        throw new StoreError(
          `${this.location} has cutover schema version ${version}, newer than this cutover knows (${SCHEMA.length}); upgrade cutover`,
        );
      }
      for (let next = version + 1; next <= SCHEMA.length; next++) {
        await client.query(SCHEMA[next - 1] as string);
        await client.query("INSERT INTO cutover.schema_version (version) VALUES ($1)", [next]);
      }
    });
  }

  private query<R extends pg.QueryResultRow>(
    what: string,
    sql: string,
    params: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.guard(what, () => this.pool.query<R>(sql, params));
  }

  private async transaction<T>(what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.guard(what, async () => {
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(client);
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        // A client whose rollback fails is broken: destroy it instead of returning it to the pool.
        const rollback = await client.query("ROLLBACK").then(
          () => undefined,
          (rollbackError: Error) => rollbackError,
        );
        client.release(rollback);
        throw error;
      }
    });
  }

  /** Turns driver errors into StoreErrors that name the store (password redacted), the operation and a way out. */
  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(
        `cannot ${what} in ${this.location}: ${this.redact(messageOf(error))}; ${hint(error)}`,
      );
    }
  }

  private redact(message: string): string {
    const password = safePassword(this.url);
    return password ? message.split(password).join("***") : message;
  }
}

function hint(error: unknown): string {
  const code = (error as { code?: string }).code ?? "";
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT") {
    return "check that the PostgreSQL server is running and reachable at that address";
  }
  if (code === "28P01" || code === "28000") return "check the user and password in the store URL";
  if (code === "3D000") return "create the database first (createdb), or point --store at an existing one";
  if (code === "42501")
    return "grant the user CREATE on the database (for the cutover schema) or use another user";
  if (code === "23505") return "another writer changed the same row at the same moment; retry";
  if (code.startsWith("23")) return "a value broke a rule of the schema (empty phase or event type?)";
  if (code === "22P05")
    return "the JSON holds a \\u0000 character, which PostgreSQL jsonb cannot store; remove it";
  return "check the server log for details";
}

function safePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return "";
  }
}

function toMigration(row: MigrationRow): StoredMigration {
  return {
    name: row.name,
    spec: row.spec,
    state: row.state,
    phase: row.phase,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
