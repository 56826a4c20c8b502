// Reading one YAML data file (built-in or the user's) with line positions, so that every later
// validation error can name the file, the line and the entry.
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { displayPath, KnowledgeError, type ParsedFile, schemaError } from "./errors.js";

/** Reads and parses `file`; `what` names the data in errors ("metric templates", "system-object rules"). */
export function readDataFile(file: string, what: string): ParsedFile {
  const shown = displayPath(file);
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw new KnowledgeError(`${shown}: cannot read ${what} (${reason}); check the path`, shown);
  }
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const [firstError] = document.errors;
  if (firstError) {
    const line = lines.linePos(firstError.pos[0]).line;
    const reason = firstError.message.split("\n")[0];
    throw new KnowledgeError(`${shown}:${line}: not valid YAML: ${reason}`, shown, line);
  }
  return { file: shown, document, lines, value: document.toJS() };
}

/** The parsed value checked against `schema`; a mismatch is a KnowledgeError naming the line and entry. */
export function validateDataFile<Schema extends z.ZodType>(
  parsed: ParsedFile,
  schema: Schema,
): z.output<Schema> {
  const result = schema.safeParse(parsed.value);
  if (!result.success) throw schemaError(parsed, result.error);
  return result.data;
}
