// The fast path for YAML manifests: documents cut in one pass, each parsed by js-yaml (3–10× faster
// than the `yaml` package on Kubernetes YAML) with the Kubernetes scalar schema, lines found by the
// splitter. Anything it cannot read exactly as the exact parser would (a syntax error, a duplicate
// key, aliases, directives, tags on the first line) makes it give up on the whole file, which the
// exact parser (yaml-documents.ts) then reads with the same errors and lines as before.
import jsyaml from "js-yaml";
import type { Provenance, SourceEvent } from "../core/types.js";
import {
  type ContentLine,
  type DocumentSpan,
  firstContentLine,
  lastContentEnd,
  sequenceEntryLines,
  splitDocuments,
  UNPLACED,
} from "./document-split.js";
import { listItems, objectEvents } from "./kube-objects.js";
import { JS_YAML_KUBE_SCHEMA } from "./kube-yaml-schema.js";
import { sourceComments } from "./source-comments.js";

const LOAD_OPTIONS = { schema: JS_YAML_KUBE_SCHEMA } as const;

/**
 * Texts the fast path leaves to the exact parser: `%` directives and `...` document ends (documents the
 * splitter would not cut), `{{` (an unquoted template expression is a mapping used as a key, which
 * js-yaml names differently), and anchors or aliases where a node starts (the exact parser bounds
 * their expansion, and `<<` merges come with them).
 */
const DIRECTIVE_OR_END = /^%|^\.\.\.(?:[ \t\r]|$)/m;
const ANCHOR_OR_ALIAS = /[&*][^\s\]},]/g;

function needsExactParser(text: string): boolean {
  if (text.includes("{{") || DIRECTIVE_OR_END.test(text)) return true;
  ANCHOR_OR_ALIAS.lastIndex = 0;
  for (let match = ANCHOR_OR_ALIAS.exec(text); match; match = ANCHOR_OR_ALIAS.exec(text)) {
    if (startsNode(text, match.index)) return true;
  }
  return false;
}

/** True when `offset` is where a node may start: after `- `, `: `, `? `, `[`, `{`, `,` or indentation. */
function startsNode(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
  if (i < 0 || text[i] === "\n" || "[{,".includes(text[i] ?? "")) return true;
  return i < offset - 1 && "-:?".includes(text[i] ?? "");
}

/** The events of a YAML text, or undefined when the exact parser must read it. */
export function readFastYaml(text: string, file: string): SourceEvent[] | undefined {
  if (needsExactParser(text)) return undefined;
  const events: SourceEvent[] = [];
  // Where the region searched for a `# Source:` comment starts: the end of the previous document's content.
  let regionStart = 0;
  const templateOf = sourceComments(text);
  for (const span of splitDocuments(text)) {
    const content = firstContentLine(text, span);
    if (content === UNPLACED) return undefined;
    if (content === undefined) {
      // An empty document's (null) content sits right after its `---`, as the exact parser places it.
      if (span.marker) regionStart = span.start + 3;
      continue;
    }
    const read = readDocument(text, span, content, file, templateOf(regionStart, content.offset));
    if (read === undefined) return undefined;
    for (const event of read) events.push(event);
    regionStart = lastContentEnd(text, span, content);
  }
  return events;
}

function readDocument(
  text: string,
  span: DocumentSpan,
  content: ContentLine,
  file: string,
  template: string | undefined,
): SourceEvent[] | undefined {
  let value: unknown;
  try {
    value = jsyaml.load(text.slice(span.start, span.end), LOAD_OPTIONS);
  } catch {
    return undefined;
  }
  const source: Provenance = { file, line: content.line, origin: "manifest" };
  if (template !== undefined) source.template = template;
  const items = listItems(value);
  let lines: number[] | undefined = [];
  if (items !== undefined && items.length > 0) {
    lines = sequenceEntryLines(text, span, content, Array.isArray(value));
    if (lines === undefined || lines.length !== items.length) return undefined;
  }
  const itemLines = lines;
  return [...objectEvents(value, source, (index) => itemLines[index] ?? null)];
}
