// Unrendered Helm templates: not YAML until Helm renders them, but their top-level apiVersion/kind
// lines usually are literal, and a scanner that drops them misses the very files users upgrade.
import type { KubeObject, SourcedObject } from "../core/types.js";

export const UNRENDERED_TEMPLATE = "unrendered Helm template";

/** True for a path inside a chart's `templates/` directory (forward or back slashes). */
export function isUnderTemplatesDir(file: string): boolean {
  return /(^|[\\/])templates[\\/]/.test(file);
}

/** A template marker: text with `{{` is treated as a template when it is one of Helm's or does not parse. */
export function hasTemplateMarkers(text: string): boolean {
  return text.includes("{{");
}

interface TopLevelLine {
  line: number;
  value: string;
}

/** What one `---` document of a template says at column 0. */
interface TemplateDocument {
  apiVersions: TopLevelLine[];
  kinds: TopLevelLine[];
  name?: string;
}

const TOP_LEVEL_API_VERSION = /^apiVersion:(.*)$/;
const TOP_LEVEL_KIND = /^kind:(.*)$/;
const DOCUMENT_MARKER = /^---(\s|$)/;

/**
 * The objects a template declares unambiguously: per `---` document, exactly one column-0 `apiVersion:`
 * and one column-0 `kind:`, both literal (no `{{`). A document that picks its apiVersion with
 * conditionals (two lines, or a templated value) is skipped: guessing would report an API the chart
 * may not use. The name is kept only when `metadata.name` is literal. Line = the apiVersion line.
 */
export function scanTemplateLines(text: string, file: string): SourcedObject[] {
  const objects: SourcedObject[] = [];
  for (const doc of templateDocuments(text)) {
    const [apiVersion] = doc.apiVersions;
    const [kind] = doc.kinds;
    if (doc.apiVersions.length !== 1 || doc.kinds.length !== 1 || !apiVersion || !kind) continue;
    if (!isLiteral(apiVersion.value) || !isLiteral(kind.value)) continue;
    const object: KubeObject = { apiVersion: apiVersion.value, kind: kind.value };
    object.metadata = doc.name !== undefined ? { name: doc.name } : {};
    objects.push({ object, source: { file, line: apiVersion.line, origin: "manifest" } });
  }
  return objects;
}

function templateDocuments(text: string): TemplateDocument[] {
  const docs: TemplateDocument[] = [];
  let doc: TemplateDocument = { apiVersions: [], kinds: [] };
  let inMetadata = false;
  let childIndent: number | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (DOCUMENT_MARKER.test(line)) {
      docs.push(doc);
      doc = { apiVersions: [], kinds: [] };
      inMetadata = false;
      continue;
    }
    const apiVersion = TOP_LEVEL_API_VERSION.exec(line);
    if (apiVersion) doc.apiVersions.push({ line: index + 1, value: scalarValue(apiVersion[1] ?? "") });
    const kind = TOP_LEVEL_KIND.exec(line);
    if (kind) doc.kinds.push({ line: index + 1, value: scalarValue(kind[1] ?? "") });
    if (startsTopLevelKey(line)) {
      inMetadata = /^metadata:\s*(#.*)?$/.test(line);
      childIndent = undefined;
      continue;
    }
    if (!inMetadata) continue;
    const child = /^(\s+)([\w.-]+):(.*)$/.exec(line);
    if (!child) continue;
    const indent = child[1]?.length ?? 0;
    childIndent ??= indent;
    if (indent === childIndent && child[2] === "name" && doc.name === undefined) {
      const name = scalarValue(child[3] ?? "");
      if (isLiteral(name)) doc.name = name;
    }
  }
  docs.push(doc);
  return docs;
}

/** A column-0 YAML key; template actions (`{{- if … }}`) and comments at column 0 do not end a block. */
function startsTopLevelKey(line: string): boolean {
  return /^[A-Za-z_"'][^:]*:/.test(line);
}

/** A plain or quoted scalar value without a trailing comment. */
function scalarValue(raw: string): string {
  const value = raw.replace(/\s+#.*$/, "").trim();
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? "") : value;
}

function isLiteral(value: string): boolean {
  return value !== "" && !value.includes("{{") && !/^[|>&*!]/.test(value);
}
