// Which parsed documents are Kubernetes objects, and how List wrappers are unpacked.
import type { KubeObject, Provenance, SourceEvent } from "../core/types.js";

/** An object with a string apiVersion and kind; anything else in a manifest file is not an object. */
export function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  return typeof apiVersion === "string" && apiVersion !== "" && typeof kind === "string" && kind !== "";
}

/**
 * The items of a `kind: List` or any `*List` (kubectl prints `PodList`, sometimes without apiVersion),
 * or of a bare array of objects (support bundles store custom resources so), or undefined otherwise.
 */
export function listItems(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value !== "object" || value === null) return undefined;
  const { kind, items } = value as Record<string, unknown>;
  if (!Array.isArray(items)) return undefined;
  const isList = kind === undefined || (typeof kind === "string" && kind.endsWith("List"));
  return isList ? items : undefined;
}

/**
 * Object events for one parsed document: the object itself, or the items of a List, each with its own
 * line (`itemLine(index)`). Values that are neither (empty documents, scalars, kindless maps) yield nothing.
 */
export function* objectEvents(
  value: unknown,
  source: Provenance,
  itemLine: (index: number) => number | null,
): Generator<SourceEvent> {
  const items = listItems(value);
  if (items === undefined) {
    if (isKubeObject(value)) yield { type: "object", item: { object: value, source } };
    return;
  }
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const line = itemLine(index) ?? source.line;
    // A List nested in a List (rare, but kubectl accepts it) is unpacked too, its items at the item's line.
    yield* objectEvents(item, { ...source, line }, () => line);
  }
}
