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
import { sourceComment } from "./yaml-documents.js";

const LOAD_OPTIONS = { schema: JS_YAML_KUBE_SCHEMA } as const;

/**
 * Texts the fast path leaves to the exact parser: anchors and aliases where a node starts (the exact
 * parser bounds their expansion, and `<<` merges come with them), `%` directives and `...` document ends (documents the splitter would not cut),
 * and `{{` (an unquoted template expression is a mapping used as a key, which js-yaml names differently).
 */
const NEEDS_EXACT_PARSER = /(?:^\s*|[-:?]\s+|[[{,]\s*)[&*][^\s\]},]|^%|^\.\.\.(?:[ \t\r]|$)|\{\{/m;

/** The events of a YAML text, or undefined when the exact parser must read it. */
export function readFastYaml(text: string, file: string): SourceEvent[] | undefined {
  if (NEEDS_EXACT_PARSER.test(text)) return undefined;
  const events: SourceEvent[] = [];
  // Where the region searched for a `# Source:` comment starts: the end of the previous document's content.
  let regionStart = 0;
  for (const span of splitDocuments(text)) {
    const content = firstContentLine(text, span);
    if (content === UNPLACED) return undefined;
    if (content === undefined) {
      // An empty document's (null) content sits right after its `---`, as the exact parser places it.
      if (span.marker) regionStart = span.start + 3;
      continue;
    }
    const read = readDocument(text, span, content, file, regionStart);
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
  regionStart: number,
): SourceEvent[] | undefined {
  let value: unknown;
  try {
    value = jsyaml.load(text.slice(span.start, span.end), LOAD_OPTIONS);
  } catch {
    return undefined;
  }
  const source: Provenance = { file, line: content.line, origin: "manifest" };
  const template = sourceComment(text, regionStart, content.offset);
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
