// Writes schema/migration.schema.json from the zod schema in src/core/migrate/spec.ts.
// Run after changing the spec: npx tsx scripts/gen-migration-schema.ts (a test fails while the file is stale).

import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MIGRATION_SCHEMA_PATH, migrationJsonSchemaText } from "../src/core/migrate/spec-schema.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(repoRoot, MIGRATION_SCHEMA_PATH);
writeFileSync(target, migrationJsonSchemaText());
console.log(`wrote ${MIGRATION_SCHEMA_PATH}`);
