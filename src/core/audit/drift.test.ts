// The seed's cases ("a CronJob someone created with kubectl during an incident, the ConfigMap hotfixed in
// production, the service account with permissions nobody remembers granting, the ingress rule that exists
// because someone debugged at 2am") in one small Argo CD cluster, plus ordering and speed.
import { describe, expect, it } from "vitest";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import type { KubeObject, ManagedFieldsEntry, SourcedObject } from "../types.js";
import { compareFindings, findDrift, unmanagedSeverity } from "./drift.js";
import type { DriftFinding } from "./types.js";

const rules = loadSystemObjectRules();

const SYNC = "2024-03-01T10:00:00Z";
const argoWrite = (fieldsV1: unknown = { "f:spec": {} }): ManagedFieldsEntry => ({
  manager: "argocd-controller",
  operation: "Apply",
  time: SYNC,
  fieldsV1,
});

function tracked(
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
  rest: Record<string, unknown> = {},
  managedFields = [argoWrite()],
): KubeObject {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace,
      uid: `uid-${kind}-${name}`,
      annotations: { "argocd.argoproj.io/tracking-id": `shop:${group}/${kind}:${namespace}/${name}` },
      managedFields,
    },
    ...rest,
  };
}

function seedCluster(): KubeObject[] {
  const deployment = tracked("apps/v1", "Deployment", "shop", "web", { spec: { replicas: 7 } }, [
    argoWrite({ "f:spec": { "f:replicas": {}, "f:template": {} } }),
    // the HPA scales through the scale subresource: a legitimate writer
    {
      manager: "kube-controller-manager",
      operation: "Update",
      subresource: "scale",
      time: "2024-03-04T00:00:00Z",
      fieldsV1: { "f:spec": { "f:replicas": {} } },
    },
    {
      manager: "kube-controller-manager",
      operation: "Update",
      subresource: "status",
      time: "2024-03-04T00:00:00Z",
      fieldsV1: { "f:status": {} },
    },
  ]);
  const replicaSet: KubeObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: "web-5d4f",
      namespace: "shop",
      uid: "uid-rs",
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-Deployment-web" },
      ],
    },
  };
  const hotfixedConfig = tracked("v1", "ConfigMap", "shop", "web-config", { data: { LOG_LEVEL: "debug" } }, [
    argoWrite({ "f:data": { "f:LOG_LEVEL": {} } }),
    {
      manager: "kubectl-edit",
      operation: "Update",
      time: "2024-03-02T02:13:00Z",
      fieldsV1: { "f:data": { "f:LOG_LEVEL": {} } },
    },
  ]);
  const debugIngress = tracked("networking.k8s.io/v1", "Ingress", "shop", "web", {}, [
    argoWrite({ "f:spec": { "f:rules": {} } }),
    {
      manager: "kubectl-patch",
      operation: "Update",
      time: "2024-03-03T02:07:00Z",
      fieldsV1: { "f:spec": { "f:rules": {} } },
    },
  ]);
  const incidentCronJob: KubeObject = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: {
      name: "cleanup",
      namespace: "shop",
      uid: "uid-cron",
      managedFields: [
        {
          manager: "kubectl-create",
          operation: "Update",
          time: "2024-02-11T03:12:00Z",
          fieldsV1: { "f:spec": {} },
        },
      ],
    },
  };
  const jobOfCronJob: KubeObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: "cleanup-2840",
      namespace: "shop",
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "cleanup", uid: "uid-cron" }],
    },
  };
  const forgottenAdmin: KubeObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "debug-admin" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice@example.com" }],
  };
  const clusterAdmin: KubeObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "cluster-admin", labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
    rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
  };
  const defaultAccount: KubeObject = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "default", namespace: "shop" },
  };
  return [
    deployment,
    replicaSet,
    hotfixedConfig,
    debugIngress,
    incidentCronJob,
    jobOfCronJob,
    forgottenAdmin,
    clusterAdmin,
    defaultAccount,
  ];
}

function sourced(objects: KubeObject[]): SourcedObject[] {
  return objects.map((object, index) => ({
    object,
    source: { file: "snapshot/cluster.yaml", line: index * 10 + 1, origin: "manifest" },
  }));
}

const summary = (finding: DriftFinding) =>
  `${finding.severity} ${finding.type} ${finding.kind} ${finding.namespace ?? "-"}/${finding.name}`;

describe("findDrift on the seed's cluster", () => {
  const objects = seedCluster();
  const { findings, managers } = findDrift(sourced(objects), rules);

  it("finds exactly the seed's four cases, most severe first", () => {
    expect(findings.map(summary)).toEqual([
      "high unmanaged ClusterRoleBinding -/debug-admin",
      "high rbac-risk ClusterRoleBinding -/debug-admin",
      "medium unmanaged CronJob shop/cleanup",
      "medium out-of-band-change ConfigMap shop/web-config",
      "medium out-of-band-change Ingress shop/web",
    ]);
  });

  it("says who created the CronJob and how to keep or drop it", () => {
    const cron = findings.find((finding) => finding.kind === "CronJob");
    expect(cron?.evidence).toContain("written by kubectl-create (Update, 2024-02-11T03:12:00Z)");
    expect(cron?.fix).toBe(
      "commit it to Git (kubectl get cronjob -n shop cleanup -o yaml > shop-cleanup-cronjob.yaml, then drop status and server-set fields) or delete it; green will not have it",
    );
    expect(cron?.source).toEqual({ file: "snapshot/cluster.yaml", line: 41, origin: "manifest" });
  });

  it("names the hotfix's manager, time and fields", () => {
    const hotfix = findings.find((finding) => finding.kind === "ConfigMap");
    expect(hotfix?.details).toMatchObject({
      manager: "kubectl-edit",
      operation: "Update",
      time: "2024-03-02T02:13:00Z",
      fields: ["data.LOG_LEVEL"],
    });
    expect(hotfix?.evidence).toBe(
      "kubectl-edit (Update) wrote data.LOG_LEVEL at 2024-03-02T02:13:00Z, after argocd-controller's last write at 2024-03-01T10:00:00Z",
    );
    expect(hotfix?.fix).toContain("Argo CD does not restore fields it does not own");
  });

  it("names the debug ingress rule's writer", () => {
    const ingress = findings.find((finding) => finding.kind === "Ingress");
    expect(ingress?.details).toMatchObject({ manager: "kubectl-patch", fields: ["spec.rules"] });
  });

  it("names the unremembered admin", () => {
    const risk = findings.find((finding) => finding.type === "rbac-risk");
    expect(risk?.evidence).toContain("User alice@example.com");
  });

  it("records every live object's manager", () => {
    const byName = new Map(
      objects.map((object) => [`${object.kind}/${object.metadata?.name}`, managers.get(object)]),
    );
    expect(Object.fromEntries(byName)).toEqual({
      "Deployment/web": "argocd",
      "ReplicaSet/web-5d4f": "owner",
      "ConfigMap/web-config": "argocd",
      "Ingress/web": "argocd",
      "CronJob/cleanup": "none",
      "Job/cleanup-2840": "none",
      "ClusterRoleBinding/debug-admin": "none",
      "ClusterRole/cluster-admin": "none",
      "ServiceAccount/default": "none",
    });
  });

  it("gives the same findings for the input in any order", () => {
    const reversed = findDrift(sourced([...objects].reverse()), rules).findings;
    expect(reversed.map(summary)).toEqual(findings.map(summary));
  });

  it("never audits the objects of decoded Helm release manifests as live objects", () => {
    const releaseObject: SourcedObject = {
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "from-chart", namespace: "shop" } },
      source: { file: "snapshot/secrets.yaml", line: 1, origin: "helm-release", release: "shop/web@2" },
    };
    const result = findDrift([releaseObject], rules);
    expect(result.findings).toEqual([]);
    expect(result.managers.size).toBe(0);
  });
});

describe("severity of unmanaged objects", () => {
  it.each([
    ["ClusterRoleBinding", "high"],
    ["MutatingWebhookConfiguration", "high"],
    ["CustomResourceDefinition", "high"],
    ["CronJob", "medium"],
    ["Secret", "medium"],
    ["ConfigMap", "low"],
    ["Certificate", "low"],
  ])("%s is %s", (kind, severity) => {
    expect(unmanagedSeverity(kind)).toBe(severity);
  });

  it("never prints a Secret's values, and says where to keep it", () => {
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "shop" },
      type: "Opaque",
      data: { password: "aHVudGVyMg==" },
    };
    const [finding] = findDrift(sourced([secret]), rules).findings;
    expect(JSON.stringify(finding)).not.toContain("aHVudGVyMg==");
    expect(finding?.fix).toContain("secret store");
  });

  it("names custom resources by kind.group in the fix", () => {
    const certificate: KubeObject = {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "web", namespace: "shop" },
    };
    expect(findDrift(sourced([certificate]), rules).findings[0]?.fix).toContain(
      "kubectl get certificate.cert-manager.io -n shop web -o yaml",
    );
  });
});

describe("ordering", () => {
  it("orders by severity, type, namespace, kind, name, evidence", () => {
    const base: DriftFinding = {
      type: "unmanaged",
      severity: "low",
      kind: "ConfigMap",
      apiVersion: "v1",
      namespace: "a",
      name: "x",
      evidence: "e",
      fix: "f",
    };
    const list: DriftFinding[] = [
      { ...base, name: "y" },
      { ...base, namespace: null },
      { ...base, severity: "high" },
      { ...base, type: "rbac-risk", severity: "high" },
      { ...base, kind: "Alpha" },
      base,
    ];
    expect(
      list.sort(compareFindings).map((f) => `${f.severity} ${f.type} ${f.namespace} ${f.kind} ${f.name}`),
    ).toEqual([
      "high unmanaged a ConfigMap x",
      "high rbac-risk a ConfigMap x",
      "low unmanaged null ConfigMap x",
      "low unmanaged a Alpha x",
      "low unmanaged a ConfigMap x",
      "low unmanaged a ConfigMap y",
    ]);
  });
});
