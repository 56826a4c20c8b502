// How a desired object finds its live counterpart: by group, kind, namespace and name, with the namespace
// of a manifest that leaves it out resolved the way `kubectl apply` would (or from the live object).

import { CLUSTER_SCOPED } from "../cluster-scoped.js";
import type { KubeObject, SourcedObject } from "../types.js";
import type { GroupKind } from "./default-types.js";
import { groupKindOf } from "./normalize.js";

/** Decides whether a kind is namespaced: what the live objects show, else the built-in list. */
export interface ScopeResolver {
  isClusterScoped(groupKind: GroupKind): boolean;
  /** The namespace of the only live object of this kind and name, if exactly one exists. */
  uniqueLiveNamespace(groupKind: GroupKind, name: string): string | undefined;
}

export function scopeResolver(live: readonly SourcedObject[]): ScopeResolver {
  const namespacedSeen = new Set<GroupKind>();
  const clusterSeen = new Set<GroupKind>();
  const namespacesByName = new Map<string, Set<string>>();
  for (const { object } of live) {
    const groupKind = groupKindOf(object);
    const namespace = object.metadata?.namespace;
    if (!namespace) {
      clusterSeen.add(groupKind);
      continue;
    }
    namespacedSeen.add(groupKind);
    const key = `${groupKind}/${object.metadata?.name ?? ""}`;
    const namespaces = namespacesByName.get(key) ?? new Set<string>();
    namespaces.add(namespace);
    namespacesByName.set(key, namespaces);
  }
  return {
    isClusterScoped: (groupKind) =>
      !namespacedSeen.has(groupKind) && (clusterSeen.has(groupKind) || CLUSTER_SCOPED.has(groupKind)),
    uniqueLiveNamespace(groupKind, name) {
      const namespaces = namespacesByName.get(`${groupKind}/${name}`);
      return namespaces?.size === 1 ? [...namespaces][0] : undefined;
    },
  };
}

/** The identity of an object across clusters and Git: group, kind, namespace (null when cluster-scoped), name. */
export interface ObjectIdentity {
  groupKind: GroupKind;
  namespace: string | null;
  name: string;
}

export function identityKey(identity: ObjectIdentity): string {
  return `${identity.groupKind}|${identity.namespace ?? ""}|${identity.name}`;
}

/** A live object's identity as printed; undefined for objects without a name. */
export function liveIdentity(object: KubeObject): ObjectIdentity | undefined {
  const name = object.metadata?.name;
  if (!name) return undefined;
  return { groupKind: groupKindOf(object), namespace: object.metadata?.namespace || null, name };
}

/**
 * A desired object's identity: its namespace if set; none for cluster-scoped kinds; else the namespace of
 * the only live object of that kind and name; else "default", where `kubectl apply` would create it.
 */
export function desiredIdentity(object: KubeObject, scope: ScopeResolver): ObjectIdentity | undefined {
  const name = object.metadata?.name;
  if (!name) return undefined;
  const groupKind = groupKindOf(object);
  if (scope.isClusterScoped(groupKind)) return { groupKind, namespace: null, name };
  const namespace = object.metadata?.namespace || scope.uniqueLiveNamespace(groupKind, name) || "default";
  return { groupKind, namespace, name };
}
