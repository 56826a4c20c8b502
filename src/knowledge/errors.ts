// Turning schema issues into errors a person can act on: file, line, entry, field, expected and actual value.
import path from "node:path";
import type { Document, LineCounter } from "yaml";
import { isNode } from "yaml";
import type { z } from "zod";
import { KnowledgeError } from "./knowledge-error.js";

export { KnowledgeError };

/** A parsed YAML file: its display name, the parsed value, and what is needed to map paths to lines. */
export interface ParsedFile {
  file: string;
  document: Document;
  lines: LineCounter;
  value: unknown;
}

/** The path shown in messages: relative to the working directory when below it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

/** 1-based line of the node at `keys`, or of its nearest existing parent (for a missing field). */
export function lineOf(parsed: ParsedFile, keys: readonly PropertyKey[]): number | null {
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = parsed.document.getIn(keys.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return parsed.lines.linePos(node.range[0]).line;
  }
  return null;
}

function valueAt(root: unknown, keys: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** "entry 12 (policy/v1beta1 PodSecurityPolicy)" for list items; the label names the entry when it can. */
export function entryLabel(entry: unknown, index: number): string {
  const fields = (entry ?? {}) as Record<string, unknown>;
  const name =
    typeof fields.apiVersion === "string" && typeof fields.kind === "string"
      ? `${fields.apiVersion} ${fields.kind}`
      : [fields.id, fields.addon, fields.component, fields.version].find(
          (field) => typeof field === "string",
        );
  return name ? `entry ${index + 1} (${name})` : `entry ${index + 1}`;
}

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`;
  }
  const got = actual === undefined ? "nothing (the field is missing)" : JSON.stringify(actual);
  return `${issue.message}, got ${got}`;
}

/** One line per issue: `file:line: entry N (apiVersion kind): field: expected …, got …`. */
function formatIssue(parsed: ParsedFile, issue: z.core.$ZodIssue): string {
  const [listKey, index, ...fieldPath] = issue.path;
  const inEntry = typeof listKey === "string" && typeof index === "number";
  const where = inEntry ? entryLabel(valueAt(parsed.value, [listKey, index]), index) : "";
  const fieldKeys = inEntry ? fieldPath : issue.path;
  const field = fieldKeys.map(String).join(".");
  // An unknown field is best found at the field itself, not at the object that holds it.
  const linePath =
    issue.code === "unrecognized_keys" ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
  const line = lineOf(parsed, linePath);
  const location = `${parsed.file}${line === null ? "" : `:${line}`}`;
  const parts = [location, where, field, describeIssue(issue, valueAt(parsed.value, issue.path))];
  return parts.filter((part) => part !== "").join(": ");
}

const MAX_ISSUES_SHOWN = 20;

/** A KnowledgeError listing the schema issues of one file, first issue first. */
export function schemaError(parsed: ParsedFile, error: z.ZodError): KnowledgeError {
  const lines = error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => formatIssue(parsed, issue));
  const more = error.issues.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more problem${more > 1 ? "s" : ""} in ${parsed.file}`);
  const firstPath = error.issues[0]?.path ?? [];
  return new KnowledgeError(lines.join("\n"), parsed.file, lineOf(parsed, firstPath));
}
