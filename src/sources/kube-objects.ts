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
    if (isKubeObject(value)) yield { type: "object", item: { object: detachIdentity(value), source } };
    return;
  }
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const line = itemLine(index) ?? source.line;
    // A List nested in a List (rare, but kubectl accepts it) is unpacked too, its items at the item's line.
    yield* objectEvents(item, { ...source, line }, () => line);
  }
}

/**
 * A copy of a string that does not share memory with the text it was cut from. V8 keeps a slice of 13 or
 * more characters as a view into its parent, so one apiVersion kept in a finding would keep the whole
 * file's text alive, and memory would grow with the tree instead of with the findings.
 */
export function detachString(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}

/**
 * The object with the strings consumers keep (type, name, namespace, managedFields' versions and
 * managers) detached from the file's text. Other fields stay shared: they go when the object goes.
 */
export function detachIdentity(object: KubeObject): KubeObject {
  object.apiVersion = detachString(object.apiVersion);
  object.kind = detachString(object.kind);
  const metadata: unknown = object.metadata;
  if (typeof metadata !== "object" || metadata === null) return object;
  const fields = metadata as Record<string, unknown>;
  for (const key of IDENTITY_KEYS) {
    const field = fields[key];
    if (typeof field === "string") fields[key] = detachString(field);
  }
  const managedFields = fields.managedFields;
  if (!Array.isArray(managedFields)) return object;
  for (const entry of managedFields) {
    if (typeof entry !== "object" || entry === null) continue;
    const record = entry as Record<string, unknown>;
    for (const key of MANAGED_FIELDS_KEYS) {
      const field = record[key];
      if (typeof field === "string") record[key] = detachString(field);
    }
  }
  return object;
}

const IDENTITY_KEYS = ["name", "namespace", "generateName"] as const;
const MANAGED_FIELDS_KEYS = ["apiVersion", "manager"] as const;
