// What the API server, its admission plugins and controllers write into an object that its manifest left
// out: the data the desired-state diff strips from both sides before comparing, so a live object and its
// manifest compare equal when only defaults differ. Sources: the Kubernetes API defaulting functions
// (pkg/apis/*/v1/defaults.go), Konveyor Crane's strip list, Argo CD's normalisations, kubectl-neat.
//
// Paths are dotted from the object root; `["a.b/c"]` is a key with dots; `[]` visits every element of an
// array. A field is dropped when its value equals `drop`, or when `drop` is a predicate and returns true
// for (value, parent). Pod and container defaults are in normalize-pod-defaults.ts.

import type { DefaultedField, GroupKind } from "./default-types.js";
import { POD_SPEC_DEFAULTS, POD_SPEC_PATHS } from "./normalize-pod-defaults.js";

const always = () => true;

/** Written by the server on every object, never by a manifest. */
export const SERVER_SET_METADATA: readonly string[] = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
  // Set by controllers (garbage collector, PVC protection, load balancer cleanup), never by Git.
  "finalizers",
  // Carry the owner's uid, which differs on every cluster; owned objects are compared through their owner.
  "ownerReferences",
];

/** Annotations that record how or when an object was written, not what it should be. */
export const WRITER_ANNOTATIONS: readonly string[] = [
  "kubectl.kubernetes.io/last-applied-configuration",
  "kubectl.kubernetes.io/restartedAt",
  "deployment.kubernetes.io/revision",
  "deprecated.daemonset.template.generation",
  // GitOps and Helm tracking: equal on every cluster that syncs the same app, absent from rendered output.
  "argocd.argoproj.io/tracking-id",
  "argocd.argoproj.io/installation-id",
  "meta.helm.sh/release-name",
  "meta.helm.sh/release-namespace",
  // PVC binding and provisioning, written by the volume controllers.
  "pv.kubernetes.io/bind-completed",
  "pv.kubernetes.io/bound-by-controller",
  "pv.kubernetes.io/provisioned-by",
  "volume.beta.kubernetes.io/storage-provisioner",
  "volume.kubernetes.io/storage-provisioner",
  "volume.kubernetes.io/selected-node",
  // Leader election and autoscaler bookkeeping (Argo CD ignores these too).
  "control-plane.alpha.kubernetes.io/leader",
  "cluster-autoscaler.kubernetes.io/last-updated",
];

/** Labels written by GitOps tools and the API server. */
export const WRITER_LABELS: readonly string[] = [
  "argocd.argoproj.io/instance",
  "kustomize.toolkit.fluxcd.io/name",
  "kustomize.toolkit.fluxcd.io/namespace",
  "helm.toolkit.fluxcd.io/name",
  "helm.toolkit.fluxcd.io/namespace",
  // Argo CD's label tracking writes the app name here; charts also set it, so both sides drop it.
  "app.kubernetes.io/instance",
  // The API server labels every Namespace with its own name (1.21+).
  "kubernetes.io/metadata.name",
];

/** Defaults per kind, object-relative; pod-spec defaults are added for every kind in POD_SPEC_PATHS. */
const KIND_DEFAULTS: Readonly<Record<GroupKind, DefaultedField[]>> = {
  Pod: [{ path: "spec.nodeName", drop: always }],
  Service: [
    { path: "spec.type", drop: "ClusterIP" },
    { path: "spec.sessionAffinity", drop: "None" },
    { path: "spec.internalTrafficPolicy", drop: "Cluster" },
    { path: "spec.externalTrafficPolicy", drop: "Cluster" },
    { path: "spec.allocateLoadBalancerNodePorts", drop: true },
    { path: "spec.ipFamilies", drop: always },
    { path: "spec.ipFamilyPolicy", drop: always },
    { path: "spec.ports[].protocol", drop: "TCP" },
    { path: "spec.ports[].targetPort", drop: (value, port) => value === port.port },
  ],
  "Deployment.apps": [
    { path: "spec.progressDeadlineSeconds", drop: 600 },
    { path: "spec.revisionHistoryLimit", drop: 10 },
    { path: "spec.strategy.rollingUpdate.maxSurge", drop: "25%" },
    { path: "spec.strategy.rollingUpdate.maxUnavailable", drop: "25%" },
    { path: "spec.strategy.type", drop: "RollingUpdate" },
    { path: "spec.replicas", drop: 1 },
  ],
  "StatefulSet.apps": [
    { path: "spec.podManagementPolicy", drop: "OrderedReady" },
    { path: "spec.revisionHistoryLimit", drop: 10 },
    { path: "spec.updateStrategy.rollingUpdate.partition", drop: 0 },
    { path: "spec.updateStrategy.type", drop: "RollingUpdate" },
    { path: "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", drop: "Retain" },
    { path: "spec.persistentVolumeClaimRetentionPolicy.whenScaled", drop: "Retain" },
    { path: "spec.replicas", drop: 1 },
    { path: "spec.volumeClaimTemplates[].apiVersion", drop: "v1" },
    { path: "spec.volumeClaimTemplates[].kind", drop: "PersistentVolumeClaim" },
    { path: "spec.volumeClaimTemplates[].status", drop: always },
    { path: "spec.volumeClaimTemplates[].spec.volumeMode", drop: "Filesystem" },
  ],
  "DaemonSet.apps": [
    { path: "spec.revisionHistoryLimit", drop: 10 },
    { path: "spec.updateStrategy.rollingUpdate.maxSurge", drop: 0 },
    { path: "spec.updateStrategy.rollingUpdate.maxUnavailable", drop: 1 },
    { path: "spec.updateStrategy.type", drop: "RollingUpdate" },
  ],
  "Job.batch": [
    { path: "spec.backoffLimit", drop: 6 },
    { path: "spec.completionMode", drop: "NonIndexed" },
    { path: "spec.completions", drop: 1 },
    { path: "spec.parallelism", drop: 1 },
    { path: "spec.suspend", drop: false },
    { path: "spec.podReplacementPolicy", drop: "TerminatingOrFailed" },
    // The Job controller selects its pods by its own uid and labels the template with it.
    { path: "spec.selector", drop: always },
    ...[
      "controller-uid",
      "batch.kubernetes.io/controller-uid",
      "job-name",
      "batch.kubernetes.io/job-name",
    ].map((label) => ({ path: `spec.template.metadata.labels["${label}"]`, drop: always })),
  ],
  "CronJob.batch": [
    { path: "spec.concurrencyPolicy", drop: "Allow" },
    { path: "spec.failedJobsHistoryLimit", drop: 1 },
    { path: "spec.successfulJobsHistoryLimit", drop: 3 },
    { path: "spec.suspend", drop: false },
  ],
  PersistentVolumeClaim: [{ path: "spec.volumeMode", drop: "Filesystem" }],
  PersistentVolume: [
    { path: "spec.volumeMode", drop: "Filesystem" },
    { path: "spec.hostPath.type", drop: "" },
    { path: "spec.claimRef.uid", drop: always },
    { path: "spec.claimRef.resourceVersion", drop: always },
  ],
  Namespace: [{ path: "spec.finalizers", drop: ["kubernetes"] }],
  "StorageClass.storage.k8s.io": [
    { path: "reclaimPolicy", drop: "Delete" },
    { path: "volumeBindingMode", drop: "Immediate" },
  ],
  "ClusterRoleBinding.rbac.authorization.k8s.io": [
    { path: "subjects[].apiGroup", drop: (value, subject) => isDefaultSubjectGroup(value, subject) },
  ],
  "RoleBinding.rbac.authorization.k8s.io": [
    { path: "subjects[].apiGroup", drop: (value, subject) => isDefaultSubjectGroup(value, subject) },
  ],
  // An empty rule list is no list; aggregated ClusterRoles get their rules from the roles they select
  // (Argo CD: ignoreAggregatedRoles).
  "ClusterRole.rbac.authorization.k8s.io": [
    { path: "rules", drop: (rules, role) => isEmptyList(rules) || role.aggregationRule !== undefined },
  ],
  "Role.rbac.authorization.k8s.io": [{ path: "rules", drop: [] }],
  Endpoints: [{ path: "subsets[].ports[].protocol", drop: "TCP" }],
  "EndpointSlice.discovery.k8s.io": [{ path: "ports[].protocol", drop: "TCP" }],
  "CustomResourceDefinition.apiextensions.k8s.io": [{ path: "spec.conversion.strategy", drop: "None" }],
  ...webhookDefaults(),
};

const isEmptyList = (value: unknown) => Array.isArray(value) && value.length === 0;

function isDefaultSubjectGroup(value: unknown, subject: Record<string, unknown>): boolean {
  if (subject.kind === "ServiceAccount") return value === "";
  return value === "rbac.authorization.k8s.io";
}

function webhookDefaults(): Record<GroupKind, DefaultedField[]> {
  const common: DefaultedField[] = [
    { path: "webhooks[].failurePolicy", drop: "Fail" },
    { path: "webhooks[].matchPolicy", drop: "Equivalent" },
    { path: "webhooks[].timeoutSeconds", drop: 10 },
    { path: "webhooks[].namespaceSelector", drop: {} },
    { path: "webhooks[].objectSelector", drop: {} },
    { path: "webhooks[].rules[].scope", drop: "*" },
    { path: "webhooks[].clientConfig.service.port", drop: 443 },
  ];
  return {
    "ValidatingWebhookConfiguration.admissionregistration.k8s.io": common,
    "MutatingWebhookConfiguration.admissionregistration.k8s.io": [
      ...common,
      { path: "webhooks[].reinvocationPolicy", drop: "Never" },
    ],
  };
}

/** Defaults that older API versions had (`apiVersion/Kind`), on top of the kind's own. */
const VERSION_DEFAULTS: Readonly<Record<string, DefaultedField[]>> = {
  ...Object.fromEntries(
    ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"].map((kind) => [
      `admissionregistration.k8s.io/v1beta1/${kind}`,
      [
        { path: "webhooks[].failurePolicy", drop: "Ignore" },
        { path: "webhooks[].matchPolicy", drop: "Exact" },
        { path: "webhooks[].sideEffects", drop: "Unknown" },
        { path: "webhooks[].timeoutSeconds", drop: 30 },
        { path: "webhooks[].admissionReviewVersions", drop: ["v1beta1"] },
      ],
    ]),
  ),
};

/** Every defaulted field of a kind at an API version, pod-spec defaults included, as object-root paths. */
export function defaultsFor(groupKind: GroupKind, apiVersion: string): readonly DefaultedField[] {
  // Built once per kind and version: the same list is what dropTreeOf caches its tree by.
  let byVersion = CACHE.get(groupKind);
  if (byVersion === undefined) {
    byVersion = new Map();
    CACHE.set(groupKind, byVersion);
  }
  const cached = byVersion.get(apiVersion);
  if (cached) return cached;
  const kind = groupKind.split(".")[0] ?? groupKind;
  const podSpec = POD_SPEC_PATHS[groupKind];
  const fields = [
    ...(VERSION_DEFAULTS[`${apiVersion}/${kind}`] ?? []),
    ...(KIND_DEFAULTS[groupKind] ?? []),
    ...(podSpec ? POD_SPEC_DEFAULTS.map((field) => ({ ...field, path: `${podSpec}.${field.path}` })) : []),
  ];
  byVersion.set(apiVersion, fields);
  return fields;
}

const CACHE = new Map<GroupKind, Map<string, DefaultedField[]>>();

/**
 * Fields the cluster allocates or fills in when the manifest leaves them out, and that differ on every
 * cluster: dropped from the live object only when the desired object does not set them, so a value
 * pinned in Git is still compared.
 */
export const ALLOCATED_WHEN_UNDECLARED: Readonly<Record<GroupKind, readonly string[]>> = {
  Service: ["spec.clusterIP", "spec.clusterIPs", "spec.ports[].nodePort", "spec.healthCheckNodePort"],
  PersistentVolumeClaim: ["spec.volumeName", "spec.storageClassName"],
  ServiceAccount: ["secrets"],
  // Scaled by an HPA, KEDA or a person when Git leaves replicas out (as Argo CD recommends with an HPA).
  "Deployment.apps": ["spec.replicas"],
  "StatefulSet.apps": ["spec.replicas"],
  "Rollout.argoproj.io": ["spec.replicas"],
  "ValidatingWebhookConfiguration.admissionregistration.k8s.io": ["webhooks[].clientConfig.caBundle"],
  "MutatingWebhookConfiguration.admissionregistration.k8s.io": ["webhooks[].clientConfig.caBundle"],
  "APIService.apiregistration.k8s.io": ["spec.caBundle"],
  "CustomResourceDefinition.apiextensions.k8s.io": ["spec.conversion.webhook.clientConfig.caBundle"],
};
