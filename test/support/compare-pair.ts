// A blue and a green cluster for the compare tests: blue is the audit seed snapshot plus the bundled
// examples/snapshot and a few planted objects (an Argo CD Application, a PVC, an IRSA ServiceAccount,
// CoreDNS); green is blue at a newer version with planted differences: a CronJob missing, an image tag
// behind, a ConfigMap key changed, a Secret key changed, the Application Degraded, the PVC Pending, and
// the IRSA role ARN, ExternalDNS set identifier, load-balancer hostname and node names each cluster's own.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

// biome-ignore lint/suspicious/noExplicitAny: fixture objects are edited freely, field by field
export type Json = Record<string, any>;

/** The green Secret value and its base64; no output may contain either (nor blue's). */
export const GREEN_PASSWORD = "green-s3cret-rotated-value";
export const SECRET_TEXTS = [
  GREEN_PASSWORD,
  Buffer.from(GREEN_PASSWORD).toString("base64"),
  "hunter2-prod-db-password",
  "aHVudGVyMi1wcm9kLWRiLXBhc3N3b3Jk",
];
export const BLUE_ROLE = "arn:aws:iam::111122223333:role/shop-web-blue";
export const GREEN_ROLE = "arn:aws:iam::111122223333:role/shop-web-green";

function itemsOf(file: string): Json[] {
  return parseAllDocuments(readFileSync(file, "utf8")).flatMap((doc) => {
    const value = doc.toJS() as Json;
    return value.kind === "List" ? (value.items as Json[]) : [value];
  });
}

const find = (objects: Json[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the fixture`);
  return found;
};

function planted(): Json[] {
  const application = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "shop", namespace: "argocd" },
    spec: {
      source: { repoURL: "https://git.example.com/shop.git", path: "deploy", targetRevision: "main" },
      destination: { server: "https://blue.eks.example.com", namespace: "shop" },
    },
    status: { sync: { status: "Synced" }, health: { status: "Healthy" } },
  };
  const claim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: "data",
      namespace: "shop",
      annotations: { "argocd.argoproj.io/tracking-id": "shop:/PersistentVolumeClaim:shop/data" },
    },
    spec: {
      storageClassName: "gp3",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "10Gi" } },
    },
    status: { phase: "Bound" },
  };
  const account = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: "web",
      namespace: "shop",
      annotations: {
        "eks.amazonaws.com/role-arn": BLUE_ROLE,
        "argocd.argoproj.io/tracking-id": "shop:/ServiceAccount:shop/web",
      },
    },
  };
  const coredns = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "coredns",
      namespace: "kube-system",
      labels: { "eks.amazonaws.com/component": "coredns" },
    },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: "coredns",
              image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.1-eksbuild.4",
            },
          ],
        },
      },
    },
  };
  return [application, claim, account, coredns];
}

/** Blue's objects (fresh copies on every call). */
export function blueObjects(): Json[] {
  const objects = [
    ...itemsOf("test/fixtures/audit/seed/snapshot/shop.yaml"),
    ...itemsOf("test/fixtures/audit/seed/snapshot/cluster.yaml").filter(
      (o) => o.kind !== "DaemonSet" && o.kind !== "Deployment",
    ),
    ...itemsOf("examples/snapshot/workloads.yaml"),
    ...planted(),
  ];
  const ingress = find(objects, "Ingress", "web");
  // Written at the old group: the same object as green's networking.k8s.io/v1 Ingress.
  ingress.apiVersion = "extensions/v1beta1";
  ingress.metadata.annotations["external-dns.alpha.kubernetes.io/set-identifier"] = "blue";
  return objects;
}

/** Green: blue with the planted differences, at Kubernetes 1.30. */
export function greenObjects(): Json[] {
  const objects = blueObjects().filter(
    (o) => !(o.kind === "CronJob" && o.metadata.name === "nightly-report"),
  );
  const web = find(objects, "Deployment", "web");
  web.spec.template.spec.containers[0].image = "registry.example.com/shop/web:1.4.1";
  find(objects, "ConfigMap", "settings").data.LOG_LEVEL = "info";
  find(objects, "Secret", "db-credentials").data.password = Buffer.from(GREEN_PASSWORD).toString("base64");
  const application = find(objects, "Application", "shop");
  application.status.health.status = "Degraded";
  application.spec.destination.server = "https://green.eks.example.com";
  find(objects, "PersistentVolumeClaim", "data").status.phase = "Pending";
  find(objects, "ServiceAccount", "web").metadata.annotations["eks.amazonaws.com/role-arn"] = GREEN_ROLE;
  const ingress = find(objects, "Ingress", "web");
  ingress.apiVersion = "networking.k8s.io/v1";
  ingress.metadata.annotations["external-dns.alpha.kubernetes.io/set-identifier"] = "green";
  ingress.status.loadBalancer.ingress[0].hostname = "k8s-shop-web-9876.eu-west-1.elb.amazonaws.com";
  for (const node of objects.filter((o) => o.kind === "Node")) {
    node.metadata.name = `green-${node.metadata.name}`;
    node.status.nodeInfo.kubeletVersion = "v1.30.4-eks-a737599";
  }
  return objects;
}

/** Writes each side as one kubectl-style JSON List under `dir`/blue and `dir`/green; returns the two dirs. */
export function writePair(
  dir: string,
  blue = blueObjects(),
  green = greenObjects(),
): { blue: string; green: string } {
  const out = { blue: join(dir, "blue"), green: join(dir, "green") };
  for (const [side, objects] of [
    ["blue", blue],
    ["green", green],
  ] as const) {
    mkdirSync(out[side], { recursive: true });
    writeFileSync(
      join(out[side], "objects.json"),
      JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, 2),
    );
  }
  return out;
}
