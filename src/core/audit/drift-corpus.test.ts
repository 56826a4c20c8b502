// findDrift over real cluster dumps (test/corpus/cluster-dumps). Every expectation below was
// checked by reading the files: labels, annotations, ownerReferences and managedFields entries.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import { readPaths } from "../../sources/files.js";
import type { KubeObject, SourcedObject } from "../types.js";
import { findDrift } from "./drift.js";
import type { DriftFinding } from "./types.js";

const DUMPS = "test/corpus/cluster-dumps";
const K3S_BASELINE = path.join(
  DUMPS,
  "replicatedhq__troubleshoot/_extracted/test__baselines__supportbundle__baseline.tar.gz/supportbundle/cluster-resources",
);
const K3D_BUNDLE = path.join(
  DUMPS,
  "replicatedhq__troubleshoot/_extracted/testdata__supportbundle__support-bundle.tar.gz/support-bundle/cluster-resources",
);
const ARGO = path.join(DUMPS, "argoproj__argo-cd");
const HARDENEKS = path.join(DUMPS, "aws-samples__hardeneks/tests/data");

const rules = loadSystemObjectRules();

async function read(...paths: string[]): Promise<SourcedObject[]> {
  const objects: SourcedObject[] = [];
  for await (const event of readPaths(paths)) {
    if (event.type === "error") throw new Error(event.error.message);
    if (event.type === "object") objects.push(event.item);
  }
  return objects;
}

const line = (finding: DriftFinding) =>
  `${finding.severity} ${finding.type} ${finding.kind} ${finding.namespace ?? "-"}/${finding.name}`;

function managerOfNamed(
  result: ReturnType<typeof findDrift>,
  kind: string,
  namespace: string | undefined,
  name: string,
) {
  for (const [object, manager] of result.managers) {
    const meta = object.metadata;
    if (object.kind === kind && meta?.name === name && meta?.namespace === namespace) return manager;
  }
  return undefined;
}

describe("a k3s support bundle (troubleshoot baseline)", async () => {
  const objects = await read(K3S_BASELINE);
  const result = findDrift(objects, rules);

  it("reports only the two objects k3s made outside its manifests and Helm", () => {
    // svclb: a ServiceAccount without labels or annotations; cluster-dns: written by k3s-supervisor only.
    expect(result.findings.map(line)).toEqual([
      "medium unmanaged ServiceAccount kube-system/svclb",
      "low unmanaged ConfigMap kube-system/cluster-dns",
    ]);
  });

  it("sees Traefik as a Helm release and its Pod through its ReplicaSet", () => {
    expect(managerOfNamed(result, "Deployment", "kube-system", "traefik")).toBe("helm");
    expect(managerOfNamed(result, "CustomResourceDefinition", undefined, "ingressroutes.traefik.io")).toBe(
      "helm",
    );
    expect(managerOfNamed(result, "Pod", "kube-system", "traefik-57b79cf995-qn4jm")).toBe("owner");
  });

  it("leaves out the bootstrap cluster-admin binding, kube-root-ca.crt and the controller ServiceAccounts", () => {
    const named = (kind: string, name: string) =>
      result.findings.some((f) => f.kind === kind && f.name === name);
    expect(named("ClusterRoleBinding", "cluster-admin")).toBe(false);
    expect(named("ConfigMap", "kube-root-ca.crt")).toBe(false);
    expect(named("ServiceAccount", "replicaset-controller")).toBe(false);
    expect(
      objects.some(
        ({ object }) => object.kind === "ClusterRoleBinding" && object.metadata?.name === "cluster-admin",
      ),
    ).toBe(true);
  });
});

describe("a k3d support bundle (troubleshoot testdata)", async () => {
  const result = findDrift(await read(K3D_BUNDLE), rules);

  it("reports the nginx Deployment made with kubectl apply", () => {
    const nginx = result.findings.find((finding) => finding.name === "nginx-deployment");
    expect(nginx && line(nginx)).toBe("medium unmanaged Deployment default/nginx-deployment");
    expect(nginx?.evidence).toContain("written by kubectl-client-side-apply (Update, 2022-12-01T13:44:18Z)");
    expect(nginx?.evidence).toContain("made with kubectl apply");
  });

  it("does not report the PersistentVolumes local-path provisioned", () => {
    expect(result.findings.filter((finding) => finding.kind === "PersistentVolume")).toEqual([]);
  });

  it("reports the Redis claims, since the bundle holds no StatefulSet to tie them to", () => {
    expect(
      result.findings
        .filter((finding) => finding.kind === "PersistentVolumeClaim")
        .map((finding) => finding.name),
    ).toEqual([
      "redis-data-my-release-redis-master-0",
      "redis-data-my-release-redis-replicas-0",
      "redis-data-my-release-redis-replicas-1",
      "redis-data-my-release-redis-replicas-2",
    ]);
  });
});

describe("Argo CD live objects (gitops-engine and controller testdata)", () => {
  it("reports the container added with kubectl apply after Argo CD's server-side apply", async () => {
    const result = findDrift(
      await read(path.join(ARGO, "gitops-engine/pkg/diff/testdata/ssd-deploy-with-manual-apply-live.yaml")),
      rules,
    );
    expect(result.findings.map(line)).toEqual([
      "medium out-of-band-change Deployment default/manual-apply-test-deployment",
    ]);
    const details = result.findings[0]?.details as { manager: string; time: string; fields: string[] };
    expect(details.manager).toBe("kubectl-client-side-apply");
    expect(details.time).toBe("2025-02-25T01:29:34Z");
    expect(details.fields).toContain("spec.template.spec.containers[name=idle].image");
    expect(details.fields.some((field) => field.includes("last-applied-configuration"))).toBe(false);
    expect(result.findings[0]?.evidence).toContain(
      "after argocd-controller's last write at 2025-02-25T01:19:32Z",
    );
  });

  it("does not report a kubectl apply older than Argo CD's write", async () => {
    const result = findDrift(
      await read(path.join(ARGO, "gitops-engine/pkg/diff/testdata/smd-service-live-with-type.yaml")),
      rules,
    );
    expect([...result.managers.values()]).toEqual(["argocd"]);
    expect(result.findings).toEqual([]);
  });

  it("does not report the caBundle External Secrets injected into an Argo CD-applied webhook", async () => {
    const result = findDrift(
      await read(path.join(ARGO, "util/argo/testdata/live_validating_webhook.yaml")),
      rules,
    );
    expect([...result.managers.values()]).toEqual(["argocd"]);
    expect(result.findings).toEqual([]);
  });

  it("does not report kube-controller-manager's replicas, but an unknown Apply of revisionHistoryLimit", async () => {
    const result = findDrift(
      await read(path.join(ARGO, "util/argo/testdata/live_deployment_with_managed_replica.yaml")),
      rules,
    );
    expect(
      result.findings.map((finding) => [finding.severity, finding.details?.manager, finding.details?.fields]),
    ).toEqual([["info", "revision-history-manager", ["spec.revisionHistoryLimit"]]]);
  });

  it("tracks by tracking-id and reports the janitor's annotation", async () => {
    const objects = await read(path.join(ARGO, "controller/testdata/live-deployment.yaml"));
    const result = findDrift(objects, rules);
    expect(result.managers.get(objects[0]?.object as KubeObject)).toBe("argocd");
    expect(result.findings.map((finding) => finding.evidence)).toEqual([
      "janitor (a writer that is neither Argo CD nor a known controller) (Apply) wrote metadata.annotations.iksm-version at 2022-01-06T18:21:04Z, after argocd's last write at 2022-01-06T15:04:15Z",
    ]);
  });
});

describe("EKS dumps", () => {
  it("reports none of the default add-ons of an EKS 1.25 cluster (eksctl)", async () => {
    const objects = await read(
      path.join(DUMPS, "eksctl-io__eksctl/pkg/addons/default/testdata/sample-1.25.json"),
    );
    expect(objects).toHaveLength(11);
    expect(findDrift(objects, rules).findings).toEqual([]);
  });

  it("reports none of the aws-node objects of a live EKS cluster (hardeneks)", async () => {
    const objects = await read(path.join(HARDENEKS, "check_aws_node_daemonset_service_account/cluster"));
    expect(objects.map(({ object }) => `${object.kind}/${object.metadata?.name}`)).toContain(
      "DaemonSet/aws-node",
    );
    expect(findDrift(objects, rules).findings).toEqual([]);
  });

  it("reports hand-applied RBAC; a binding of anonymous users to a role without wildcards is not an rbac-risk", async () => {
    const result = findDrift(
      await read(path.join(HARDENEKS, "disable_anonymous_access_for_cluster_roles/cluster")),
      rules,
    );
    expect(result.findings.map(line)).toEqual([
      "high unmanaged ClusterRole -/bad",
      "high unmanaged ClusterRole -/good",
      "high unmanaged ClusterRoleBinding -/bad",
      "high unmanaged ClusterRoleBinding -/good",
    ]);
  });

  it("flags a binding to hardeneks' wildcard ClusterRole 'bad', not to 'good'", async () => {
    const roles = await read(path.join(HARDENEKS, "restrict_wildcard_for_cluster_roles/cluster"));
    const bindTo = (role: string): SourcedObject => ({
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: `ops-${role}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
        subjects: [{ kind: "Group", name: "ops" }],
      },
      source: { file: "seed.yaml", line: 1, origin: "manifest" },
    });
    const risks = findDrift([...roles, bindTo("bad"), bindTo("good")], rules).findings.filter(
      (f) => f.type === "rbac-risk",
    );
    expect(risks.map((finding) => finding.evidence)).toEqual([
      'binds ClusterRole bad (rule 1: verbs [*] on resources [*] in apiGroups [""]) cluster-wide to Group ops; not managed by any GitOps tool: binding, role',
    ]);
  });
});
