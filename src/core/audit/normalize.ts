// Normalises an object for comparison with its desired state: strips what the server, admission and
// controllers write (server-set metadata, status, writer annotations, defaulted fields; see
// normalize-defaults.ts for the data) so that only what a person or a pipeline chose remains.

import type { KubeObject } from "../types.js";
import type { GroupKind } from "./default-types.js";
import { applyDropTree, dropTreeOf } from "./drop-tree.js";
import { isMap, type JsonMap } from "./json-values.js";
import {
  COMPARED_RULES,
  type CopyRules,
  copyWithoutNulls,
  METADATA_RULES,
  OBJECT_RULES,
} from "./normalize-copy.js";
import { ALLOCATED_WHEN_UNDECLARED, defaultsFor } from "./normalize-defaults.js";
import { POD_SPEC_PATHS } from "./normalize-pod-defaults.js";

/**
 * Kinds that moved out of `extensions` (and Events out of core) are the same objects under both groups:
 * the API server serves them at either, so they are matched under the newer group.
 */
const MOVED_KINDS: Readonly<Record<string, string>> = {
  "extensions/Ingress": "networking.k8s.io",
  "extensions/NetworkPolicy": "networking.k8s.io",
  "extensions/Deployment": "apps",
  "extensions/DaemonSet": "apps",
  "extensions/ReplicaSet": "apps",
  "extensions/PodSecurityPolicy": "policy",
  "events.k8s.io/Event": "",
};

/** The API group of an apiVersion: "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

const GROUP_KINDS = new Map<string, Map<string, GroupKind>>();

/** "Deployment.apps", "Service", "Ingress.networking.k8s.io" (also for extensions/v1beta1 Ingresses). */
export function groupKindOf(object: { apiVersion: string; kind: string }): GroupKind {
  // Asked several times for every object, of a few dozen distinct apiVersion and kind pairs: memoised.
  let byKind = GROUP_KINDS.get(object.apiVersion);
  if (byKind === undefined) {
    byKind = new Map();
    GROUP_KINDS.set(object.apiVersion, byKind);
  }
  let groupKind = byKind.get(object.kind);
  if (groupKind === undefined) {
    const declaredGroup = groupOf(object.apiVersion);
    const group = MOVED_KINDS[`${declaredGroup}/${object.kind}`] ?? declaredGroup;
    groupKind = group === "" ? object.kind : `${object.kind}.${group}`;
    byKind.set(object.kind, groupKind);
  }
  return groupKind;
}

/**
 * A copy of `object` without server-written fields and defaults. With `declared` (the desired object),
 * fields the cluster allocates (clusterIP, nodePorts, volumeName, replicas under an HPA, caBundles) are
 * also dropped when `declared` leaves them out. With `withoutIdentity`, what matched the object to its
 * counterpart (apiVersion, kind, metadata name and namespace) is left out too, and metadata left empty.
 */
export function normalizeObject(
  object: KubeObject,
  options: { declared?: KubeObject; withoutIdentity?: boolean } = {},
): JsonMap {
  const groupKind = groupKindOf(object);
  const rules = copyRulesOf(groupKind, options.withoutIdentity ? COMPARED_RULES : OBJECT_RULES);
  const copy = copyWithoutNulls(object, rules) as JsonMap;
  if (groupKind === "Secret") canonicalSecretData(copy, object);
  applyDropTree(copy, dropTreeOf(defaultsFor(groupKind, object.apiVersion), parsePath));
  if (options.declared) {
    for (const path of ALLOCATED_WHEN_UNDECLARED[groupKind] ?? []) {
      dropUndeclared(copy, options.declared, parsePath(path));
    }
  }
  return copy;
}

const COPY_RULES = new Map<CopyRules, Map<GroupKind, CopyRules>>();

/** The root `rules` for a kind; a pod template's metadata is stripped like the object's own. */
function copyRulesOf(groupKind: GroupKind, root: CopyRules): CopyRules {
  let byKind = COPY_RULES.get(root);
  if (byKind === undefined) {
    byKind = new Map();
    COPY_RULES.set(root, byKind);
  }
  const cached = byKind.get(groupKind);
  if (cached) return cached;
  const podSpecPath = POD_SPEC_PATHS[groupKind];
  const templatePath = podSpecPath ? parsePath(podSpecPath).slice(0, -1) : [];
  const rules = templatePath.length === 0 ? root : withRulesAt(root, [...templatePath, "metadata"]);
  byKind.set(groupKind, rules);
  return rules;
}

/** `rules` with METADATA_RULES for the map at `path` (which holds no rules yet). */
function withRulesAt(rules: CopyRules, path: readonly string[]): CopyRules {
  const [head, ...rest] = path;
  if (head === undefined) return METADATA_RULES;
  return { ...rules, keys: { ...rules.keys, [head]: withRulesAt(rules.keys?.[head] ?? {}, rest) } };
}

/**
 * Secrets: `stringData` is write-only sugar for `data` and a null value is an empty one (Argo CD
 * normalises both the same way); values are re-encoded so that equal bytes compare equal whatever the
 * base64 line wrapping. `type: Opaque` is the default.
 */
function canonicalSecretData(secret: JsonMap, read: KubeObject): void {
  const data: JsonMap = {};
  if (isMap(read.data)) {
    for (const [key, value] of Object.entries(read.data)) {
      data[key] = Buffer.from(typeof value === "string" ? value : "", "base64").toString("base64");
    }
  }
  if (isMap(read.stringData)) {
    for (const [key, value] of Object.entries(read.stringData)) {
      data[key] = Buffer.from(String(value), "utf8").toString("base64");
    }
  }
  delete secret.stringData;
  delete secret.data;
  if (Object.keys(data).length > 0) secret.data = data;
  if (secret.type === "Opaque") delete secret.type;
}

const PATHS = new Map<string, string[]>();

/** `spec.ports[].protocol` → ["spec", "ports", "[]", "protocol"]; `labels["a.b/c"]` → ["labels", "a.b/c"]. */
export function parsePath(path: string): string[] {
  const cached = PATHS.get(path);
  if (cached) return cached;
  const segments: string[] = [];
  for (const match of path.matchAll(/\["([^"]*)"\]|\[\]|[^.[\]]+/g)) {
    segments.push(match[1] ?? match[0]);
  }
  PATHS.set(path, segments);
  return segments;
}

/** Drops from `live` the field at `segments` when `declared` has no value there (arrays by index). */
function dropUndeclared(live: unknown, declared: unknown, segments: readonly string[]): boolean {
  const [head, ...rest] = segments;
  if (head === undefined) return false;
  if (head === "[]") {
    if (!Array.isArray(live)) return false;
    const declaredList = Array.isArray(declared) ? declared : [];
    return live.map((element, i) => dropUndeclared(element, declaredList[i], rest)).some(Boolean);
  }
  if (!isMap(live) || !(head in live)) return false;
  const declaredChild = isMap(declared) ? declared[head] : undefined;
  let dropped: boolean;
  if (rest.length === 0) {
    dropped = declaredChild === undefined || declaredChild === null;
    if (dropped) delete live[head];
    return dropped;
  }
  dropped = dropUndeclared(live[head], declaredChild, rest);
  if (dropped && isEmpty(live[head])) delete live[head];
  return dropped;
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isMap(value) && Object.keys(value).length === 0;
}

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * The value of a resource quantity ("500m" → 0.5, "1Gi" → 1073741824, 2 → 2); undefined when it is not
 * one. The API server rewrites quantities canonically ("0.5" → "500m", "1024Mi" → "1Gi").
 */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] ? (SUFFIX[match[2]] ?? 1) : 1);
}
