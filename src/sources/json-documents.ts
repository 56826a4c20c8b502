// The fast path for JSON files (kubectl get -o json): JSON.parse, plus a light scan for the lines of
// List items, which JSON.parse cannot give.
import type { SourceEvent } from "../core/types.js";
import { prettyItemLines } from "./json-lines.js";
import { listItems, objectEvents } from "./kube-objects.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Events of a text that is one JSON object, or undefined when it is not valid JSON (the caller then
 * reads it as YAML, whose parser reports the line of a syntax error).
 */
export function parseJsonDocument(text: string, file: string): Iterable<SourceEvent> | undefined {
  const start = firstNonSpace(text);
  const first = start === -1 ? -1 : text.charCodeAt(start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const line = lineOf(text, start);
  const source = { file, line, origin: "manifest" as const };
  if (listItems(value) === undefined) return objectEvents(value, source, () => null);
  const itemLines =
    prettyItemLines(text, listItems(value)?.length ?? 0) ?? linesOfOffsets(text, jsonItemOffsets(text));
  return objectEvents(value, source, (index) => itemLines[index] ?? null);
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text);
  return match ? match.index : -1;
}

function lineOf(text: string, offset: number): number {
  return linesOfOffsets(text, [offset])[0] ?? 1;
}

/** 1-based lines of ascending offsets, counting newlines once from the start. */
function linesOfOffsets(text: string, offsets: number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let position = 0;
  for (const offset of offsets) {
    for (let nl = text.indexOf("\n", position); nl !== -1 && nl < offset; nl = text.indexOf("\n", nl + 1)) {
      line++;
      position = nl + 1;
    }
    lines.push(line);
  }
  return lines;
}

/** The index just past the closing quote of the JSON string that opens at `open`. */
function stringEnd(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Start offsets of the elements of the top-level object's `items` array (or of a top-level array),
 * found by tracking nesting depth and skipping strings. Only called on text JSON.parse accepted.
 */
export function jsonItemOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let lastKey = "";
  let previous = 0; // last significant character outside strings
  let itemsDepth = 0; // depth inside the items array once it is found
  let elementPending = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    if (elementPending && depth === itemsDepth && code !== CLOSE_BRACKET) {
      offsets.push(i);
      elementPending = false;
    }
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 1 && previous !== COLON) lastKey = text.slice(i + 1, end - 1);
      i = end - 1;
      previous = QUOTE;
      continue;
    }
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      const topLevelArray = depth === 0 && code === OPEN_BRACKET;
      const itemsKey = depth === 1 && code === OPEN_BRACKET && previous === COLON && lastKey === "items";
      depth++;
      if (itemsDepth === 0 && (topLevelArray || itemsKey)) {
        itemsDepth = depth;
        elementPending = true;
      }
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      if (depth === itemsDepth) return offsets;
      depth--;
    } else if (code === COMMA && depth === itemsDepth) {
      elementPending = true;
    }
    previous = code;
  }
  return offsets;
}
