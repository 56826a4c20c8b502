// Helm's `# Source: path` comments: which template a rendered document came from.
import { detachString } from "./kube-objects.js";

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/gm;

/**
 * `sourceComment` for the documents of one text, asked in order: the text is searched for `Source:`
 * once from front to back, not once per document to its end (which is quadratic in a large file).
 */
export function sourceComments(text: string): (from: number, to: number) => string | undefined {
  let next = -2; // offset of the first "Source:" at or after the last `from`; -1 when there is none
  return (from, to) => {
    if (next !== -1 && next < from) next = text.indexOf("Source:", from);
    return next !== -1 && next < to ? sourceComment(text, from, to) : undefined;
  };
}

/**
 * The path of the last `# Source: path` comment between the end of the previous document's content
 * and the start of this one's: Helm writes it right after `---`, some tools right before.
 */
export function sourceComment(text: string, from: number, to: number): string | undefined {
  const first = text.indexOf("Source:", from);
  if (first === -1 || first >= to) return undefined;
  let path: string | undefined;
  for (const match of text.slice(from, to).matchAll(SOURCE_COMMENT)) path = match[1];
  // The path is kept in every finding's provenance; a slice would keep the whole file's text alive.
  return path === undefined ? undefined : detachString(path);
}
