import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MIGRATION_SCHEMA_ID, MIGRATION_SCHEMA_PATH, migrationJsonSchema } from "./spec-schema.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("the Migration JSON Schema", () => {
  it("the committed schema file is the one generated from the zod schema", () => {
    const committed = JSON.parse(readFileSync(resolve(repoRoot, MIGRATION_SCHEMA_PATH), "utf8"));
    expect(
      committed,
      `${MIGRATION_SCHEMA_PATH} is stale: run npx tsx scripts/gen-migration-schema.ts`,
    ).toEqual(migrationJsonSchema());
  });

  it("is draft 2020-12 with an id, and fields with defaults are optional for editors", () => {
    const schema = migrationJsonSchema() as {
      $schema: string;
      $id: string;
      properties: { spec: { required: string[] } };
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(MIGRATION_SCHEMA_ID);
    expect(schema.properties.spec.required).toEqual(["blue", "green", "traffic", "steps", "analysis"]);
  });
});
