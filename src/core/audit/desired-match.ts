// How a desired object finds its live counterpart: by group, kind, namespace and name, with the namespace
// of a manifest that leaves it out resolved the way `kubectl apply` would (or from the live object).

import type { KubeObject, SourcedObject } from "../types.js";
import type { GroupKind } from "./default-types.js";
import { groupKindOf } from "./normalize.js";

/**
 * Built-in and common add-on kinds that have no namespace. Kinds not listed are namespaced unless a live
 * object of the kind shows otherwise.
 */
const CLUSTER_SCOPED: ReadonlySet<GroupKind> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ComponentStatus",
  "ClusterRole.rbac.authorization.k8s.io",
  "ClusterRoleBinding.rbac.authorization.k8s.io",
  "CustomResourceDefinition.apiextensions.k8s.io",
  "APIService.apiregistration.k8s.io",
  "StorageClass.storage.k8s.io",
  "CSIDriver.storage.k8s.io",
  "CSINode.storage.k8s.io",
  "VolumeAttachment.storage.k8s.io",
  "PriorityClass.scheduling.k8s.io",
  "RuntimeClass.node.k8s.io",
  "IngressClass.networking.k8s.io",
  "MutatingWebhookConfiguration.admissionregistration.k8s.io",
  "ValidatingWebhookConfiguration.admissionregistration.k8s.io",
  "ValidatingAdmissionPolicy.admissionregistration.k8s.io",
  "ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io",
  "CertificateSigningRequest.certificates.k8s.io",
  "FlowSchema.flowcontrol.apiserver.k8s.io",
  "PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io",
  "PodSecurityPolicy.policy",
  "ClusterIssuer.cert-manager.io",
  "ClusterSecretStore.external-secrets.io",
  "ClusterExternalSecret.external-secrets.io",
  "NodePool.karpenter.sh",
  "NodeClaim.karpenter.sh",
  "EC2NodeClass.karpenter.k8s.aws",
  "Provisioner.karpenter.sh",
  "AWSNodeTemplate.karpenter.k8s.aws",
  "ClusterPolicy.kyverno.io",
]);

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
