// State store port: an append-only event log per migration, its current state, and a lease so that only
// one driver acts on a migration at a time. Implemented by adapters/sqlite-store and adapters/postgres-store.
import { CutoverError } from "../core/errors.js";

export interface MigrationEvent {
  /** 1-based, gapless per migration. */
  seq: number;
  migration: string;
  /** ISO-8601 time the event was recorded. */
  at: string;
  /** e.g. "started", "weights-set", "measurement", "step-passed", "rollback", "completed". */
  type: string;
  data: Record<string, unknown>;
}

export interface StoredMigration {
  name: string;
  /** The validated spec the migration was started with (JSON). */
  spec: unknown;
  /** The engine's current state (JSON), written in the same transaction as the event that produced it. */
  state: unknown;
  /** Phase copied out of state for listings. */
  phase: string;
  createdAt: string;
  updatedAt: string;
}

export interface LeaseHolder {
  holder: string;
  /** ISO time the lease expires unless renewed. */
  expiresAt: string;
}

export type LeaseResult = { acquired: true } | { acquired: false; heldBy: LeaseHolder };

export interface StateStore {
  /** Creates the migration; throws StoreError if the name exists. */
  create(name: string, spec: unknown, state: unknown, phase: string): Promise<void>;
  get(name: string): Promise<StoredMigration | null>;
  list(): Promise<StoredMigration[]>;
  /** Appends an event and replaces the state atomically; returns the event with its seq. */
  record(
    name: string,
    event: { type: string; data: Record<string, unknown> },
    state: unknown,
    phase: string,
  ): Promise<MigrationEvent>;
  events(name: string, afterSeq?: number): Promise<MigrationEvent[]>;
  /** Takes the lease if free or expired (or already ours); otherwise reports who holds it. */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<LeaseResult>;
  /** Extends our lease; false when we lost it (another holder took it after expiry). */
  renewLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** Who holds the lease now (unexpired), for listings; null when free. Read-only: never takes it. */
  leaseHolder?(name: string): Promise<LeaseHolder | null>;
  close(): Promise<void>;
}

export class StoreError extends CutoverError {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}
