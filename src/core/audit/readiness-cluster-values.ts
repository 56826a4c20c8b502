// Cluster-specific values: the few things that are not identical between blue and green and cause silent
// failures when copied: IRSA role ARNs (tied to one cluster's OIDC provider), hostnames, ExternalDNS set
// identifiers and owner ids, the cluster name in configuration, node pinning, storage classes, caBundles.
import type { KubeObject } from "../types.js";
import { count, listSome, makeCheck } from "./readiness-common.js";
import type { DnsFacts } from "./readiness-dns.js";
import {
  annotationsOf,
  asRecord,
  asString,
  at,
  flagValues,
  nameOf,
  namespaceOf,
  records,
  stringMap,
  strings,
} from "./readiness-fields.js";
import type { ReadinessIndex, Workload } from "./readiness-index.js";
import type { StorageFacts } from "./readiness-volumes.js";
import type { ReadinessCheck } from "./types.js";

export const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

/** Node labels whose values belong to one cluster's zones, instance types, node groups or nodes. */
const CLUSTER_BOUND_NODE_LABELS = new Set([
  "topology.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/zone",
  "topology.ebs.csi.aws.com/zone",
  "topology.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/region",
  "node.kubernetes.io/instance-type",
  "beta.kubernetes.io/instance-type",
  "eks.amazonaws.com/nodegroup",
  "alpha.eksctl.io/nodegroup-name",
  "karpenter.sh/nodepool",
  "karpenter.sh/provisioner-name",
  "kubernetes.io/hostname",
]);

/** Annotations with which cert-manager's cainjector fills a caBundle (green gets its own automatically). */
const CA_INJECTION_ANNOTATIONS = [
  "cert-manager.io/inject-ca-from",
  "cert-manager.io/inject-ca-from-secret",
  "cert-manager.io/inject-apiserver-ca",
];

interface Item {
  evidence: string;
  action: string;
  facts: Record<string, unknown>;
}

function shortRef(object: KubeObject): string {
  const namespace = namespaceOf(object);
  return namespace ? `${namespace}/${nameOf(object)}` : nameOf(object);
}

function irsa(index: ReadinessIndex): Item | undefined {
  const roles = index.ofType("", "ServiceAccount").flatMap((account) => {
    const arn = asString(annotationsOf(account)[IRSA_ANNOTATION]);
    return arn ? [{ serviceAccount: shortRef(account), roleArn: arn }] : [];
  });
  if (roles.length === 0) return undefined;
  return {
    evidence: `${count(roles.length, "ServiceAccount")} with IRSA role ARNs (${IRSA_ANNOTATION}): ${listSome(roles.map((role) => role.serviceAccount))}`,
    action: `Trust green's OIDC provider in the ${count(new Set(roles.map((role) => role.roleArn)).size, "IAM role")} (or create per-cluster roles and template the ARNs per cluster)`,
    facts: { irsa: roles },
  };
}

function dnsValues(dns: DnsFacts): Item[] {
  const items: Item[] = [];
  if (dns.hostnames.length > 0) {
    items.push({
      evidence: `${count(dns.hostnames.length, "hostname")} served: ${listSome(dns.hostnames)}`,
      action:
        "Decide which hostnames green answers during the migration (per-cluster names next to the shared weighted name)",
      facts: { hostnames: dns.hostnames },
    });
  }
  const setIdentifiers = [...new Set(dns.weighted.flatMap((record) => record.setIdentifier ?? []))];
  const ownerIds = [...new Set(dns.externalDns.map((instance) => instance.ownerId ?? "default"))];
  if (setIdentifiers.length + ownerIds.length > 0) {
    items.push({
      evidence: `ExternalDNS identity: set identifiers ${listSome(setIdentifiers) || "none"}; owner ids ${listSome(ownerIds) || "none"}`,
      action:
        "Give green its own set-identifier and --txt-owner-id (its cluster name) and start its records at weight 0",
      facts: { setIdentifiers, ownerIds },
    });
  }
  return items;
}

/** A word-bounded match of the cluster name, so "prod" does not match "production". */
function nameMatcher(clusterName: string): (text: string) => boolean {
  const escaped = clusterName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`);
  // The substring test first: most values do not contain the name at all.
  return (text) => text.includes(clusterName) && pattern.test(text);
}

/** A container configured with a cluster name: --cluster-name, a *CLUSTER_NAME* variable, or the name itself. */
function namesCluster(
  container: Record<string, unknown>,
  mentions: ((text: string) => boolean) | undefined,
): boolean {
  if (container.command === undefined && container.args === undefined && container.env === undefined)
    return false;
  const argv = [...strings(container.command), ...strings(container.args)];
  if (flagValues(argv, "--cluster-name").length + flagValues(argv, "--clusterName").length > 0) return true;
  const env = records(container.env);
  if (env.some((variable) => /CLUSTER_NAME/i.test(asString(variable.name) ?? ""))) return true;
  if (mentions === undefined) return false;
  return argv.some(mentions) || env.some((variable) => mentions(asString(variable.value) ?? ""));
}

function clusterNameUses(index: ReadinessIndex, clusterName: string | undefined): Item | undefined {
  const mentions = clusterName === undefined ? undefined : nameMatcher(clusterName);
  const uses: string[] = [];
  for (const workload of index.workloads) {
    if (workload.containers.some((container) => namesCluster(container, mentions))) uses.push(workload.ref);
  }
  if (mentions !== undefined) {
    for (const configMap of index.ofType("", "ConfigMap")) {
      const data = asRecord(configMap.data) ?? {};
      const keys = Object.keys(data).filter((key) => {
        const value = data[key];
        return typeof value === "string" && mentions(value);
      });
      if (keys.length > 0) uses.push(`ConfigMap ${shortRef(configMap)} (${keys.join(", ")})`);
    }
  }
  const distinct = [...new Set(uses)];
  if (distinct.length === 0) return undefined;
  return {
    evidence: `The cluster name is configured in ${count(distinct.length, "place")}: ${listSome(distinct)}`,
    action:
      "Template the cluster name per cluster (for example from Argo CD cluster-secret annotations) instead of copying blue's",
    facts: { clusterNameUses: distinct },
  };
}

/** Node label keys a pod spec pins to, from nodeSelector and required or preferred node affinity. */
function pinnedLabels(workload: Workload): string[] {
  const affinity = at(workload.podSpec, "affinity", "nodeAffinity");
  const required = records(
    at(affinity, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"),
  );
  const preferred = records(at(affinity, "preferredDuringSchedulingIgnoredDuringExecution")).map(
    (term) => asRecord(term.preference) ?? {},
  );
  const expressionKeys = [...required, ...preferred].flatMap((term) =>
    records(term.matchExpressions).flatMap((expression) => asString(expression.key) ?? []),
  );
  const keys = [...Object.keys(stringMap(workload.podSpec.nodeSelector)), ...expressionKeys];
  return [...new Set(keys.filter((label) => CLUSTER_BOUND_NODE_LABELS.has(label)))];
}

function nodePinning(index: ReadinessIndex): Item | undefined {
  const pinned = index.workloads.flatMap((workload) => {
    const labels = pinnedLabels(workload);
    return labels.length > 0 ? [`${workload.ref} (${labels.join(", ")})`] : [];
  });
  if (pinned.length === 0) return undefined;
  return {
    evidence: `${count(pinned.length, "workload")} pinned to zones, instance types, node groups or nodes: ${listSome(pinned)}`,
    action:
      "Make sure green has nodes with these labels (zones, instance types, node pools), or relax the selectors",
    facts: { nodePinning: pinned },
  };
}

function caBundles(index: ReadinessIndex): Item | undefined {
  const holders: { ref: string; injected: boolean }[] = [];
  const webhookKinds = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];
  const withBundle = [
    ...webhookKinds.flatMap((kind) =>
      index
        .ofType("admissionregistration.k8s.io", kind)
        .filter((config) => records(config.webhooks).some((hook) => at(hook, "clientConfig", "caBundle"))),
    ),
    ...index
      .ofType("apiregistration.k8s.io", "APIService")
      .filter((service) => at(service, "spec", "caBundle")),
    ...index
      .ofType("apiextensions.k8s.io", "CustomResourceDefinition")
      .filter((crd) => at(crd, "spec", "conversion", "webhook", "clientConfig", "caBundle")),
  ];
  for (const object of withBundle) {
    const annotations = annotationsOf(object);
    holders.push({
      ref: `${object.kind} ${nameOf(object)}`,
      injected: CA_INJECTION_ANNOTATIONS.some((key) => annotations[key] !== undefined),
    });
  }
  if (holders.length === 0) return undefined;
  const fixed = holders.filter((holder) => !holder.injected).map((holder) => holder.ref);
  return {
    evidence: `${count(holders.length, "webhook or API service", "webhooks or API services")} with a caBundle (${holders.length - fixed.length} injected by cert-manager)${fixed.length > 0 ? `; set by their installer or controller: ${listSome(fixed)}` : ""}`,
    action:
      "Let green's cert-manager or the owning controllers generate the CA bundles; never copy them from blue",
    facts: { caBundles: holders },
  };
}

function storageClasses(storage: StorageFacts): Item | undefined {
  const defined = new Set(storage.classes.map((entry) => entry.name));
  const missing = [
    ...new Set(
      storage.volumes.flatMap((volume) => volume.storageClass ?? []).filter((name) => !defined.has(name)),
    ),
  ];
  if (missing.length === 0) return undefined;
  return {
    evidence: `Storage classes asked for but not defined in the input: ${listSome(missing)}`,
    action: "Create these storage classes in green (from code) before the workloads that claim them",
    facts: { undefinedStorageClasses: missing },
  };
}

export function clusterValuesCheck(
  index: ReadinessIndex,
  dns: DnsFacts,
  storage: StorageFacts,
  clusterName: string | undefined,
): ReadinessCheck {
  const podIdentity = index.ofType("eks.services.k8s.aws", "PodIdentityAssociation").length;
  const items = [
    irsa(index),
    ...dnsValues(dns),
    clusterNameUses(index, clusterName),
    nodePinning(index),
    caBundles(index),
    storageClasses(storage),
  ].filter((item): item is Item => item !== undefined);
  const evidence = [
    ...items.map((item) => item.evidence),
    `EKS Pod Identity associations are not Kubernetes objects${podIdentity > 0 ? ` (${count(podIdentity, "ACK PodIdentityAssociation")} found)` : ""}: list blue's with aws eks list-pod-identity-associations and create them for green`,
    ...(clusterName === undefined ? ["No cluster name given: ConfigMaps were not searched for it"] : []),
    `Storage classes defined: ${listSome(storage.classes.map((entry) => entry.name)) || "none in the input"}`,
  ];
  const facts = Object.assign(
    { storageClasses: storage.classes.map((entry) => entry.name), podIdentityAssociations: podIdentity },
    ...items.map((item) => item.facts),
  );
  return makeCheck(
    "cluster-specific-values",
    items.length > 0 ? "warn" : "pass",
    evidence,
    items.map((item) => item.action),
    facts,
  );
}
