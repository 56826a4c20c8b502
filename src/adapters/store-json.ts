// Helpers shared by the SQLite and PostgreSQL state stores: JSON serialisation with errors that name the
// migration, and argument checks that both stores apply before touching the database.
import { messageOf } from "../core/errors.js";
import { StoreError } from "../ports/store.js";

/** Serialises `value` for a JSON column; throws StoreError naming the migration and the field when it can't. */
export function toStoredJson(value: unknown, migration: string, field: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new StoreError(
      `cannot store the ${field} of migration "${migration}" as JSON: ${messageOf(error)}; ` +
        "pass plain data (objects, arrays, strings, numbers, booleans, null)",
    );
  }
  if (json === undefined) {
    throw new StoreError(
      `cannot store the ${field} of migration "${migration}": it is undefined; pass plain JSON data`,
    );
  }
  return json;
}

/** The error for an event recorded on a migration the store at `location` does not hold. */
export function migrationNotFound(migration: string, location: string): StoreError {
  return new StoreError(`migration "${migration}" not found in ${location}; create it first (migrate start)`);
}

/** A lease's time to live must be a positive whole number of milliseconds. */
export function checkTtl(ttlMs: number, migration: string): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new StoreError(
      `lease on migration "${migration}": ttlMs must be a positive integer of milliseconds, got ${ttlMs}`,
    );
  }
}
