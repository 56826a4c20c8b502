// Which kinds have no namespace: built-in and common add-on kinds, as "Kind.group" ("Kind" for the core group).
// Sources use it where no cluster tells them (a Helm release's manifest), the audit where no live object does.

/**
 * Built-in and common add-on kinds that have no namespace. Kinds not listed are namespaced unless a live
 * object of the kind shows otherwise.
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
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
  "PodSecurityPolicy.extensions",
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

/** True for a cluster-scoped kind of the list, by apiVersion and kind (the version does not matter). */
export function isClusterScopedType(apiVersion: string, kind: string): boolean {
  const slash = apiVersion.indexOf("/");
  const group = slash === -1 ? "" : apiVersion.slice(0, slash);
  return CLUSTER_SCOPED.has(group === "" ? kind : `${kind}.${group}`);
}
