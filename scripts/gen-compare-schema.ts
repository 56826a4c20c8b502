// Writes schema/compare-result.schema.json from the zod contract in src/report/compare/contract.ts.
// Run after changing the contract: npx tsx scripts/gen-compare-schema.ts (a test fails while the file is stale).

import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPARE_RESULT_SCHEMA_PATH, compareResultJsonSchemaText } from "../src/report/compare/contract.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(repoRoot, COMPARE_RESULT_SCHEMA_PATH);
writeFileSync(target, compareResultJsonSchemaText());
console.log(`wrote ${COMPARE_RESULT_SCHEMA_PATH}`);
