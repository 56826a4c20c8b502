// Writes examples/snapshot/: a small live-style cluster dump (kubectl get -o yaml output) of an EKS 1.29
// cluster, with last-applied annotations, managedFields and Helm release Secrets. Run: node scripts/make-example-snapshot.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { stringify } from "yaml";

const out = new URL("../examples/snapshot/", import.meta.url);
mkdirSync(out, { recursive: true });
const list = (items) =>
  stringify({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } });
const write = (name, text) => writeFileSync(new URL(name, out), text);

const node = (name, labels) => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/os": "linux", ...labels } },
  status: {
    nodeInfo: { kubeletVersion: "v1.29.15-eks-473151a", containerRuntimeVersion: "containerd://1.7.27" },
  },
});
write(
  "nodes.yaml",
  list([
    node("ip-10-0-1-17.eu-west-1.compute.internal", { "eks.amazonaws.com/nodegroup": "general" }),
    node("ip-10-0-2-33.eu-west-1.compute.internal", { "eks.amazonaws.com/nodegroup": "general" }),
    node("ip-10-0-3-41.eu-west-1.compute.internal", { "karpenter.sh/nodepool": "batch" }),
  ]),
);

write(
  "karpenter.yaml",
  list([
    {
      apiVersion: "karpenter.sh/v1",
      kind: "NodePool",
      metadata: { name: "batch" },
      spec: {
        template: {
          spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" } },
        },
      },
    },
  ]),
);

const lastApplied = (object) => JSON.stringify(object);
write(
  "workloads.yaml",
  list([
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: {
        name: "nightly-report",
        namespace: "shop",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": lastApplied({
            apiVersion: "batch/v1beta1",
            kind: "CronJob",
            metadata: { name: "nightly-report", namespace: "shop" },
          }),
        },
      },
      spec: { schedule: "0 3 * * *" },
    },
    {
      apiVersion: "flowcontrol.apiserver.k8s.io/v1",
      kind: "FlowSchema",
      metadata: {
        name: "batch-jobs",
        managedFields: [
          {
            manager: "platform-operator",
            operation: "Update",
            apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
            time: "2024-02-11T09:12:44Z",
            fieldsType: "FieldsV1",
            fieldsV1: { "f:spec": { "f:matchingPrecedence": {} } },
          },
        ],
      },
      spec: { matchingPrecedence: 9000, priorityLevelConfiguration: { name: "workload-low" } },
    },
  ]),
);

const manifest = (docs) => docs.map(([path, body]) => `---\n# Source: ${path}\n${stringify(body)}`).join("");
const release = (revision, status, docs) => {
  const json = JSON.stringify({
    name: "legacy-api",
    namespace: "shop",
    version: revision,
    info: { status },
    chart: { metadata: { name: "legacy-api", version: `0.${revision}.0` } },
    manifest: manifest(docs),
  });
  const helmPayload = gzipSync(Buffer.from(json)).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "helm.sh/release.v1",
    metadata: {
      name: `sh.helm.release.v1.legacy-api.v${revision}`,
      namespace: "shop",
      labels: { name: "legacy-api", owner: "helm", status, version: String(revision) },
    },
    data: { release: Buffer.from(helmPayload).toString("base64") },
  };
};
const pdb = (apiVersion) => [
  "legacy-api/templates/pdb.yaml",
  { apiVersion, kind: "PodDisruptionBudget", metadata: { name: "legacy-api" }, spec: { minAvailable: 1 } },
];
const plc = [
  "legacy-api/templates/priority.yaml",
  {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
    kind: "PriorityLevelConfiguration",
    metadata: { name: "legacy-api" },
    spec: { type: "Limited", limited: { nominalConcurrencyShares: 5, limitResponse: { type: "Reject" } } },
  },
];
write(
  "helm-releases.json",
  `${JSON.stringify(
    {
      apiVersion: "v1",
      kind: "List",
      items: [
        release(1, "superseded", [pdb("policy/v1beta1")]),
        release(2, "deployed", [pdb("policy/v1"), plc]),
      ],
    },
    null,
    2,
  )}\n`,
);
console.log("wrote examples/snapshot");
