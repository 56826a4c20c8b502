// The first step of normalisation in one walk: a deep copy without null values (null means absent) that
// also leaves out the bulk of a live object (status, managedFields) and what the server writes into its
// metadata, instead of copying them and deleting them afterwards.

import { isMap, type JsonMap } from "./json-values.js";
import { SERVER_SET_METADATA, WRITER_ANNOTATIONS, WRITER_LABELS } from "./normalize-defaults.js";

/** What a copy leaves out of one map, and the rules for the maps under some of its keys. */
export interface CopyRules {
  /** Keys read as if the object never had them. */
  absent?: ReadonlySet<string>;
  /** Keys left out as if deleted after copying: a map that held them is not "only nulls". */
  removed?: ReadonlySet<string>;
  /** A map left empty by the copy is left out too (as if deleted after copying). */
  dropWhenEmpty?: boolean;
  keys?: Readonly<Record<string, CopyRules>>;
}

const WRITER_KEYS = (keys: readonly string[]): CopyRules => ({ removed: new Set(keys), dropWhenEmpty: true });

/** Server-set metadata, writer annotations and writer labels. */
export const METADATA_RULES: CopyRules = {
  removed: new Set(SERVER_SET_METADATA),
  keys: { annotations: WRITER_KEYS(WRITER_ANNOTATIONS), labels: WRITER_KEYS(WRITER_LABELS) },
};

/** The object root: status and managedFields are the bulk of a live object and never compared. */
export const OBJECT_RULES: CopyRules = {
  absent: new Set(["status"]),
  keys: { metadata: { ...METADATA_RULES, absent: new Set(["managedFields"]) } },
};

/** The object root without its identity (apiVersion, kind, name, namespace) and metadata left empty. */
export const COMPARED_RULES: CopyRules = {
  ...OBJECT_RULES,
  removed: new Set(["apiVersion", "kind"]),
  keys: {
    metadata: {
      ...OBJECT_RULES.keys?.metadata,
      removed: new Set([...SERVER_SET_METADATA, "name", "namespace"]),
      dropWhenEmpty: true,
    },
  },
};

/**
 * A deep copy of `value` without null values, dropping maps that only held nulls (an element of a list
 * that only held nulls stays as an empty map, so positions do not shift), and leaving out what `rules`
 * name. undefined when `value` is a map that only held nulls.
 */
export function copyWithoutNulls(value: unknown, rules?: CopyRules): unknown {
  if (Array.isArray(value)) return value.map((element) => copyWithoutNulls(element) ?? {});
  if (!isMap(value)) return value;
  const copy: JsonMap = {};
  let dropped = false;
  let removed = false;
  for (const key in value) {
    if (rules?.absent?.has(key)) continue;
    const child = value[key];
    if (child === null) {
      dropped = true;
      continue;
    }
    if (rules?.removed?.has(key)) {
      if (keepsValue(child)) removed = true;
      else dropped = true;
      continue;
    }
    const childRules = rules?.keys?.[key];
    const copied = copyWithoutNulls(child, childRules);
    if (copied === undefined) dropped = true;
    else if (childRules?.dropWhenEmpty && isEmptyMap(copied)) removed = true;
    else copy[key] = copied;
  }
  return dropped && !removed && isEmptyMap(copy) ? undefined : copy;
}

/** Whether a copy without nulls keeps `value` (it is not a map that only held nulls). */
function keepsValue(value: unknown): boolean {
  if (!isMap(value)) return true;
  let empty = true;
  for (const key in value) {
    const child = value[key];
    if (child !== null && keepsValue(child)) return true;
    empty = false;
  }
  return empty;
}

function isEmptyMap(value: unknown): boolean {
  if (!isMap(value)) return false;
  for (const _ in value) return false;
  return true;
}
