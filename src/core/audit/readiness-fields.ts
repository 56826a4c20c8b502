// Reading untyped Kubernetes fields safely: every readiness check walks objects of many shapes (including
// partial objects recovered from unrendered templates), so a missing or mistyped field is never an error.
import type { KubeObject } from "../types.js";

export type Fields = Record<string, unknown>;

export function asRecord(value: unknown): Fields | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The records of an array field; anything else in it is skipped. */
export function records(value: unknown): Fields[] {
  const result: Fields[] = [];
  for (const item of asArray(value)) {
    const record = asRecord(item);
    if (record) result.push(record);
  }
  return result;
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function strings(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === "string");
}

/** The value at a path of keys, or undefined as soon as one step is missing. */
export function at(root: unknown, ...keys: string[]): unknown {
  let current = root;
  for (const key of keys) {
    const record = asRecord(current);
    if (!record) return undefined;
    current = record[key];
  }
  return current;
}

export function nameOf(object: KubeObject): string {
  return object.metadata?.name ?? "";
}

/** The namespace, or null for cluster-scoped objects (and objects whose namespace is left to the tool). */
export function namespaceOf(object: KubeObject): string | null {
  return object.metadata?.namespace ?? null;
}

const NONE: Fields = Object.freeze({});

/** The labels as they are (not copied: this runs for every object); read values with asString. */
export function labelsOf(object: KubeObject): Fields {
  return asRecord(object.metadata?.labels) ?? NONE;
}

/** The annotations as they are (not copied); read values with asString. */
export function annotationsOf(object: KubeObject): Fields {
  return asRecord(object.metadata?.annotations) ?? NONE;
}

/** The string entries of a map field (labels, annotations, nodeSelector, ConfigMap data). */
export function stringMap(value: unknown): Record<string, string> {
  const record = asRecord(value);
  if (!record) return {};
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record)) if (typeof entry === "string") result[key] = entry;
  return result;
}

/** "apps" for "apps/v1", "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** "apps/Deployment", "/Secret" for core kinds: the key objects are indexed by. */
export function typeKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** "Deployment shop/web", or "ClusterRole admin" for cluster-scoped objects: how evidence names objects. */
export function objectRef(object: KubeObject): string {
  const namespace = namespaceOf(object);
  return `${object.kind} ${namespace ? `${namespace}/` : ""}${nameOf(object)}`;
}

/** A number field, or an integer string ("3"); undefined otherwise. */
export function asCount(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Every value a command-line flag is given in `argv`, as `--flag=value` or `--flag value` (how ExternalDNS,
 * the AWS Load Balancer Controller and cluster-autoscaler are configured).
 */
export function flagValues(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? "";
    if (argument.startsWith(`${flag}=`)) values.push(argument.slice(flag.length + 1));
    else if (argument === flag && index + 1 < argv.length) values.push(argv[index + 1] ?? "");
  }
  return values;
}
