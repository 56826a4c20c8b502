// The JSON Schema of the Migration spec, generated from the zod schema, for editors (yaml-language-server:
// `# yaml-language-server: $schema=…/schema/migration.schema.json`). Input form: fields with defaults are optional.
import { z } from "zod";
import { MigrationSchema } from "./spec.js";

export const MIGRATION_SCHEMA_ID = "urn:cutover:schema:migration:v1alpha1";
export const MIGRATION_SCHEMA_PATH = "schema/migration.schema.json";

/** The JSON Schema (draft 2020-12) of a Migration spec as written, with $id and title first. */
export function migrationJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(MigrationSchema, {
    target: "draft-2020-12",
    io: "input",
  });
  return { $schema, $id: MIGRATION_SCHEMA_ID, title, description, ...rest };
}

/** The text of schema/migration.schema.json. */
export function migrationJsonSchemaText(): string {
  return `${JSON.stringify(migrationJsonSchema(), null, 2)}\n`;
}
