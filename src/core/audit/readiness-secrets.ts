// Secrets green can get by itself (from an external store, Git, an operator or a Helm release) versus
// hand-made Secrets someone pasted into blue, which green will not have. Only names are ever reported.
import type { KubeObject } from "../types.js";
import { count, listSome, makeCheck } from "./readiness-common.js";
import {
  annotationsOf,
  asRecord,
  asString,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  objectRef,
} from "./readiness-fields.js";
import type { ReadinessIndex } from "./readiness-index.js";
import type { Manager, ReadinessCheck } from "./types.js";

/** Where a Secret comes from, decided by the first rule of classifySecret that matches. */
export type SecretOrigin =
  | "service-account-token"
  | "system"
  | "helm-release-record"
  | "external-secret"
  | "sealed-secret"
  | "secrets-store-csi"
  | "cert-manager"
  | "operator"
  | "helm"
  | "gitops"
  | "argocd-cluster-config"
  | "hand-made";

/** The external secret machinery: kinds whose presence shows secrets come from a store. */
const STORE_KINDS = [
  ["external-secrets.io", "ExternalSecret"],
  ["external-secrets.io", "ClusterExternalSecret"],
  ["external-secrets.io", "SecretStore"],
  ["external-secrets.io", "ClusterSecretStore"],
  ["secrets-store.csi.x-k8s.io", "SecretProviderClass"],
  ["bitnami.com", "SealedSecret"],
] as const;

function key(namespace: string | null, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

/** Secrets that ExternalSecrets and SealedSecrets write: namespace/name of their targets. */
function targetsOf(index: ReadinessIndex, group: string, kind: string, namePath: string[]): Set<string> {
  const targets = new Set<string>();
  for (const object of index.ofType(group, kind)) {
    targets.add(key(namespaceOf(object), asString(at(object, ...namePath)) ?? nameOf(object)));
  }
  return targets;
}

export function classifySecret(
  secret: KubeObject,
  managerOf: (object: KubeObject) => Manager,
  targets: { external: Set<string>; sealed: Set<string> },
): SecretOrigin {
  const type = asString(secret.type);
  const labels = labelsOf(secret);
  const annotations = annotationsOf(secret);
  const id = key(namespaceOf(secret), nameOf(secret));
  const ownerKinds = (secret.metadata?.ownerReferences ?? []).map((owner) => owner.kind);
  if (type === "kubernetes.io/service-account-token") return "service-account-token";
  if (type === "bootstrap.kubernetes.io/token") return "system";
  if (type === "helm.sh/release.v1" || labels.owner === "helm") return "helm-release-record";
  if (targets.external.has(id) || ownerKinds.includes("ExternalSecret")) return "external-secret";
  if (targets.sealed.has(id) || ownerKinds.includes("SealedSecret")) return "sealed-secret";
  if (labels["secrets-store.csi.k8s.io/managed"] === "true") return "secrets-store-csi";
  if (annotations["cert-manager.io/certificate-name"] !== undefined) return "cert-manager";
  if (ownerKinds.length > 0) return "operator";
  const manager = managerOf(secret);
  const helmLabel = labels["app.kubernetes.io/managed-by"] === "Helm";
  if (manager === "helm" || helmLabel || annotations["meta.helm.sh/release-name"] !== undefined)
    return "helm";
  if (manager === "argocd" || manager === "flux") return "gitops";
  if (labels["argocd.argoproj.io/secret-type"] !== undefined) return "argocd-cluster-config";
  return "hand-made";
}

/** The store providers in use ("aws", "vault"), from SecretStore and ClusterSecretStore specs. */
function providersOf(index: ReadinessIndex): string[] {
  const stores = [
    ...index.ofType("external-secrets.io", "SecretStore"),
    ...index.ofType("external-secrets.io", "ClusterSecretStore"),
  ];
  const providers = stores.flatMap((store) => Object.keys(asRecord(at(store, "spec", "provider")) ?? {}));
  return [...new Set(providers)].sort();
}

export function externalSecretsCheck(
  index: ReadinessIndex,
  managerOf: (object: KubeObject) => Manager,
): ReadinessCheck {
  const targets = {
    external: targetsOf(index, "external-secrets.io", "ExternalSecret", ["spec", "target", "name"]),
    sealed: targetsOf(index, "bitnami.com", "SealedSecret", ["spec", "template", "metadata", "name"]),
  };
  const storeCounts = Object.fromEntries(
    STORE_KINDS.map(([group, kind]) => [kind, index.ofType(group, kind).length]),
  );
  const usesStore = Object.values(storeCounts).some((n) => n > 0);
  const byOrigin: Partial<Record<SecretOrigin, number>> = {};
  const handMade: string[] = [];
  const clusterConfig: string[] = [];
  const secrets = index.ofType("", "Secret");
  for (const secret of secrets) {
    const origin = classifySecret(secret, managerOf, targets);
    byOrigin[origin] = (byOrigin[origin] ?? 0) + 1;
    if (origin === "hand-made") handMade.push(objectRef(secret).replace(/^Secret /, ""));
    if (origin === "argocd-cluster-config") clusterConfig.push(objectRef(secret).replace(/^Secret /, ""));
  }
  const providers = providersOf(index);
  const inUse = Object.entries(storeCounts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => count(n, kind));
  const evidence = [
    inUse.length > 0
      ? `In use: ${inUse.join(", ")}`
      : "No ExternalSecret, SecretProviderClass or SealedSecret found",
    ...(providers.length > 0 ? [`Secret store providers: ${providers.join(", ")}`] : []),
    secrets.length === 0
      ? "No Secrets in the input"
      : `${count(secrets.length, "Secret")} by origin: ${Object.entries(byOrigin)
          .map(([origin, n]) => `${origin} ${n}`)
          .join(", ")}`,
    ...(handMade.length > 0
      ? [
          `Hand-made (no operator, Helm release, GitOps tool or external store produced them): ${listSome(handMade)}`,
        ]
      : []),
    ...(clusterConfig.length > 0
      ? [`Argo CD cluster/repository Secrets (recreated by green's bootstrap): ${listSome(clusterConfig)}`]
      : []),
  ];
  const status = handMade.length === 0 ? "pass" : usesStore ? "warn" : "fail";
  const actions = [
    `Move the ${count(handMade.length, "hand-made Secret")} into a store (AWS Secrets Manager or SSM Parameter Store through the External Secrets Operator or the Secrets Store CSI driver) so green fetches the same values as blue`,
    ...(usesStore
      ? []
      : ["Install an external secrets mechanism in blue first; green's bootstrap installs the same one"]),
  ];
  const facts = {
    stores: storeCounts,
    providers,
    secrets: secrets.length,
    byOrigin,
    handMade,
    clusterConfig,
  };
  return makeCheck("external-secrets", status, evidence, actions, facts);
}
