// Which GitOps or release tool owns each object, read from the object's own metadata, from Flux
// inventories, from decoded Helm release manifests and, transitively, from its owners. Pure: no I/O.
//
// Evidence, strongest first (an owned object asks its owner first):
//   argocd  `argocd.argoproj.io/tracking-id` naming the object itself; the label `argocd.argoproj.io/instance`;
//           `app.kubernetes.io/instance` (or argocd-cm's instanceLabelKey) when label tracking is on
//           (argocd-cm says so) or its value is the name of an Application in the input
//   flux    `kustomize.toolkit.fluxcd.io/name` / `helm.toolkit.fluxcd.io/name` labels; a Kustomization's
//           `.status.inventory.entries[].id` (`<namespace>_<name>_<group>_<kind>`)
//   helm    `app.kubernetes.io/managed-by: Helm` + `meta.helm.sh/release-name`; listed in a release manifest
//   any     a managedFields write by one of the tool's managers (not on the tool's own custom resources)
//   owner   an ownerReference to a managed object, or to one that is not in the input; a PVC made from
//           a managed StatefulSet's volumeClaimTemplates (`<template>-<statefulset>-<ordinal>`, no ownerReference)

import type { KubeObject, SourcedObject } from "../types.js";
import { apiGroupOf, type FieldManagerRules, type GlobSet, globSet } from "./system-objects.js";
import type { Manager } from "./types.js";

export const TRACKING_ID = "argocd.argoproj.io/tracking-id";
const ARGO_INSTANCE_LABEL = "argocd.argoproj.io/instance";
const DEFAULT_INSTANCE_LABEL = "app.kubernetes.io/instance";
const FLUX_LABELS = ["kustomize.toolkit.fluxcd.io/name", "helm.toolkit.fluxcd.io/name"];
/** Label tracking is the method of these argocd-cm `application.resourceTrackingMethod` values. */
const LABEL_TRACKING_METHODS = new Set(["label", "annotation+label"]);

type Tool = "argocd" | "flux" | "helm";

export interface OwnershipIndex {
  /** The live objects, one per identity (the first one read wins), in input order. */
  readonly live: readonly SourcedObject[];
  /** The live object with this uid (the last one read wins). */
  byUid(uid: string): KubeObject | undefined;
  readonly byKey: ReadonlyMap<string, KubeObject>;
  readonly fluxInventory: ReadonlySet<string>;
  readonly helmManifest: ReadonlySet<string>;
  readonly argoApplications: ReadonlySet<string>;
  /** "namespace/<template>-<statefulset>" → the StatefulSet whose volumeClaimTemplates make such PVCs. */
  readonly claimTemplates: ReadonlyMap<string, KubeObject>;
  readonly argoLabel: { key: string; tracking: boolean };
  readonly gitopsWriters: ReadonlyArray<[Tool, GlobSet]>;
  readonly memo: Map<KubeObject, Manager>;
}

/** "group/Kind/namespace/name" ("" for the core group and for cluster-scoped objects). */
export function identityKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}/${kind}/${namespace}/${name}`;
}

export function keyOf(object: KubeObject): string {
  const { namespace, name } = object.metadata ?? {};
  return identityKey(apiGroupOf(object.apiVersion), object.kind, namespace ?? "", name ?? "");
}

/**
 * Indexes `objects` once, by uid and identity. Objects read from Helm release records (origin
 * "helm-release") only say what a release contains; every other object is a live object.
 * `gitopsManagers` enables the managedFields evidence (the data file's fieldManagers.gitops).
 */
export function buildOwnershipIndex(
  objects: readonly SourcedObject[],
  gitopsManagers?: FieldManagerRules["gitops"],
): OwnershipIndex {
  const live: SourcedObject[] = [];
  const byKey = new Map<string, KubeObject>();
  const fluxInventory = new Set<string>();
  const helmManifest = new Set<string>();
  const argoApplications = new Set<string>();
  const claimTemplates = new Map<string, KubeObject>();
  let argoLabel = { key: DEFAULT_INSTANCE_LABEL, tracking: false };
  for (const item of objects) {
    const { object } = item;
    if (item.source.origin === "helm-release") {
      addManifestEntry(helmManifest, object);
      continue;
    }
    const key = keyOf(object);
    if (byKey.has(key)) continue;
    byKey.set(key, object);
    live.push(item);
    if (object.kind === "Kustomization" && apiGroupOf(object.apiVersion) === "kustomize.toolkit.fluxcd.io") {
      for (const id of inventoryIds(object)) fluxInventory.add(id);
    }
    if (object.kind === "Application" && apiGroupOf(object.apiVersion) === "argoproj.io") {
      if (object.metadata?.name) argoApplications.add(object.metadata.name);
    }
    if (object.kind === "ConfigMap" && object.metadata?.name === "argocd-cm") argoLabel = argoLabelOf(object);
    if (object.kind === "StatefulSet") addClaimTemplates(claimTemplates, object);
  }
  const gitopsWriters = gitopsManagers
    ? (Object.entries(gitopsManagers) as [Tool, readonly string[]][]).map(
        ([tool, names]): [Tool, GlobSet] => [tool, globSet(names)],
      )
    : [];
  // Only objects with ownerReferences ask for a uid, and most objects have none: indexed on first use.
  let uids: Map<string, KubeObject> | undefined;
  const byUid = (uid: string) => {
    uids ??= uidIndex(live);
    return uids.get(uid);
  };
  return {
    live,
    byUid,
    byKey,
    fluxInventory,
    helmManifest,
    argoApplications,
    claimTemplates,
    argoLabel,
    gitopsWriters,
    memo: new Map(),
  };
}

/** The tool that owns `object` (memoised in the index). */
export function managerOf(object: KubeObject, index: OwnershipIndex): Manager {
  const known = index.memo.get(object);
  if (known !== undefined) return known;
  index.memo.set(object, "none"); // an ownerReference cycle ends here
  const claimOwner = statefulSetOfClaim(object, index);
  const viaOwner = hasOwnerReferences(object)
    ? ownerManager(object, index)
    : claimOwner !== undefined && managerOf(claimOwner, index) !== "none"
      ? "owner"
      : "none";
  const manager = viaOwner !== "none" ? viaOwner : (directManager(object, index) ?? "none");
  index.memo.set(object, manager);
  return manager;
}

function directManager(object: KubeObject, index: OwnershipIndex): Manager | undefined {
  const labels = object.metadata?.labels ?? {};
  const annotations = object.metadata?.annotations ?? {};
  const trackingId = annotations[TRACKING_ID];
  if (typeof trackingId === "string" && tracksItself(trackingId, object)) return "argocd";
  if (FLUX_LABELS.some((label) => typeof labels[label] === "string")) return "flux";
  const key = keyOf(object);
  if (index.fluxInventory.has(key)) return "flux";
  if (typeof labels[ARGO_INSTANCE_LABEL] === "string") return "argocd";
  if (
    labels["app.kubernetes.io/managed-by"] === "Helm" &&
    typeof annotations["meta.helm.sh/release-name"] === "string"
  ) {
    return "helm";
  }
  const instance = labels[index.argoLabel.key];
  if (typeof instance === "string" && (index.argoLabel.tracking || index.argoApplications.has(instance))) {
    return "argocd";
  }
  if (index.helmManifest.has(key)) return "helm";
  return writtenByGitopsManager(object, index);
}

/** Managed when any owner is managed, or is not in the input (its controller made this object). */
function ownerManager(object: KubeObject, index: OwnershipIndex): Manager {
  const namespace = object.metadata?.namespace ?? "";
  for (const reference of object.metadata?.ownerReferences ?? []) {
    const group = apiGroupOf(reference.apiVersion ?? "");
    const owner =
      (reference.uid ? index.byUid(reference.uid) : undefined) ??
      index.byKey.get(identityKey(group, reference.kind, namespace, reference.name)) ??
      index.byKey.get(identityKey(group, reference.kind, "", reference.name));
    if (owner === undefined || managerOf(owner, index) !== "none") return "owner";
  }
  return "none";
}

function uidIndex(live: readonly SourcedObject[]): Map<string, KubeObject> {
  const byUid = new Map<string, KubeObject>();
  for (const { object } of live) {
    const uid = object.metadata?.uid;
    if (typeof uid === "string" && uid !== "") byUid.set(uid, object);
  }
  return byUid;
}

/** The StatefulSet whose volumeClaimTemplates made this PVC, when it is in the input. */
export function statefulSetOfClaim(object: KubeObject, index: OwnershipIndex): KubeObject | undefined {
  if (object.kind !== "PersistentVolumeClaim" || index.claimTemplates.size === 0) return undefined;
  const ordinal = /-\d+$/.exec(object.metadata?.name ?? "");
  if (ordinal === null) return undefined;
  const stem = (object.metadata?.name ?? "").slice(0, ordinal.index);
  return index.claimTemplates.get(`${object.metadata?.namespace ?? ""}/${stem}`);
}

/**
 * A tracking id `<app>:<group>/<kind>:<namespace>/<name>` that names this object. Argo CD ignores a
 * tracking id copied onto another object (resource_tracking.md, "self-referencing").
 */
export function tracksItself(trackingId: string, object: KubeObject): boolean {
  const appEnd = trackingId.indexOf(":");
  const kindEnd = trackingId.indexOf(":", appEnd + 1);
  if (appEnd < 0 || kindEnd < 0) return false;
  const groupKind = trackingId.slice(appEnd + 1, kindEnd);
  const namespaceName = trackingId.slice(kindEnd + 1);
  const kind = groupKind.slice(groupKind.indexOf("/") + 1);
  const slash = namespaceName.indexOf("/");
  const namespace = slash < 0 ? "" : namespaceName.slice(0, slash);
  const name = slash < 0 ? namespaceName : namespaceName.slice(slash + 1);
  const objectNamespace = object.metadata?.namespace ?? "";
  const namespaceMatches = namespace === "" || objectNamespace === "" || namespace === objectNamespace;
  return kind === object.kind && name === object.metadata?.name && namespaceMatches;
}

/** A non-subresource managedFields entry written by a tool's manager (not on the tool's own CRs). */
function writtenByGitopsManager(object: KubeObject, index: OwnershipIndex): Manager | undefined {
  const entries = object.metadata?.managedFields;
  if (!Array.isArray(entries) || index.gitopsWriters.length === 0) return undefined;
  const group = apiGroupOf(object.apiVersion);
  for (const entry of entries) {
    if (typeof entry?.manager !== "string" || entry.subresource) continue;
    for (const [tool, names] of index.gitopsWriters) {
      if (names.test(entry.manager) && !isToolsOwnGroup(tool, group)) return tool;
    }
  }
  return undefined;
}

/** The tool's controllers write the status of their own custom resources, which says nothing of Git. */
function isToolsOwnGroup(tool: Tool, group: string): boolean {
  if (tool === "argocd") return group === "argoproj.io";
  if (tool === "flux") return group.endsWith(".toolkit.fluxcd.io");
  return false;
}

function hasOwnerReferences(object: KubeObject): boolean {
  const owners = object.metadata?.ownerReferences;
  return Array.isArray(owners) && owners.length > 0;
}

/** Identity keys of a Kustomization's inventory; names may hold "_", the other parts never do. */
function inventoryIds(kustomization: KubeObject): string[] {
  const inventory = (kustomization.status as { inventory?: { entries?: unknown } } | undefined)?.inventory;
  const entries = Array.isArray(inventory?.entries) ? inventory.entries : [];
  const keys: string[] = [];
  for (const entry of entries) {
    const id = (entry as { id?: unknown })?.id;
    if (typeof id !== "string") continue;
    const parts = id.split("_");
    if (parts.length < 4) continue;
    const namespace = parts[0] ?? "";
    const kind = parts[parts.length - 1] ?? "";
    const group = parts[parts.length - 2] ?? "";
    keys.push(identityKey(group, kind, namespace, parts.slice(1, -2).join("_")));
  }
  return keys;
}

/** A release manifest entry: Helm's reader gives cluster-scoped objects the release namespace too. */
function addManifestEntry(manifest: Set<string>, object: KubeObject): void {
  const group = apiGroupOf(object.apiVersion);
  const name = object.metadata?.name ?? "";
  manifest.add(identityKey(group, object.kind, object.metadata?.namespace ?? "", name));
  manifest.add(identityKey(group, object.kind, "", name));
}

function addClaimTemplates(templates: Map<string, KubeObject>, statefulSet: KubeObject): void {
  const spec = statefulSet.spec as { volumeClaimTemplates?: unknown } | undefined;
  const claims = Array.isArray(spec?.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
  const { namespace, name } = statefulSet.metadata ?? {};
  for (const claim of claims) {
    const template = (claim as { metadata?: { name?: unknown } })?.metadata?.name;
    if (typeof template === "string")
      templates.set(`${namespace ?? ""}/${template}-${name ?? ""}`, statefulSet);
  }
}

function argoLabelOf(configMap: KubeObject): { key: string; tracking: boolean } {
  const data = (configMap.data ?? {}) as Record<string, unknown>;
  const key = data["application.instanceLabelKey"];
  const method = data["application.resourceTrackingMethod"];
  return {
    key: typeof key === "string" && key !== "" ? key : DEFAULT_INSTANCE_LABEL,
    tracking: typeof method === "string" && LABEL_TRACKING_METHODS.has(method.trim()),
  };
}
