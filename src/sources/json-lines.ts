// The lines of a List's items in pretty-printed JSON (kubectl get -o json, JSON.stringify(v, null, n))
// without a second pass over every character: a JSON string holds no raw newline, so every line starts
// outside strings, and each item opens on a line of its own at one indentation. Only line starts are
// looked at; whatever does not fit that layout is left to the character scan (json-documents.ts).

/** `"items": [` on a line of its own at the indentation of the top-level keys. */
const ITEMS_LINE = /^( *)"items": *\[ *\r?$/m;

/**
 * The 1-based line of each of `count` items of the top-level `items` array (or of a top-level array),
 * or undefined when the text is not laid out one item opening per line.
 */
export function prettyItemLines(text: string, count: number): number[] | undefined {
  if (count === 0) return [];
  const opening = arrayOpening(text);
  if (opening === undefined) return undefined;
  const lines: number[] = [];
  let line = opening.line;
  let indent = -1;
  let pad = ""; // the items' indentation, compared natively rather than counted space by space
  for (let start = text.indexOf("\n", opening.offset) + 1; start > 0; start = text.indexOf("\n", start) + 1) {
    line++;
    if (indent === -1) {
      indent = 0;
      while (text.charCodeAt(start + indent) === 0x20) indent++;
      pad = " ".repeat(indent);
    } else if (!text.startsWith(pad, start)) break; // less indented: past the array
    const code = text.charCodeAt(start + indent);
    if (code === 0x20) continue; // inside an item
    if (code === 0x5d) break; // the array's `]`
    if (code !== 0x7d) lines.push(line); // not an item's closing `}`
  }
  return lines.length === count ? lines : undefined;
}

/** Where the items array opens: its line (1-based) and the offset of that line's `[`. */
function arrayOpening(text: string): { line: number; offset: number } | undefined {
  const first = /\S/.exec(text);
  if (first === null) return undefined;
  if (text[first.index] === "[") return { line: lineAt(text, first.index), offset: first.index };
  const match = ITEMS_LINE.exec(text);
  if (match === null) return undefined;
  // The top-level keys' indentation: that of the first key, on the line after the opening `{`.
  const keys = /\n( *)"/.exec(text);
  if (keys === null || keys[1] !== match[1]) return undefined;
  return { line: lineAt(text, match.index), offset: match.index };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let nl = text.indexOf("\n"); nl !== -1 && nl < offset; nl = text.indexOf("\n", nl + 1)) line++;
  return line;
}
