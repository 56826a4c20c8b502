// Writes schema/audit-result.schema.json from the zod contract in src/report/audit-contract.ts.
// Run after changing the contract: npx tsx scripts/gen-audit-schema.ts (a test fails while the file is stale).

import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AUDIT_RESULT_SCHEMA_PATH, auditResultJsonSchemaText } from "../src/report/audit/contract.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(repoRoot, AUDIT_RESULT_SCHEMA_PATH);
writeFileSync(target, auditResultJsonSchemaText());
console.log(`wrote ${AUDIT_RESULT_SCHEMA_PATH}`);
