// The synthetic objects of the benchmark tree: a realistic mix of kinds (about one in ten on an API
// removed by 1.33), as manifests or as live objects the way `kubectl get -o yaml` prints them.
// Deterministic: object `i` is always the same.

const labels = (i) => ({
  app: `app-${i % 300}`,
  "app.kubernetes.io/part-of": `suite-${i % 17}`,
  tier: "web",
});

function podSpec(i) {
  return {
    serviceAccountName: `sa-${i % 50}`,
    containers: [
      {
        name: "app",
        image: `registry.example.com/team-${i % 40}/app:1.${i % 9}.${i % 5}`,
        ports: [{ containerPort: 8080, name: "http" }],
        env: [{ name: "LOG_LEVEL", value: "info" }],
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      },
    ],
  };
}

const workload = (i) => ({
  replicas: 1 + (i % 4),
  selector: { matchLabels: { app: `app-${i % 300}` } },
  template: { metadata: { labels: labels(i) }, spec: podSpec(i) },
});

const ingressV1 = (i) => ({
  ingressClassName: "alb",
  rules: [
    {
      host: `app-${i}.example.com`,
      http: {
        paths: [
          { path: "/", pathType: "Prefix", backend: { service: { name: `svc-${i}`, port: { number: 80 } } } },
        ],
      },
    },
  ],
});

const ingressBeta = (i) => ({
  rules: [
    {
      host: `app-${i}.example.com`,
      http: { paths: [{ path: "/", backend: { serviceName: `svc-${i}`, servicePort: 80 } }] },
    },
  ],
});

const cronJob = (i) => ({
  schedule: `${i % 60} * * * *`,
  jobTemplate: { spec: { template: { spec: { ...podSpec(i), restartPolicy: "OnFailure" } } } },
});

const hpa = (i) => ({
  scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: `obj-${i}` },
  minReplicas: 2,
  maxReplicas: 10,
  metrics: [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
  ],
});

const pdb = (i) => ({ spec: { minAvailable: 1, selector: { matchLabels: { app: `app-${i % 300}` } } } });
const service = (i) => ({
  spec: { selector: { app: `app-${i % 300}` }, ports: [{ port: 80, targetPort: 8080 }] },
});
const configMap = (i) => ({ data: { "app.properties": `mode=prod\nshard=${i % 16}\n`, LOG_LEVEL: "info" } });
const secret = () => ({ type: "Opaque", data: { token: "c2VjcmV0LXZhbHVl" } });
const psp = () => ({ spec: { privileged: false, runAsUser: { rule: "MustRunAsNonRoot" } } });
const clusterRole = () => ({ rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] });
const flowSchema = () => ({
  spec: { priorityLevelConfiguration: { name: "workload-low" }, matchingPrecedence: 1000 },
});
const storageClass = () => ({ provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } });

const roleBinding = (i) => ({
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `role-${i % 20}` },
  subjects: [{ kind: "ServiceAccount", name: `sa-${i % 50}` }],
});

const certificate = (i) => ({
  spec: {
    secretName: `tls-${i}`,
    dnsNames: [`app-${i}.example.com`],
    issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
  },
});

const nodePool = () => ({
  spec: {
    template: {
      spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" } },
    },
  },
});

/**
 * [apiVersion, kind, weight, body(i)]: the body holds every top-level field after metadata. Ten of the 97
 * weight units are APIs removed by 1.33 (extensions Ingress, batch/v1beta1, policy/v1beta1, HPA v2beta2,
 * flowcontrol v1beta3).
 */
const CATALOG = [
  ["apps/v1", "Deployment", 18, (i) => ({ spec: workload(i) })],
  ["v1", "Service", 12, service],
  ["v1", "ConfigMap", 10, configMap],
  ["v1", "ServiceAccount", 6, () => ({})],
  ["v1", "Secret", 3, secret],
  ["networking.k8s.io/v1", "Ingress", 6, (i) => ({ spec: ingressV1(i) })],
  ["extensions/v1beta1", "Ingress", 2, (i) => ({ spec: ingressBeta(i) })],
  ["batch/v1", "CronJob", 4, (i) => ({ spec: cronJob(i) })],
  ["batch/v1beta1", "CronJob", 2, (i) => ({ spec: cronJob(i) })],
  ["policy/v1", "PodDisruptionBudget", 4, pdb],
  ["policy/v1beta1", "PodDisruptionBudget", 2, pdb],
  ["policy/v1beta1", "PodSecurityPolicy", 1, psp],
  ["autoscaling/v2", "HorizontalPodAutoscaler", 4, (i) => ({ spec: hpa(i) })],
  ["autoscaling/v2beta2", "HorizontalPodAutoscaler", 2, (i) => ({ spec: hpa(i) })],
  ["rbac.authorization.k8s.io/v1", "ClusterRole", 4, clusterRole],
  ["rbac.authorization.k8s.io/v1", "RoleBinding", 4, roleBinding],
  ["apps/v1", "StatefulSet", 4, (i) => ({ spec: { ...workload(i), serviceName: `svc-${i}` } })],
  [
    "apps/v1",
    "DaemonSet",
    3,
    (i) => ({ spec: { selector: workload(i).selector, template: workload(i).template } }),
  ],
  ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 1, flowSchema],
  ["storage.k8s.io/v1", "StorageClass", 2, storageClass],
  ["cert-manager.io/v1", "Certificate", 2, certificate],
  ["karpenter.sh/v1", "NodePool", 1, nodePool],
];

const CLUSTER_SCOPED = new Set([
  "ClusterRole",
  "PodSecurityPolicy",
  "FlowSchema",
  "StorageClass",
  "NodePool",
]);

/** One slot per unit of weight, visited in a stride so neighbouring objects differ. */
const SLOTS = CATALOG.flatMap((entry) => Array.from({ length: entry[2] }, () => entry));

function entryFor(i) {
  return SLOTS[(i * 37) % SLOTS.length];
}

function metadataOf(i, kind) {
  const metadata = { name: `obj-${i}` };
  if (!CLUSTER_SCOPED.has(kind)) metadata.namespace = `team-${i % 40}`;
  metadata.labels = labels(i);
  return metadata;
}

/** Manifest `i` as it sits in a Git repository. */
export function manifestObject(i) {
  const [apiVersion, kind, , body] = entryFor(i);
  return { apiVersion, kind, metadata: metadataOf(i, kind), ...body(i) };
}

/**
 * The API a live object was last applied with, when it differs from the one it is printed at (the API
 * server converts, the annotation keeps the old version): the case scanners of manifests miss.
 */
const APPLIED_WITH = { Ingress: "extensions/v1beta1", HorizontalPodAutoscaler: "autoscaling/v2beta2" };

/** managedFields' fieldsV1 for an object: `f:` keys down to `depth`, as the API server records them. */
function fieldsOf(value, depth) {
  if (value === null || typeof value !== "object" || Array.isArray(value) || depth === 0) return {};
  const fields = {};
  for (const [name, child] of Object.entries(value)) fields[`f:${name}`] = fieldsOf(child, depth - 1);
  return fields;
}

/** Object `i` as `kubectl get -o yaml` prints it: server fields, last-applied, managedFields, status. */
export function liveObject(i) {
  const manifest = manifestObject(i);
  const { apiVersion, kind, metadata } = manifest;
  const appliedWith = i % 4 === 0 ? (APPLIED_WITH[kind] ?? apiVersion) : apiVersion;
  const applied = { ...manifest, apiVersion: appliedWith };
  const time = `2024-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:00:00Z`;
  const live = {
    ...manifest,
    metadata: {
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": `${JSON.stringify(applied)}\n` },
      creationTimestamp: time,
      generation: 1 + (i % 7),
      ...metadata,
      managedFields: [
        {
          apiVersion: appliedWith,
          fieldsType: "FieldsV1",
          fieldsV1: fieldsOf(manifest, 3),
          manager: "kubectl-client-side-apply",
          operation: "Update",
          time,
        },
      ],
      resourceVersion: String(100000 + i),
      uid: `6f1c${String(i).padStart(8, "0")}-8a4e-4c1b-9d2e-1a2b3c4d5e6f`,
    },
  };
  if (manifest.spec) {
    live.status = {
      observedGeneration: live.metadata.generation,
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: time }],
    };
    live.metadata.managedFields.push({
      // A controller that still writes status through the old API shows only in managedFields.
      apiVersion: i % 4 === 2 ? (APPLIED_WITH[kind] ?? apiVersion) : apiVersion,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:status": { "f:conditions": {}, "f:observedGeneration": {} } },
      manager: "kube-controller-manager",
      operation: "Update",
      subresource: "status",
      time,
    });
  }
  return live;
}
