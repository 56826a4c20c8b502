// Realistic scan results for the renderer tests: every origin, a cluster-scoped live object, a CRD API,
// a deprecated-only API, an input error, a skipped template and a warning.

import type { Finding, ScanResult } from "../../../src/core/types.js";

const INGRESS_NOTES = [
  "`spec.backend` is renamed `spec.defaultBackend`.",
  "`serviceName` and `servicePort` become `service.name` and `service.port.number` (or `service.port.name`).",
  "Every path needs a `pathType` (Prefix, Exact or ImplementationSpecific).",
];

const ingress: Finding = {
  kind: "Ingress",
  apiVersion: "extensions/v1beta1",
  name: "storefront",
  namespace: "shop",
  status: "removed",
  deprecatedIn: "1.14",
  removedIn: "1.22",
  replacement: "networking.k8s.io/v1",
  component: "kubernetes",
  notes: INGRESS_NOTES,
  source: { file: "deploy/shop/ingress.yaml", line: 1, origin: "manifest" },
};

const legacyIngress: Finding = {
  ...ingress,
  name: "admin",
  namespace: "legacy",
  source: { file: "deploy/legacy/all.yaml", line: 42, origin: "manifest" },
};

const pdb: Finding = {
  kind: "PodDisruptionBudget",
  apiVersion: "policy/v1beta1",
  name: "api",
  namespace: "payments",
  status: "removed",
  deprecatedIn: "1.21",
  removedIn: "1.25",
  replacement: "policy/v1",
  component: "kubernetes",
  notes: [
    "An empty `spec.selector` selects every pod of the namespace in policy/v1; in v1beta1 it selected none.",
  ],
  source: {
    file: "snapshots/prod/secrets.yaml",
    line: 120,
    origin: "helm-release",
    release: "payments/api@3",
    template: "api/templates/pdb.yaml",
  },
};

const cronJob: Finding = {
  kind: "CronJob",
  apiVersion: "batch/v1beta1",
  name: "nightly-report",
  namespace: "jobs",
  status: "removed",
  deprecatedIn: "1.21",
  removedIn: "1.25",
  replacement: "batch/v1",
  component: "kubernetes",
  notes: [],
  source: { file: "snapshots/prod/cronjobs.yaml", line: 12, origin: "last-applied" },
};

const hpa: Finding = {
  kind: "HorizontalPodAutoscaler",
  apiVersion: "autoscaling/v2beta2",
  name: "checkout",
  namespace: "shop",
  status: "removed",
  deprecatedIn: "1.23",
  removedIn: "1.26",
  replacement: "autoscaling/v2",
  component: "kubernetes",
  notes: ["`targetAverageUtilization` becomes `target.averageUtilization` with `target.type: Utilization`."],
  source: {
    file: "snapshots/prod/hpa.yaml",
    line: 3,
    origin: "managed-fields",
    manager: "kubectl-client-side-apply",
  },
};

const clusterRole: Finding = {
  kind: "ClusterRole",
  apiVersion: "rbac.authorization.k8s.io/v1beta1",
  name: "metrics-reader",
  namespace: null,
  status: "removed",
  deprecatedIn: "1.17",
  removedIn: "1.22",
  replacement: "rbac.authorization.k8s.io/v1",
  component: "kubernetes",
  notes: [],
  source: { file: "cluster:prod-eu", line: null, origin: "last-applied" },
};

const certificate: Finding = {
  kind: "Certificate",
  apiVersion: "certmanager.k8s.io/v1alpha1",
  name: "shop-tls",
  namespace: "shop",
  status: "removed",
  deprecatedIn: "0.11",
  removedIn: "0.11",
  replacement: "cert-manager.io/v1",
  component: "cert-manager",
  notes: ["The API group is renamed `cert-manager.io`; `spec.acme` moves to the Issuer's solvers."],
  source: {
    file: "rendered/shop.yaml",
    line: 88,
    origin: "manifest",
    template: "shop/templates/certificate.yaml",
  },
};

const endpoints: Finding = {
  kind: "Endpoints",
  apiVersion: "v1",
  name: "external-db",
  namespace: "payments",
  status: "deprecated",
  deprecatedIn: "1.33",
  removedIn: null,
  replacement: "discovery.k8s.io/v1",
  component: "kubernetes",
  notes: [
    "Write EndpointSlices (kind EndpointSlice, label `kubernetes.io/service-name`) instead of Endpoints.",
  ],
  source: { file: "deploy/payments/external-db.yaml", line: 14, origin: "manifest" },
};

/** In the order a scanner streams them (file by file), not the renderers' order. */
export function sampleScan(): ScanResult {
  const findings = [ingress, endpoints, legacyIngress, certificate, pdb, cronJob, hpa, clusterRole];
  return {
    targetVersion: "1.33",
    findings: structuredClone(findings),
    errors: [
      {
        file: "deploy/broken.yaml",
        line: 7,
        message: "Nested mappings are not allowed in compact mappings at line 7, column 10",
      },
    ],
    skipped: [
      {
        file: "charts/web/templates/deployment.yaml",
        reason: "unrendered Helm template ({{ … }})",
        recovered: 1,
      },
    ],
    warnings: [
      "cluster:prod-eu: forbidden to list secrets in namespace kube-system (403); Helm releases there were not read",
    ],
    summary: { objects: 120, files: 14, removed: 7, deprecated: 1 },
  };
}

/** A scan that found nothing and had no problems. */
export function cleanScan(): ScanResult {
  return {
    targetVersion: "1.33",
    findings: [],
    errors: [],
    skipped: [],
    warnings: [],
    summary: { objects: 58, files: 9, removed: 0, deprecated: 0 },
  };
}

/** A finding with the characters every format must escape in names, paths and notes. */
export function awkwardFinding(): Finding {
  return {
    ...structuredClone(ingress),
    name: `a<b>&"c'|d`,
    namespace: "x|y",
    notes: ["Use `a|b` and <not-html> & *not-emphasis*."],
    source: { file: "odd dir/a|b#1?.yaml", line: 2, origin: "manifest" },
  };
}
