// Writes schema/migration-status.schema.json from the zod contract in src/report/migrate-contract.ts.
// Run after changing the contract: npx tsx scripts/gen-migration-status-schema.ts (a test fails while the file is stale).

import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  MIGRATION_STATUS_SCHEMA_PATH,
  migrationStatusJsonSchemaText,
} from "../src/report/migrate/contract.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(repoRoot, MIGRATION_STATUS_SCHEMA_PATH);
writeFileSync(target, migrationStatusJsonSchemaText());
console.log(`wrote ${MIGRATION_STATUS_SCHEMA_PATH}`);
