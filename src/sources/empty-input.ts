// Nothing passes on no input: what a path that yields no Kubernetes object holds, in words a user can act
// on (an empty directory, a values file, a binary, text that is not YAML), as an error or, with
// --allow-empty, a warning.
import { isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { SourceEvent } from "../core/types.js";
import { isManifestFileName } from "./walk.js";

const ALLOW_HINT = "check the path, or pass --allow-empty to accept an input without objects";

/** The event for a path without objects: an error, or a warning when empty input is allowed. */
export function emptyInputEvent(file: string, message: string, allowEmpty: boolean): SourceEvent {
  return allowEmpty
    ? { type: "warning", message }
    : { type: "error", error: { file, line: null, message: `${message} — ${ALLOW_HINT}` } };
}

/** A directory walked to its end without one object. */
export function emptyDirectoryMessage(dir: string, manifestFiles: number): string {
  return manifestFiles === 0
    ? `no Kubernetes object in ${dir}: it holds no .yaml, .yml or .json file`
    : `no Kubernetes object in ${dir}: none of its ${manifestFiles} manifest file${manifestFiles === 1 ? "" : "s"} holds one (an object needs apiVersion and kind)`;
}

/**
 * The events of a file named directly (or stdin) that yielded no object, replacing what it gave: a binary
 * file or text that does not parse is named as such; otherwise the events stay and the file's top level is
 * described. `text` is undefined for a binary file.
 */
export function noObjectEvents(
  file: string,
  text: string | undefined,
  events: SourceEvent[],
  allowEmpty: boolean,
): SourceEvent[] {
  const label = file === "-" ? "-: stdin" : file;
  if (text === undefined) {
    return [emptyInputEvent(file, `${label} is a binary file, not a YAML or JSON manifest`, allowEmpty)];
  }
  const errors = events.flatMap((event) => (event.type === "error" ? [event.error] : []));
  if (errors.length > 0) {
    // A file named like a manifest is a broken manifest: its own errors say where. Other files are not YAML.
    if (isManifestFileName(file) || file === "-") return events;
    const [first] = errors;
    const where = first?.line === null || first === undefined ? "" : ` (line ${first.line})`;
    return [
      {
        type: "error",
        error: { file, line: null, message: `${label} is not YAML or JSON: ${first?.message ?? ""}${where}` },
      },
    ];
  }
  const message = `${label} holds no Kubernetes object: ${describeTopLevel(text)}`;
  return [...events, emptyInputEvent(file, message, allowEmpty)];
}

/** What a text that parsed holds at its top level, for a file without objects. */
export function describeTopLevel(text: string): string {
  if (text.trim() === "") return "it is empty";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const docs = parseAllDocuments(text);
    const contents = (Array.isArray(docs) ? docs : [docs])
      .map((doc) => doc.contents)
      .filter((c) => c != null);
    const [first] = contents;
    if (first === undefined) return "only comments";
    if (isScalar(first)) return "a plain scalar (text), not a YAML mapping with apiVersion and kind";
    if (isSeq(first)) return `a list of ${first.items.length} items that are not objects`;
    if (isMap(first)) return "a mapping without apiVersion and kind";
    return "no mapping with apiVersion and kind";
  }
  if (Array.isArray(value)) return `a list of ${value.length} items that are not objects`;
  if (typeof value === "object" && value !== null) return "a mapping without apiVersion and kind";
  return "a plain scalar (text), not a YAML mapping with apiVersion and kind";
}
