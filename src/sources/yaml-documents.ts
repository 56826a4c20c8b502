// Multi-document YAML to source events: one object per document (or per List item) with its line,
// one error per malformed document, and the other documents of the file still read.
import {
  Composer,
  type Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type YAMLError,
} from "yaml";
import { messageOf } from "../core/errors.js";
import type { Provenance, SourceEvent } from "../core/types.js";
import { readFastYaml } from "./fast-yaml.js";
import { detachString, objectEvents } from "./kube-objects.js";
import { YAML_KUBE_TAGS } from "./kube-yaml-schema.js";
import { sourceComments } from "./source-comments.js";

/**
 * Kubernetes YAML is parsed the way the API server reads it (sigs.k8s.io/yaml, go-yaml v2): YAML 1.1
 * scalars (kube-scalars.ts), `<<` merge keys honoured, a repeated key keeps the last value (and is
 * reported as a warning: kubectl's field validation rejects it).
 */
const PARSE_OPTIONS = { merge: true, schema: "failsafe", customTags: YAML_KUBE_TAGS } as const;

/** A piece of a file parsed on its own; `firstLine` is the file line of its first character. */
interface Chunk {
  text: string;
  firstLine: number;
}

/**
 * Every object of a YAML text (multi-document, `kind: List`/`*List` unpacked), with 1-based lines of the
 * document (or item) and the `# Source:` path of Helm-rendered output as `template`.
 * A malformed document yields an error event with its line and the parser's message.
 */
export function* parseYamlDocuments(text: string, file: string): Generator<SourceEvent> {
  const fast = readFastYaml(text, file);
  yield* fast ?? parseYamlDocumentsExactly(text, file);
}

/** parseYamlDocuments with the exact parser only (the fast path's fallback and its reference in tests). */
export function* parseYamlDocumentsExactly(text: string, file: string): Generator<SourceEvent> {
  const whole = chunkEvents({ text, firstLine: 1 }, file, true);
  if (whole !== undefined) {
    yield* whole;
    return;
  }
  // A broken document can swallow the next ones (an unclosed quote runs past `---`), so a file with
  // errors is parsed again one `---` piece at a time: each piece's errors stay inside it.
  for (const chunk of splitAtDocumentMarkers(text)) yield* chunkEvents(chunk, file, false) ?? [];
}

/**
 * The events of a chunk's documents, or undefined at its first malformed document when `stopAtError`.
 * Documents are composed one at a time (yaml's Composer over its Parser, which is what parseAllDocuments
 * runs) and each syntax tree is dropped once converted, so only one document's tree is ever alive: the
 * whole file's trees at once would outlive many young-generation collections and make each one copy them.
 */
function chunkEvents(chunk: Chunk, file: string, stopAtError: boolean): SourceEvent[] | undefined {
  const lineCounter = new LineCounter();
  const duplicates: number[] = [];
  const uniqueKeys = (a: unknown, b: unknown) => {
    if (isScalar(a) && isScalar(b) && a.value === b.value && b.range) duplicates.push(b.range[0]);
    return false;
  };
  const options = { ...PARSE_OPTIONS, uniqueKeys };
  const docs = new Composer(options).compose(new Parser(lineCounter.addNewLine).parse(chunk.text));
  const events: SourceEvent[] = [];
  const read = documentReader(chunk, lineCounter, file);
  for (const doc of docs) {
    if (stopAtError && doc.errors.length > 0) return undefined;
    for (const event of read(doc)) events.push(event);
    // The composer reads one document ahead: only the repeated keys inside this one are its own.
    const own = duplicates.findIndex((offset) => offset >= doc.range[2]);
    for (const offset of duplicates.splice(0, own === -1 ? duplicates.length : own)) {
      events.push(duplicateKeyWarning(chunk, offset, lineCounter, file));
    }
  }
  return events;
}

/** A repeated key: read as go-yaml does (the last value wins), reported because kubectl rejects it. */
function duplicateKeyWarning(
  chunk: Chunk,
  offset: number,
  lineCounter: LineCounter,
  file: string,
): SourceEvent {
  const line = lineCounter.linePos(offset).line + chunk.firstLine - 1;
  const key = chunk.text.slice(offset).split(/[:\n]/, 1)[0]?.trim() ?? "";
  return {
    type: "warning",
    message:
      `${file}:${line}: duplicate key ${JSON.stringify(detachString(key))} in a mapping; the last value is ` +
      "used, but kubectl rejects the object — keep one",
  };
}

/** Reads the documents of one chunk in order (the `# Source:` of each lies after the previous one). */
function documentReader(
  chunk: Chunk,
  lineCounter: LineCounter,
  file: string,
): (doc: Document.Parsed) => Generator<SourceEvent> {
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + chunk.firstLine - 1;
  const templateOf = sourceComments(chunk.text);
  let previousEnd = 0;
  return function* documentEvents(doc) {
    const contents = doc.contents;
    const regionStart = previousEnd;
    if (contents?.range) previousEnd = contents.range[1];
    const [error] = doc.errors;
    if (error) {
      const message = errorMessage(error, lineCounter);
      yield { type: "error", error: { file, line: lineAt(error.pos[0]), message } };
      return;
    }
    if (!contents?.range) return;
    const source: Provenance = { file, line: lineAt(contents.range[0]), origin: "manifest" };
    const template = templateOf(regionStart, contents.range[0]);
    if (template !== undefined) source.template = template;
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (problem) {
      // toJS refuses documents whose aliases expand without bound ("billion laughs").
      const message = `invalid YAML: ${messageOf(problem)}`;
      yield { type: "error", error: { file, line: source.line, message } };
      return;
    }
    yield* objectEvents(value, source, (index) => itemLine(doc, index, lineAt));
  };
}

/** The line of the index-th entry of a List's `items` (or a bare sequence), from the node's position. */
function itemLine(doc: Document, index: number, lineAt: (offset: number) => number): number | null {
  const items = isMap(doc.contents) ? doc.contents.get("items", true) : doc.contents;
  if (!isSeq(items)) return null;
  const node = items.items[index];
  return isNode(node) && node.range ? lineAt(node.range[0]) : null;
}

/**
 * The message parseAllDocuments would give (it appends " at line L, column C" and the source line),
 * shortened by yamlErrorMessage.
 */
function errorMessage(error: YAMLError, lineCounter: LineCounter): string {
  const [offset] = error.pos;
  if (offset === -1) return yamlErrorMessage(error.message);
  const { line, col } = lineCounter.linePos(offset);
  return yamlErrorMessage(`${error.message} at line ${line}, column ${col}`);
}

/** The parser's first message line without its position (the line is reported separately, per file). */
export function yamlErrorMessage(message: string): string {
  const firstLine = message.split("\n", 1)[0] ?? message;
  return `invalid YAML: ${firstLine.replace(/ at line \d+, column (\d+):?\s*$/, " (column $1)")}`;
}

const DOCUMENT_MARKER = /^---(?:[ \t\r]|$)/;

/** The text cut before every line that starts a document (`---` at column 0), with each piece's first line. */
export function splitAtDocumentMarkers(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let offset = 0;
  while (offset <= text.length) {
    const end = text.indexOf("\n", offset);
    const lineEnd = end === -1 ? text.length : end;
    if (offset > start && DOCUMENT_MARKER.test(text.slice(offset, Math.min(lineEnd, offset + 4)))) {
      chunks.push({ text: text.slice(start, offset), firstLine: startLine });
      start = offset;
      startLine = line;
    }
    if (end === -1) break;
    offset = end + 1;
    line++;
  }
  chunks.push({ text: text.slice(start), firstLine: startLine });
  return chunks;
}
