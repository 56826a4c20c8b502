// One linear pass over a YAML text: where each document starts, the line its content starts on, and
// the lines of the entries of a List's `items` (or of a top-level sequence). Anything this cannot
// place exactly is reported as undefined, and the caller reads the file with the exact parser.

/** One document of a text: [start, end) offsets, 1-based first line, whether it opens with `---`. */
export interface DocumentSpan {
  start: number;
  end: number;
  firstLine: number;
  marker: boolean;
}

/** A line of content: its start offset, its end offset (before the newline) and its 1-based number. */
export interface ContentLine {
  offset: number;
  end: number;
  line: number;
}

/** Returned when a document's layout is one the fast path does not place (tags, anchors, block scalars). */
export const UNPLACED = "unplaced";

const NEWLINE = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;

/** The documents of a text, cut before every `---` at column 0 (followed by a blank or the line end). */
export function splitDocuments(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let start = 0;
  let line = 1;
  let counted = 0; // newlines are counted up to here
  let from = 0;
  for (;;) {
    const found = text.indexOf("\n---", from);
    if (found === -1) break;
    const marker = found + 1;
    from = marker;
    if (!isMarkerEnd(text.charCodeAt(marker + 3))) continue;
    spans.push({ start, end: marker, firstLine: line, marker: isMarkerAt(text, start) });
    line += countNewlines(text, counted, marker);
    counted = marker;
    start = marker;
  }
  spans.push({ start, end: text.length, firstLine: line, marker: isMarkerAt(text, start) });
  return spans;
}

function isMarkerAt(text: string, offset: number): boolean {
  return text.startsWith("---", offset) && isMarkerEnd(text.charCodeAt(offset + 3));
}

/** After `---`: a space, a tab, a line end or the end of the text (NaN). */
function isMarkerEnd(code: number): boolean {
  return Number.isNaN(code) || code === SPACE || code === 0x09 || code === 0x0d || code === NEWLINE;
}

export function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let nl = text.indexOf("\n", from); nl !== -1 && nl < to; nl = text.indexOf("\n", nl + 1)) count++;
  return count;
}

/** The end of the line that starts at `offset` (the newline's offset, or the text's end). */
function lineEnd(text: string, offset: number, limit: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 || nl > limit ? limit : nl;
}

/** Offset of the first character that is not a space, at or after `offset` and before `end`. */
function indentEnd(text: string, offset: number, end: number): number {
  let i = offset;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return i;
}

/** True for a line with nothing but spaces, a comment or a carriage return from `offset` to `end`. */
function isBlankOrComment(text: string, offset: number, end: number): boolean {
  const i = indentEnd(text, offset, end);
  const code = text.charCodeAt(i);
  return i >= end || code === HASH || (code === 0x0d && i === end - 1);
}

/**
 * The first line of a document's content (after its `---`, blank lines and comments), undefined for an
 * empty document, UNPLACED when the content starts on the marker line or with a tag, anchor or block
 * scalar (the exact parser decides where those start).
 */
export function firstContentLine(
  text: string,
  span: DocumentSpan,
): ContentLine | undefined | typeof UNPLACED {
  let offset = span.start;
  let line = span.firstLine;
  if (span.marker) {
    const end = lineEnd(text, offset, span.end);
    if (!isBlankOrComment(text, offset + 3, end)) return UNPLACED;
    offset = end + 1;
    line++;
  }
  while (offset < span.end) {
    const end = lineEnd(text, offset, span.end);
    if (!isBlankOrComment(text, offset, end)) {
      const first = text[indentEnd(text, offset, end)] ?? "";
      return "&!*|>%?".includes(first) ? UNPLACED : { offset, end, line };
    }
    offset = end + 1;
    line++;
  }
  return undefined;
}

/** The end offset of a document's last content line (before trailing blank lines and comments). */
export function lastContentEnd(text: string, span: DocumentSpan, content: ContentLine): number {
  let last = content.end;
  let offset = content.end + 1;
  while (offset < span.end) {
    const end = lineEnd(text, offset, span.end);
    if (!isBlankOrComment(text, offset, end)) last = end;
    offset = end + 1;
  }
  return last;
}

const ITEMS_KEY = /^items:[ \t]*(?:#.*)?\r?$/gm;

/**
 * The lines of the entries of the top-level block sequence of a document: its `items:` (for a List) or
 * the document itself (`topLevel`). Each entry's line is that of its first content, as the exact parser
 * places the entry's node. Undefined when the layout is not a plain block sequence.
 */
export function sequenceEntryLines(
  text: string,
  span: DocumentSpan,
  content: ContentLine,
  topLevel: boolean,
): number[] | undefined {
  let offset = content.offset;
  let line = content.line;
  if (!topLevel) {
    ITEMS_KEY.lastIndex = content.offset;
    const match = ITEMS_KEY.exec(text);
    if (match === null || match.index >= span.end) return undefined;
    line += countNewlines(text, content.offset, match.index) + 1;
    offset = lineEnd(text, match.index, span.end) + 1;
  }
  return entryLines(text, offset, span.end, line);
}

/** Entries are `-` lines at the indentation of the first one; the sequence ends at a line less indented. */
function entryLines(text: string, start: number, limit: number, startLine: number): number[] | undefined {
  const lines: number[] = [];
  let indent = -1;
  let pending = false; // an entry whose content starts on a later line
  let line = startLine;
  for (let offset = start; offset < limit; line++) {
    const end = lineEnd(text, offset, limit);
    const first = indentEnd(text, offset, end);
    const next = end + 1;
    if (isBlankOrComment(text, offset, end)) {
      offset = next;
      continue;
    }
    const column = first - offset;
    if (pending) {
      if ("&!".includes(text[first] ?? "")) return undefined;
      lines.push(line);
      pending = false;
    }
    if (indent === -1) indent = column;
    if (column < indent) break;
    if (column === indent) {
      if (text.charCodeAt(first) !== DASH || !isMarkerEnd(text.charCodeAt(first + 1))) break;
      if (isBlankOrComment(text, first + 1, end)) pending = true;
      else if ("&!".includes(text[indentEnd(text, first + 1, end)] ?? "")) return undefined;
      else lines.push(line);
    }
    offset = next;
  }
  return pending ? undefined : lines;
}
