// An in-memory StateStore for driver tests: the port's semantics (gapless seq per migration, event and
// state written together, a lease that expires by the injected clock), JSON round trips like a real store,
// and a hook to crash before or after a record, as a kill -9 would.
import { checkTtl, migrationNotFound, toStoredJson } from "../../src/adapters/store-json.js";
import type { Clock } from "../../src/ports/clock.js";
import {
  type LeaseHolder,
  type LeaseResult,
  type MigrationEvent,
  type StateStore,
  type StoredMigration,
  StoreError,
} from "../../src/ports/store.js";

export class SimulatedCrash extends Error {
  override readonly name = "SimulatedCrash";
}

export interface RecordCall {
  /** 1-based count of record() calls on this store. */
  count: number;
  type: string;
  when: "before" | "after";
}

export class MemoryStore implements StateStore {
  private readonly migrations = new Map<string, StoredMigration>();
  private readonly logs = new Map<string, MigrationEvent[]>();
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();
  private recordCount = 0;
  /** Return true to throw SimulatedCrash at that point of a record() call. */
  crashOn: ((call: RecordCall) => boolean) | null = null;
  /** While dead (a killed driver), every call fails: nothing is released, as after kill -9. */
  private dead = false;

  kill(): void {
    this.dead = true;
  }

  revive(): void {
    this.dead = false;
  }

  private alive(): void {
    if (this.dead) throw new SimulatedCrash("the driver process is gone");
  }

  constructor(private readonly clock: Clock) {}

  async create(name: string, spec: unknown, state: unknown, phase: string): Promise<void> {
    this.alive();
    if (this.migrations.has(name)) throw new StoreError(`migration "${name}" already exists`);
    const stored = {
      spec: fromJson(toStoredJson(spec, name, "spec")),
      state: fromJson(toStoredJson(state, name, "state")),
    };
    const now = new Date(this.clock.now()).toISOString();
    this.migrations.set(name, {
      name,
      ...stored,
      phase,
      createdAt: now,
      updatedAt: now,
    });
    this.logs.set(name, []);
  }

  async get(name: string): Promise<StoredMigration | null> {
    this.alive();
    const found = this.migrations.get(name);
    return found ? copy(found) : null;
  }

  async list(): Promise<StoredMigration[]> {
    this.alive();
    return [...this.migrations.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(copy);
  }

  async record(
    name: string,
    event: { type: string; data: Record<string, unknown> },
    state: unknown,
    phase: string,
  ): Promise<MigrationEvent> {
    this.alive();
    const migration = this.migrations.get(name);
    const log = this.logs.get(name);
    if (!migration || !log) throw migrationNotFound(name, "memory");
    const stateJson = toStoredJson(state, name, "state");
    if (!phase || !event.type) {
      throw new StoreError(
        `cannot record event "${event.type}" of migration "${name}" in memory: empty phase or event type`,
      );
    }
    const count = ++this.recordCount;
    if (this.crashOn?.({ count, type: event.type, when: "before" }))
      this.crash(`crash before record ${count}`);
    const at = new Date(this.clock.now()).toISOString();
    const stored: MigrationEvent = {
      seq: log.length + 1,
      migration: name,
      at,
      type: event.type,
      data: copy(event.data),
    };
    log.push(stored);
    Object.assign(migration, { state: fromJson(stateJson), phase, updatedAt: at });
    if (this.crashOn?.({ count, type: event.type, when: "after" })) this.crash(`crash after record ${count}`);
    return copy(stored);
  }

  async events(name: string, afterSeq = 0): Promise<MigrationEvent[]> {
    this.alive();
    return (this.logs.get(name) ?? []).filter((event) => event.seq > afterSeq).map(copy);
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<LeaseResult> {
    this.alive();
    checkTtl(ttlMs, name);
    const lease = this.leases.get(name);
    const now = this.clock.now();
    if (lease && lease.holder !== holder && lease.expiresAt > now) {
      return {
        acquired: false,
        heldBy: { holder: lease.holder, expiresAt: new Date(lease.expiresAt).toISOString() },
      };
    }
    this.leases.set(name, { holder, expiresAt: now + ttlMs });
    return { acquired: true };
  }

  async renewLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    this.alive();
    checkTtl(ttlMs, name);
    const lease = this.leases.get(name);
    if (!lease || lease.holder !== holder) return false;
    lease.expiresAt = this.clock.now() + ttlMs;
    return true;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.alive();
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    const lease = this.leases.get(name);
    if (!lease || lease.expiresAt <= this.clock.now()) return null;
    return { holder: lease.holder, expiresAt: new Date(lease.expiresAt).toISOString() };
  }

  async close(): Promise<void> {}

  /** Dies like a killed process: this call and every later one fail until revive(). */
  crash(message: string): never {
    this.dead = true;
    throw new SimulatedCrash(message);
  }

  /** Test helper: the event types of a migration's log, in order. */
  async types(name: string): Promise<string[]> {
    return (await this.events(name)).map((event) => event.type);
  }
}

function fromJson(json: string): unknown {
  return JSON.parse(json);
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
