// GitOps coverage: how much of what runs is reconciled from Git by Argo CD or Flux, and whether Argo CD
// can generate green's applications by itself (an ApplicationSet cluster generator).
import type { KubeObject } from "../types.js";
import { count, listSome, makeCheck, percent } from "./readiness-common.js";
import {
  annotationsOf,
  asArray,
  asRecord,
  asString,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  records,
  strings,
} from "./readiness-fields.js";
import type { ReadinessIndex } from "./readiness-index.js";
import { isSystemObject, type MatchRules } from "./system-objects.js";
import type { DriftFinding, Manager, ReadinessCheck } from "./types.js";

/** Shares of GitOps-managed objects at or above which the check passes, or at least warns. */
const GITOPS_PASS_SHARE = 0.9;
const GITOPS_WARN_SHARE = 0.5;

/** Configuration kinds counted next to the top-level workloads (Deployments, StatefulSets, CronJobs, …). */
const CONFIG_TYPES: readonly (readonly [string, string])[] = [
  ["", "ConfigMap"],
  ["", "Secret"],
  ["", "Service"],
  ["", "ServiceAccount"],
  ["networking.k8s.io", "Ingress"],
  ["networking.k8s.io", "NetworkPolicy"],
  ["rbac.authorization.k8s.io", "Role"],
  ["rbac.authorization.k8s.io", "RoleBinding"],
  ["rbac.authorization.k8s.io", "ClusterRole"],
  ["rbac.authorization.k8s.io", "ClusterRoleBinding"],
  ["autoscaling", "HorizontalPodAutoscaler"],
  ["policy", "PodDisruptionBudget"],
];

/**
 * Objects Kubernetes or EKS create and nobody is expected to keep in Git, matched by the shared matcher.
 * Deliberately shorter than the bundled list the drift findings apply (src/knowledge/data/system-objects.yaml,
 * extensible): here all of kube-system counts as the platform's, and the GitOps tool's own namespace counts.
 */
const COVERAGE_SYSTEM_OBJECTS: MatchRules = {
  rules: [
    { id: "system-namespaces", match: { namespaces: ["kube-system", "kube-public", "kube-node-lease"] } },
    { id: "system-names", match: { names: ["system:*", "eks:*"] } },
    { id: "bootstrap-rbac", match: { labels: { "kubernetes.io/bootstrapping": ["*"] } } },
    { id: "eks-component", match: { labels: { "eks.amazonaws.com/component": ["*"] } } },
    { id: "default-service-account", match: { kinds: ["ServiceAccount"], names: ["default"] } },
    { id: "kube-root-ca", match: { kinds: ["ConfigMap"], names: ["kube-root-ca.crt"] } },
    {
      id: "kubernetes-service",
      match: { kinds: ["Service"], namespaces: ["default"], names: ["kubernetes"] },
    },
    {
      id: "token-and-release-secrets",
      match: { kinds: ["Secret"], types: ["kubernetes.io/service-account-token", "helm.sh/release.v1"] },
    },
  ],
};

interface Coverage {
  considered: number;
  byManager: Record<Exclude<Manager, "owner">, number>;
}

function coverage(index: ReadinessIndex, managerOf: (object: KubeObject) => Manager): Coverage {
  const byManager = { argocd: 0, flux: 0, helm: 0, none: 0 };
  const candidates = [
    ...index.workloads.map((workload) => workload.object),
    ...CONFIG_TYPES.flatMap(([group, kind]) => index.ofType(group, kind)),
  ];
  let considered = 0;
  for (const object of candidates) {
    if (isSystemObject(object, COVERAGE_SYSTEM_OBJECTS) !== null) continue;
    const manager = managerOf(object);
    // Owned objects are created by their owner; they are counted through it.
    if (manager === "owner") continue;
    byManager[manager]++;
    considered++;
  }
  return { considered, byManager };
}

/** Every clusters generator of an ApplicationSet, including those nested in matrix and merge generators. */
function clusterGenerators(generators: unknown): Record<string, unknown>[] {
  return records(generators).flatMap((generator) => [
    ...(asRecord(generator.clusters) ? [asRecord(generator.clusters) ?? {}] : []),
    ...clusterGenerators(at(generator, "matrix", "generators")),
    ...clusterGenerators(at(generator, "merge", "generators")),
  ]);
}

/** "env=prod, akuity.io/argo-cd-cluster-name NotIn (in-cluster)", or "every cluster" for no selector. */
function describeSelector(selector: unknown): string {
  const matchLabels = Object.entries(asRecord(at(selector, "matchLabels")) ?? {}).map(
    ([k, v]) => `${k}=${String(v)}`,
  );
  const expressions = records(at(selector, "matchExpressions")).map(
    (expression) =>
      `${asString(expression.key) ?? "?"} ${asString(expression.operator) ?? "?"}` +
      (asArray(expression.values).length > 0 ? ` (${strings(expression.values).join(", ")})` : ""),
  );
  const parts = [...matchLabels, ...expressions];
  return parts.length > 0 ? parts.join(", ") : "every cluster";
}

interface ArgoFacts {
  applications: number;
  generatedApplications: number;
  applicationSets: number;
  clusterGenerators: { applicationSet: string; selector: string; labelsGreenNeeds: Record<string, string> }[];
  clusterSecrets: string[];
}

function argoFacts(index: ReadinessIndex): ArgoFacts {
  const applications = index.ofType("argoproj.io", "Application");
  const generatedApplications = applications.filter((application) =>
    (application.metadata?.ownerReferences ?? []).some((owner) => owner.kind === "ApplicationSet"),
  ).length;
  const applicationSets = index.ofType("argoproj.io", "ApplicationSet");
  const generators = applicationSets.flatMap((set) =>
    clusterGenerators(at(set, "spec", "generators")).map((generator) => ({
      applicationSet: `${namespaceOf(set) ?? ""}/${nameOf(set)}`.replace(/^\//, ""),
      selector: describeSelector(generator.selector),
      labelsGreenNeeds: Object.fromEntries(
        Object.entries(asRecord(at(generator, "selector", "matchLabels")) ?? {}).map(([k, v]) => [
          k,
          String(v),
        ]),
      ),
    })),
  );
  const clusterSecrets = index
    .ofType("", "Secret")
    .filter((secret) => labelsOf(secret)["argocd.argoproj.io/secret-type"] === "cluster")
    .map((secret) => asString(annotationsOf(secret).cluster_name) ?? nameOf(secret));
  return {
    applications: applications.length,
    generatedApplications,
    applicationSets: applicationSets.length,
    clusterGenerators: generators,
    clusterSecrets,
  };
}

function fluxCounts(index: ReadinessIndex): Record<string, number> {
  return {
    Kustomization: index.ofType("kustomize.toolkit.fluxcd.io", "Kustomization").length,
    HelmRelease: index.ofType("helm.toolkit.fluxcd.io", "HelmRelease").length,
    GitRepository: index.ofType("source.toolkit.fluxcd.io", "GitRepository").length,
    OCIRepository: index.ofType("source.toolkit.fluxcd.io", "OCIRepository").length,
  };
}

function argoEvidence(argo: ArgoFacts): string[] {
  if (argo.applications + argo.applicationSets === 0) return [];
  const lines = [
    `Argo CD: ${count(argo.applications, "Application")} (${argo.generatedApplications} generated by ApplicationSets), ${count(argo.applicationSets, "ApplicationSet")}`,
  ];
  if (argo.clusterGenerators.length > 0) {
    const described = argo.clusterGenerators.map((g) => `${g.applicationSet} (selector: ${g.selector})`);
    lines.push(
      `ApplicationSets with a cluster generator target green as soon as it is registered as an Argo CD cluster with matching labels: ${listSome(described, 3)}`,
    );
  } else {
    lines.push(
      "No ApplicationSet has a cluster generator: green's Applications must be created for it (app of apps or a new ApplicationSet)",
    );
  }
  if (argo.clusterSecrets.length > 0) lines.push(`Argo CD cluster Secrets: ${listSome(argo.clusterSecrets)}`);
  return lines;
}

export function gitopsCoverageCheck(
  index: ReadinessIndex,
  managerOf: (object: KubeObject) => Manager,
  drift: readonly DriftFinding[],
): ReadinessCheck {
  const { considered, byManager } = coverage(index, managerOf);
  const managed = byManager.argocd + byManager.flux;
  const share = considered === 0 ? 0 : managed / considered;
  const argo = argoFacts(index);
  const flux = fluxCounts(index);
  const fluxInUse = Object.entries(flux).filter(([, n]) => n > 0);
  const outOfBand = drift.filter((finding) => finding.type === "out-of-band-change").length;
  const unmanaged = drift.filter((finding) => finding.type === "unmanaged").length;
  const evidence = [
    considered === 0
      ? "No workload or configuration objects outside the system namespaces in the input"
      : `${managed} of ${count(considered, "workload and configuration object")} managed by Argo CD or Flux (${percent(managed, considered)}): ` +
        `Argo CD ${byManager.argocd}, Flux ${byManager.flux}, Helm only ${byManager.helm}, none ${byManager.none}`,
    ...argoEvidence(argo),
    ...(fluxInUse.length > 0 ? [`Flux: ${fluxInUse.map(([kind, n]) => count(n, kind)).join(", ")}`] : []),
    ...(unmanaged + outOfBand > 0
      ? [
          `Drift: ${count(unmanaged, "unmanaged object")}, ${count(outOfBand, "out-of-band change")} (see findings)`,
        ]
      : []),
  ];
  const status =
    considered === 0
      ? "warn"
      : share < GITOPS_WARN_SHARE
        ? "fail"
        : share < GITOPS_PASS_SHARE || outOfBand > 0
          ? "warn"
          : "pass";
  const actions = [
    ...(considered === 0 ? ["Audit a snapshot or live cluster that includes the workloads"] : []),
    ...(byManager.none + byManager.helm > 0
      ? [
          `Bring the ${byManager.none + byManager.helm} objects not reconciled from Git under Argo CD or Flux (Helm-only releases as Argo CD Applications or Flux HelmReleases), or delete them: green only gets what Git holds`,
        ]
      : []),
    ...(outOfBand > 0
      ? ["Commit the out-of-band changes to Git (or revert them) so Git matches what runs"]
      : []),
  ];
  const facts = {
    considered,
    managed,
    share: Math.round(share * 1000) / 1000,
    byManager,
    argocd: argo,
    flux,
    drift: { unmanaged, outOfBandChanges: outOfBand },
  };
  return makeCheck("gitops-coverage", status, evidence, actions, facts);
}
