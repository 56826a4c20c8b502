// Generates a synthetic manifest tree for the scan benchmark: mixed kinds, some Lists, some live-style
// objects with last-applied annotations and managedFields. Deterministic for a given size.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

const KINDS = [
  ["apps/v1", "Deployment"],
  ["v1", "Service"],
  ["v1", "ConfigMap"],
  ["extensions/v1beta1", "Ingress"],
  ["networking.k8s.io/v1", "Ingress"],
  ["batch/v1beta1", "CronJob"],
  ["policy/v1beta1", "PodDisruptionBudget"],
  ["autoscaling/v2", "HorizontalPodAutoscaler"],
  ["rbac.authorization.k8s.io/v1", "ClusterRole"],
  ["apps/v1", "StatefulSet"],
];

function object(i) {
  const [apiVersion, kind] = KINDS[i % KINDS.length];
  const metadata = {
    name: `obj-${i}`,
    namespace: `team-${i % 40}`,
    labels: { app: `app-${i % 300}`, tier: "web" },
  };
  if (i % 3 === 0) {
    metadata.annotations = {
      "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify({
        apiVersion,
        kind,
        metadata: { name: metadata.name },
      }),
    };
    metadata.managedFields = [
      { manager: "kubectl-client-side-apply", operation: "Update", apiVersion, time: "2024-01-01T00:00:00Z" },
    ];
  }
  return {
    apiVersion,
    kind,
    metadata,
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: metadata.labels.app } },
      template: {
        spec: {
          containers: [{ name: "c", image: "registry.example/app:1.2.3", ports: [{ containerPort: 8080 }] }],
        },
      },
    },
  };
}

/** Writes `documents` objects into `dir`: 50 per file, every 5th file a List. Returns { files, documents }. */
export function generateTree(dir, documents) {
  rmSync(dir, { recursive: true, force: true });
  const perFile = 50;
  let written = 0;
  let files = 0;
  for (let f = 0; written < documents; f++) {
    const sub = join(dir, `team-${f % 20}`);
    mkdirSync(sub, { recursive: true });
    const objects = [];
    for (let k = 0; k < perFile && written < documents; k++) objects.push(object(written++));
    const text =
      f % 5 === 0
        ? stringify({ apiVersion: "v1", kind: "List", items: objects })
        : objects.map((o) => stringify(o)).join("---\n");
    writeFileSync(join(sub, `file-${f}.yaml`), text);
    files++;
  }
  return { files, documents: written };
}
