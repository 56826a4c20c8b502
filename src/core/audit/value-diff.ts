// Field-by-field differences between two normalised objects, with paths a reviewer can read
// (`spec.template.spec.containers[name=app].image`) and values short enough for one evidence line.

import { deepEqual, isMap } from "./json-values.js";
import { quantityValue } from "./normalize.js";

/** A step in a path: a map key, a list position, or the list element whose `field` has `value`. */
export type PathSegment = string | number | { field: string; value: string | number };

/** One differing field: `desired` or `live` is undefined when the field is absent on that side. */
export interface FieldChange {
  path: string;
  segments: PathSegment[];
  desired: unknown;
  live: unknown;
}

/** Every leaf that differs between `desired` and `live`, in document order of `desired` then `live`. */
export function diffValues(desired: unknown, live: unknown, segments: PathSegment[] = []): FieldChange[] {
  if (sameLeaf(desired, live, segments)) return [];
  if (isMap(desired) && isMap(live)) return diffMaps(desired, live, segments);
  if (Array.isArray(desired) && Array.isArray(live)) return diffArrays(desired, live, segments);
  return [{ path: formatPath(segments), segments, desired, live }];
}

/** The keys of `desired`, then those only in `live`; a value that is the same on both sides is no change. */
function diffMaps(desired: Record<string, unknown>, live: Record<string, unknown>, segments: PathSegment[]) {
  const changes: FieldChange[] = [];
  for (const key in desired) {
    if (desired[key] !== live[key]) changes.push(...diffValues(desired[key], live[key], [...segments, key]));
  }
  for (const key in live) {
    if (!(key in desired)) changes.push(...diffValues(undefined, live[key], [...segments, key]));
  }
  return changes;
}

/** Fields that identify list elements (the API's merge keys), tried in this order. */
const MATCH_FIELDS = ["name", "containerPort", "port", "mountPath", "devicePath"];

/**
 * Lists whose elements all have a unique `name` (containers, env, volumes…), `containerPort` or `port`
 * are matched on it, so an inserted element is one change, not a shift of every later one; other lists
 * by position.
 */
function diffArrays(desired: unknown[], live: unknown[], segments: PathSegment[]): FieldChange[] {
  for (const field of MATCH_FIELDS) {
    const desiredBy = indexBy(desired, field);
    const liveBy = indexBy(live, field);
    if (!desiredBy || !liveBy) continue;
    const values = [...desiredBy.keys(), ...[...liveBy.keys()].filter((v) => !desiredBy.has(v))];
    return values.flatMap((value) =>
      diffValues(desiredBy.get(value), liveBy.get(value), [...segments, { field, value }]),
    );
  }
  const length = Math.max(desired.length, live.length);
  return Array.from({ length }, (_, i) => diffValues(desired[i], live[i], [...segments, i])).flat();
}

function indexBy(list: unknown[], field: string): Map<string | number, unknown> | undefined {
  const map = new Map<string | number, unknown>();
  for (const element of list) {
    const value = isMap(element) ? element[field] : undefined;
    if ((typeof value !== "string" && typeof value !== "number") || map.has(value)) return undefined;
    map.set(value, element);
  }
  return map;
}

/** The value at `segments` in an object as it was read (before normalisation); undefined if absent. */
export function valueAtSegments(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (typeof segment === "string") node = isMap(node) ? node[segment] : undefined;
    else if (typeof segment === "number") node = Array.isArray(node) ? node[segment] : undefined;
    else
      node = Array.isArray(node)
        ? node.find((e) => isMap(e) && e[segment.field] === segment.value)
        : undefined;
    if (node === undefined || node === null) return undefined;
  }
  return node;
}

/** Resource quantities compare by value: the server rewrites "0.5" as "500m" and "1024Mi" as "1Gi". */
const QUANTITY_PARENTS = new Set(["requests", "limits", "hard", "capacity", "overhead"]);

function sameLeaf(desired: unknown, live: unknown, segments: readonly PathSegment[]): boolean {
  if (deepEqual(desired, live)) return true;
  const parent = segments[segments.length - 2];
  if (typeof parent !== "string" || !QUANTITY_PARENTS.has(parent)) return false;
  const a = quantityValue(desired);
  const b = quantityValue(live);
  return a !== undefined && b !== undefined && Math.abs(a - b) <= Math.abs(a) * 1e-12;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * `spec.replicas`, `containers[name=app].ports[containerPort=80]`, `rules[1]`; keys with dots or slashes
 * are quoted: `labels["app.kubernetes.io/name"]`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (typeof segment === "object") path += `[${segment.field}=${segment.value}]`;
    else if (!IDENTIFIER.test(segment)) path += `[${JSON.stringify(segment)}]`;
    else path += path === "" ? segment : `.${segment}`;
  }
  return path;
}

const MAX_VALUE_CHARS = 60;

/** A value for one evidence line: JSON, cut at 60 characters; "(unset)" when absent. */
function formatValue(value: unknown): string {
  if (value === undefined) return "(unset)";
  const text = JSON.stringify(value);
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS - 1)}…`;
}

/** "spec.replicas: 3 → 5" (desired → cluster); credential-named fields inside whole values are masked. */
export function formatChange(change: FieldChange): string {
  return `${change.path}: ${formatValue(maskSensitive(change.desired))} → ${formatValue(maskSensitive(change.live))}`;
}

/** Names that say a value is a credential: env vars, ConfigMap keys, annotation keys. */
const SENSITIVE_NAME = /password|passwd|secret|token|api[-_]?key|credential|private[-_]?key|access[-_]?key/i;
/** …except references by name (secretName, secretKeyRef, tokenRef): those hold names, not values. */
const REFERENCE_NAME = /(Name|Ref)$/;

function isCredentialName(name: string): boolean {
  return SENSITIVE_NAME.test(name) && !REFERENCE_NAME.test(name);
}

/** Whether the field named last on the path (a key, or a list element's name) looks like a credential. */
export function hasSensitiveName(segments: readonly PathSegment[]): boolean {
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (segment === undefined || typeof segment === "number") continue;
    if (typeof segment === "object") return isCredentialName(String(segment.value));
    if (segment !== "value") return isCredentialName(segment);
  }
  return false;
}

const MASK = "(redacted)";

/**
 * A copy of `value` with credentials masked: `{ name: DB_PASSWORD, value: … }` env entries, and string
 * values under credential-named keys. Secret references (valueFrom, secretKeyRef) are names, kept.
 */
export function maskSensitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSensitive);
  if (!isMap(value)) return value;
  const named = typeof value.name === "string" && isCredentialName(value.name);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if ((named && key === "value") || (typeof child === "string" && SENSITIVE_NAME.test(key)))
      out[key] = MASK;
    else out[key] = maskSensitive(child);
  }
  return out;
}
