// `cutover migrate validate SPEC`: reads and checks a Migration spec (schema, cross-field rules, metric
// templates) without touching any provider or store. Errors name the file, the line and the field path.
import { readFileSync } from "node:fs";
import { builtInTemplates, knowledgeBase, resolveSpecPaths } from "../../app/migrate/wiring.js";
import { UsageError } from "../../core/errors.js";
import { MigrationSchema, type MigrationSpec } from "../../core/migrate/spec.js";
import { parseMigrationSpec, type SpecError } from "../../core/migrate/spec-parse.js";
import { renderJson, toValidationContract } from "../../report/migrate/json.js";
import { renderValidation } from "../../report/migrate/table.js";
import type { Terminal } from "../io.js";

export type LoadedSpec = { spec: MigrationSpec } | { errors: SpecError[] };

/** Reads and parses `file`; an unreadable file is a UsageError, a bad spec a list of errors. */
export function loadSpecFile(file: string): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(error);
    throw new UsageError(`cannot read the Migration spec ${file}: ${reason}; give the path of a YAML file`);
  }
  const parsed = parseMigrationSpec(text, file, {
    templates: builtInTemplates(),
    kubernetesVersions: () => knowledgeBase().versions,
  });
  // Paths in the spec are relative to the spec file, not to where cutover runs.
  return "spec" in parsed ? { spec: resolveSpecPaths(parsed.spec, file) } : parsed;
}

/** A spec read back from the store (it was valid when stored); throws when this cutover no longer accepts it. */
export function storedSpec(name: string, value: unknown): MigrationSpec {
  const parsed = MigrationSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new UsageError(
    `the spec stored for ${name} does not validate with this version of cutover (${problems.join("; ")}); ` +
      "finish it with the cutover that started it",
  );
}

export function validateSpec(file: string, format: "table" | "json", terminal: Terminal): number {
  const loaded = loadSpecFile(file);
  const result = "spec" in loaded ? { name: loaded.spec.metadata.name } : loaded;
  const contract = toValidationContract(file, result);
  terminal.out(format === "json" ? renderJson(contract) : renderValidation(contract));
  return contract.valid ? 0 : 2;
}

/** The same lines as `validate`, for start: a bad spec stops before anything is opened. */
export function specErrorsText(file: string, errors: SpecError[]): string {
  return renderValidation(toValidationContract(file, { errors }));
}
