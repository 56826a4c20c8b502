// Reading a Migration spec from YAML text: schema errors become { path, message, line } a person can act
// on ("spec.steps[2].green: must be greater than 50 (the previous step)", at the line of that field).
import { type Document, isNode, LineCounter, parseAllDocuments, parseDocument } from "yaml";
import type { z } from "zod";
import { normalizeVersion } from "../version.js";
import type { MetricTemplate } from "./metric-templates.js";
import { MIGRATION_API_VERSION, MigrationSchema, type MigrationSpec } from "./spec.js";
import { expandSpecTemplates } from "./spec-templates.js";

export interface SpecError {
  /** Dotted path into the document, e.g. "spec.steps[2].green" ("" for the document itself). */
  path: string;
  message: string;
  /** 1-based line in the file, when the path (or its nearest parent) is in the document. */
  line?: number;
}

export type ParsedSpec = { spec: MigrationSpec } | { errors: SpecError[] };

export interface ParseOptions {
  /** Built-in metric templates; without them a spec that names a template is an error. */
  templates?: MetricTemplate[];
  /** The Kubernetes versions cutover knows ("1.16" …), asked only when spec.green.version is set. */
  kubernetesVersions?: () => string[];
}

type Key = string | number;

/** Parses and validates a Migration spec. `file` is only used in messages. Never throws. */
export function parseMigrationSpec(text: string, file: string, options: ParseOptions = {}): ParsedSpec {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.some((error) => error.code === "MULTIPLE_DOCS")) {
    const count = parseAllDocuments(text).length;
    return { errors: [{ path: "", message: `${file} holds ${count} YAML documents: ${SPEC_SHAPE}` }] };
  }
  if (document.errors.length > 0) {
    return {
      errors: document.errors.map((error) => ({
        path: "",
        message: `${file} is not valid YAML: ${error.message.split("\n")[0]}`,
        line: lines.linePos(error.pos[0]).line,
      })),
    };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) {
    return {
      errors: [
        { path: "", message: `${file} is empty; expected a Migration (apiVersion ${MIGRATION_API_VERSION})` },
      ],
    };
  }
  const other = otherObject(value, file);
  if (other) return { errors: [{ path: "", message: other, line: 1 }] };
  const locate = (path: Key[]) => lineOf(document, lines, path);
  const result = MigrationSchema.safeParse(value);
  if (!result.success)
    return { errors: result.error.issues.map((issue) => toSpecError(issue, value, locate)) };
  // Templates are checked here and expanded later (expandSpecTemplates): the stored spec keeps the reference.
  const expanded = expandSpecTemplates(result.data, options.templates ?? []);
  if ("problems" in expanded) {
    return {
      errors: expanded.problems.map(({ path, message }) =>
        withLine({ path: formatPath(path), message }, locate(path)),
      ),
    };
  }
  const version = unknownGreenVersion(result.data, options.kubernetesVersions);
  if (version) return { errors: [withLine(version, locate(["spec", "green", "version"]))] };
  return { spec: result.data };
}

/** What a Migration spec looks like, for messages about files that are something else. */
export const SPEC_SHAPE = `a Migration spec is one YAML document: apiVersion: ${MIGRATION_API_VERSION}, kind: Migration, metadata: {name}, spec: {blue, green, traffic, steps, analysis} (see examples/migration/)`;

/** A Kubernetes object (or List) of another API, named as what it is rather than checked field by field. */
function otherObject(value: unknown, file: string): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  if (apiVersion === MIGRATION_API_VERSION || kind === "Migration") return undefined;
  return `${file} is a Kubernetes ${kind} (${apiVersion}), not a Migration spec: ${SPEC_SHAPE}`;
}

/** zod's own wording ("Invalid input: expected object, received undefined") in the spec's words. */
const PLAIN_TYPES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "text",
  number: "a number",
  boolean: "true or false",
};

function plainMessage(issue: z.core.$ZodIssue): string {
  if (!issue.message.startsWith("Invalid input")) return issue.message;
  if (issue.code === "invalid_type") return `expected ${PLAIN_TYPES[issue.expected] ?? issue.expected}`;
  if (issue.code === "invalid_union")
    return "expected one of the documented shapes (see examples/migration/)";
  return issue.message.replace(/^Invalid input:?\s*/, "") || "invalid value";
}

/** spec.green.version must be a version the knowledge base covers, or its manifests cannot be scanned. */
function unknownGreenVersion(spec: MigrationSpec, known?: () => string[]): SpecError | null {
  const version = spec.spec.green.version;
  if (version === undefined || !known) return null;
  const versions = known();
  const normalized = normalizeVersion(version);
  if (normalized && versions.includes(normalized)) return null;
  return {
    path: "spec.green.version",
    message: `"${version}" is not a Kubernetes version cutover knows; known: ${versions.join(", ")}`,
  };
}

/** "spec.steps[2].green" from ["spec", "steps", 2, "green"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

function withLine(error: SpecError, line: number | null): SpecError {
  return line === null ? error : { ...error, line };
}

const SHOW_ACTUAL = new Set(["invalid_type", "invalid_value", "invalid_union", "invalid_format"]);

function toSpecError(
  issue: z.core.$ZodIssue,
  root: unknown,
  locate: (path: Key[]) => number | null,
): SpecError {
  const path = issue.path as Key[];
  const actual = valueAt(root, path);
  let message = plainMessage(issue);
  if (issue.code === "invalid_type" && actual === undefined) message = `is required (${message})`;
  else if (SHOW_ACTUAL.has(issue.code) && actual !== undefined) message = `${message}, got ${shown(actual)}`;
  // An unknown field is best found at the field itself, not at the object that holds it.
  const linePath =
    issue.code === "unrecognized_keys" ? [...path, ...(issue.keys.slice(0, 1) as Key[])] : path;
  return withLine({ path: formatPath(path), message }, locate(linePath));
}

function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function valueAt(root: unknown, path: readonly Key[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<Key, unknown>)[key];
  }
  return current;
}

/** 1-based line of the node at `path`, or of its nearest existing parent (for a missing field). */
function lineOf(document: Document, lines: LineCounter, path: readonly Key[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}
