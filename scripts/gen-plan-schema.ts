// Writes schema/plan-result.schema.json from the zod contract in src/report/plan-contract.ts.
// Run after changing the contract: npx tsx scripts/gen-plan-schema.ts (a test fails while the file is stale).

import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PLAN_RESULT_SCHEMA_PATH, planResultJsonSchemaText } from "../src/report/plan/contract.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(repoRoot, PLAN_RESULT_SCHEMA_PATH);
writeFileSync(target, planResultJsonSchemaText());
console.log(`wrote ${PLAN_RESULT_SCHEMA_PATH}`);
