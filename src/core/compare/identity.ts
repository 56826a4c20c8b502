// How an object is known on both sides: its identity (group, kind, namespace, name, whatever the API
// version), the application it belongs to, and the GitOps identity that survives a renamed namespace.

import { groupKindOf } from "../audit/normalize.js";
import { TRACKING_ID } from "../audit/ownership.js";
import { annotationsOf, asString, at, groupOf, labelsOf, records } from "../audit/readiness-fields.js";
import type { KubeObject } from "../types.js";
import type { AppId, ObjectRef } from "./types.js";

const ARGO_INSTANCE = "argocd.argoproj.io/instance";
const FLUX_NAME = "kustomize.toolkit.fluxcd.io/name";
const FLUX_NAMESPACE = "kustomize.toolkit.fluxcd.io/namespace";
const FLUX_HELM_NAME = "helm.toolkit.fluxcd.io/name";
const FLUX_HELM_NAMESPACE = "helm.toolkit.fluxcd.io/namespace";
const HELM_RELEASE = "meta.helm.sh/release-name";
const HELM_NAMESPACE = "meta.helm.sh/release-namespace";

/** The group an object is compared under: moved kinds under their new group, so API versions never split. */
export function refOf(object: KubeObject): ObjectRef {
  const groupKind = groupKindOf(object);
  const dot = groupKind.indexOf(".");
  return {
    group: dot === -1 ? "" : groupKind.slice(dot + 1),
    kind: object.kind,
    namespace: object.metadata?.namespace || null,
    name: object.metadata?.name ?? "",
  };
}

/** "Kind.group" (or "Kind" for the core group). */
export function groupKindText(ref: Pick<ObjectRef, "group" | "kind">): string {
  return ref.group === "" ? ref.kind : `${ref.kind}.${ref.group}`;
}

/** The join key: group/Kind/namespace/name. */
export function joinKey(ref: ObjectRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}

/** "Deployment shop/web", "ClusterRole admin". */
export function refText(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

export function isArgoApplication(object: KubeObject): boolean {
  return object.kind === "Application" && groupOf(object.apiVersion) === "argoproj.io";
}

export function isFluxKustomization(object: KubeObject): boolean {
  return object.kind === "Kustomization" && groupOf(object.apiVersion) === "kustomize.toolkit.fluxcd.io";
}

function app(via: AppId["via"], name: string): AppId {
  return { id: via === "cluster" ? "cluster" : `${via}:${name}`, via, name };
}

/** The Argo CD application of a tracking id "app:group/Kind:namespace/name" ("ns_app" for apps-in-any-namespace). */
function trackedApp(object: KubeObject): string | undefined {
  const id = asString(annotationsOf(object)[TRACKING_ID]);
  const colon = id?.indexOf(":") ?? -1;
  return id && colon > 0 ? id.slice(0, colon) : undefined;
}

/**
 * The application an object belongs to, from its own metadata: the Argo CD tracking id or instance label,
 * the Flux labels, the Helm release, else its namespace, else "cluster". Flux inventories (which list
 * objects without labels) are applied later by `inventoryApps`.
 */
export function appOf(object: KubeObject): AppId {
  const namespace = object.metadata?.namespace || null;
  if (isArgoApplication(object)) return app("argocd", object.metadata?.name ?? "");
  if (isFluxKustomization(object)) return app("flux", `${namespace ?? ""}/${object.metadata?.name ?? ""}`);
  const labels = labelsOf(object);
  const annotations = annotationsOf(object);
  const argo = trackedApp(object) ?? asString(labels[ARGO_INSTANCE]);
  if (argo) return app("argocd", argo);
  const flux = asString(labels[FLUX_NAME]);
  if (flux) return app("flux", `${asString(labels[FLUX_NAMESPACE]) ?? namespace ?? ""}/${flux}`);
  const fluxHelm = asString(labels[FLUX_HELM_NAME]);
  if (fluxHelm) {
    return app("helm", `${asString(labels[FLUX_HELM_NAMESPACE]) ?? namespace ?? ""}/${fluxHelm}`);
  }
  const release = asString(annotations[HELM_RELEASE]);
  if (release) return app("helm", `${asString(annotations[HELM_NAMESPACE]) ?? namespace ?? ""}/${release}`);
  return namespace ? app("namespace", namespace) : app("cluster", "");
}

/**
 * The key that joins an object moved to another namespace: the application it is deployed by plus its
 * group, kind and name. Only for objects a GitOps tool tracks (their application names them on both sides).
 */
export function gitopsKey(object: KubeObject, ref: ObjectRef): string | undefined {
  const owner = appOf(object);
  if (owner.via !== "argocd" && owner.via !== "flux") return undefined;
  if (isArgoApplication(object) || isFluxKustomization(object)) return undefined;
  return `${owner.id}|${ref.group}/${ref.kind}/${ref.name}`;
}

/** A Flux Kustomization's inventory: "namespace_name_group_Kind" → the Kustomization's app. */
export function inventoryApps(object: KubeObject): [string, AppId][] {
  if (!isFluxKustomization(object)) return [];
  const owner = appOf(object);
  return records(at(object, "status", "inventory", "entries")).flatMap((entry) => {
    const id = asString(entry.id);
    return id ? [[inventoryKey(id), owner] as [string, AppId]] : [];
  });
}

/** An inventory id "<namespace>_<name>_<group>_<Kind>" as a join key. */
function inventoryKey(id: string): string {
  const parts = id.split("_");
  const kind = parts.pop() ?? "";
  const group = parts.pop() ?? "";
  const namespace = parts.shift() ?? "";
  return `${group}/${kind}/${namespace}/${parts.join("_")}`;
}
