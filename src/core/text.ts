// Small wording and ordering helpers shared by the reports and the core.

/** "1 object", "2 objects": the count with its noun, plural by a trailing s. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Locale-independent ordering of text, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
