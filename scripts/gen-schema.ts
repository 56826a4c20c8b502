// Writes schema/scan-result.schema.json from the zod contract in src/report/scan-contract.ts.
// Run after changing the contract: npx tsx scripts/gen-schema.ts (a test fails while the file is stale).

import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SCAN_RESULT_SCHEMA_PATH, scanResultJsonSchemaText } from "../src/report/scan/contract.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(repoRoot, SCAN_RESULT_SCHEMA_PATH);
writeFileSync(target, scanResultJsonSchemaText());
console.log(`wrote ${SCAN_RESULT_SCHEMA_PATH}`);
