import { describe, expect, it } from "vitest";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import type { KubeObject, ManagedFieldsEntry } from "../types.js";
import { outOfBandChanges } from "./out-of-band.js";
import type { Manager } from "./types.js";

const { fieldManagers } = loadSystemObjectRules();

const ARGO_WRITE: ManagedFieldsEntry = {
  manager: "argocd-controller",
  operation: "Apply",
  time: "2024-03-01T10:00:00Z",
  fieldsV1: { "f:data": { "f:LOG_LEVEL": {} } },
};

function withEntries(kind: string, entries: ManagedFieldsEntry[], apiVersion = "v1"): KubeObject {
  return { apiVersion, kind, metadata: { name: "web", namespace: "shop", managedFields: entries } };
}

function entry(
  manager: string,
  time: string,
  fieldsV1: unknown,
  extra: Partial<ManagedFieldsEntry> = {},
): ManagedFieldsEntry {
  return { manager, operation: "Update", time, fieldsV1, ...extra };
}

function changes(object: KubeObject, manager: Manager = "argocd") {
  return outOfBandChanges(object, manager, fieldManagers);
}

describe("out-of-band changes", () => {
  it("reports a hotfixed ConfigMap: kubectl-edit after Argo CD's last write, with the fields", () => {
    const hotfix = entry("kubectl-edit", "2024-03-02T02:13:00Z", { "f:data": { "f:LOG_LEVEL": {} } });
    const [change, ...rest] = changes(withEntries("ConfigMap", [ARGO_WRITE, hotfix]));
    expect(rest).toEqual([]);
    expect(change).toMatchObject({
      manager: "kubectl-edit",
      operation: "Update",
      time: "2024-03-02T02:13:00Z",
      fields: ["data.LOG_LEVEL"],
      writer: "imperative",
      gitops: { manager: "argocd-controller", time: "2024-03-01T10:00:00Z" },
      severity: "medium",
    });
  });

  it("reports a debug Ingress rule added with kubectl patch", () => {
    const patch = entry("kubectl-patch", "2024-03-03T02:00:00Z", { "f:spec": { "f:rules": {} } });
    const found = changes(withEntries("Ingress", [ARGO_WRITE, patch], "networking.k8s.io/v1"));
    expect(found.map((change) => [change.manager, change.fields])).toEqual([
      ["kubectl-patch", ["spec.rules"]],
    ]);
  });

  it.each([
    ["Secret", "v1"],
    ["ClusterRoleBinding", "rbac.authorization.k8s.io/v1"],
    ["ValidatingWebhookConfiguration", "admissionregistration.k8s.io/v1"],
  ])("rates an out-of-band %s high", (kind, apiVersion) => {
    const edit = entry("kubectl-edit", "2024-03-02T00:00:00Z", {
      "f:metadata": { "f:labels": { "f:debug": {} } },
    });
    expect(
      changes(withEntries(kind, [ARGO_WRITE, edit], apiVersion)).map((change) => change.severity),
    ).toEqual(["high"]);
  });

  it.each([
    [
      "HPA scaling through the scale subresource",
      entry(
        "kube-controller-manager",
        "2024-03-05T00:00:00Z",
        { "f:spec": { "f:replicas": {} } },
        { subresource: "scale" },
      ),
    ],
    [
      "KEDA or another autoscaler writing the scale subresource",
      entry(
        "keda-scaler",
        "2024-03-05T00:00:00Z",
        { "f:spec": { "f:replicas": {} } },
        { subresource: "scale" },
      ),
    ],
    [
      "the VPA recommender",
      entry("vpa-recommender", "2024-03-05T00:00:00Z", { "f:spec": { "f:replicas": {} } }),
    ],
    [
      "a controller writing status through the subresource",
      entry(
        "kube-controller-manager",
        "2024-03-05T00:00:00Z",
        { "f:status": { "f:replicas": {} } },
        { subresource: "status" },
      ),
    ],
    [
      "an unknown controller writing only status fields",
      entry("my-operator", "2024-03-05T00:00:00Z", { "f:status": { "f:ready": {} } }),
    ],
    [
      "kube-controller-manager writing spec.replicas",
      entry("kube-controller-manager", "2024-03-05T00:00:00Z", { "f:spec": { "f:replicas": {} } }),
    ],
    ["EKS", entry("eks", "2024-03-05T00:00:00Z", { "f:spec": { "f:template": {} } })],
    [
      "an injected webhook caBundle",
      entry("cainjector-unknown", "2024-03-05T00:00:00Z", {
        "f:webhooks": { 'k:{"name":"v.example.com"}': { "f:clientConfig": { "f:caBundle": {} } } },
      }),
    ],
    [
      "kubectl rollout restart (only restartedAt)",
      entry("kubectl-rollout", "2024-03-05T00:00:00Z", {
        "f:spec": {
          "f:template": {
            "f:metadata": { "f:annotations": { ".": {}, "f:kubectl.kubernetes.io/restartedAt": {} } },
          },
        },
      }),
    ],
    [
      "a kubectl edit older than Argo CD's write",
      entry("kubectl-edit", "2024-02-01T00:00:00Z", { "f:data": { "f:X": {} } }),
    ],
    [
      "a kubectl apply older than Argo CD's write",
      entry("kubectl-client-side-apply", "2024-02-01T00:00:00Z", { "f:data": { "f:X": {} } }),
    ],
    [
      "a kubectl edit at the same second",
      entry("kubectl-edit", "2024-03-01T10:00:00Z", { "f:data": { "f:X": {} } }),
    ],
  ])("does not report %s", (_name, write) => {
    expect(changes(withEntries("Deployment", [ARGO_WRITE, write], "apps/v1"))).toEqual([]);
  });

  it("reports an unknown writer after the tool's write at severity info", () => {
    const janitor = entry(
      "janitor",
      "2024-03-02T00:00:00Z",
      { "f:metadata": { "f:annotations": { "f:owner": {} } } },
      { operation: "Apply" },
    );
    expect(changes(withEntries("Deployment", [ARGO_WRITE, janitor], "apps/v1"))).toMatchObject([
      {
        manager: "janitor",
        operation: "Apply",
        writer: "unknown",
        severity: "info",
        fields: ["metadata.annotations.owner"],
      },
    ]);
  });

  it("without a dated GitOps write, reports imperative writers only", () => {
    const edit = entry("kubectl-edit", "2024-03-02T00:00:00Z", { "f:data": { "f:A": {} } });
    const apply = entry("kubectl-client-side-apply", "2024-03-02T00:00:00Z", { "f:data": { "f:B": {} } });
    const other = entry("janitor", "2024-03-02T00:00:00Z", { "f:data": { "f:C": {} } });
    const found = changes(withEntries("ConfigMap", [apply, edit, other]), "helm");
    expect(found.map((change) => [change.manager, change.gitops])).toEqual([["kubectl-edit", null]]);
  });

  it("compares with the tool's own managers only: Flux vs a later helm upgrade", () => {
    const flux = entry(
      "kustomize-controller",
      "2024-03-01T00:00:00Z",
      { "f:spec": { "f:replicas": {} } },
      { operation: "Apply" },
    );
    const helm = entry("helm", "2024-03-02T00:00:00Z", { "f:spec": { "f:template": {} } });
    const found = changes(withEntries("Deployment", [flux, helm], "apps/v1"), "flux");
    expect(found.map((change) => [change.manager, change.writer])).toEqual([["helm", "apply"]]);
  });

  it("uses the latest of several GitOps writes and lists changes oldest first", () => {
    const entries = [
      entry("argocd-controller", "2024-01-01T00:00:00Z", {}),
      entry("kubectl-scale", "2024-01-15T00:00:00Z", { "f:spec": { "f:replicas": {} } }),
      entry("argocd-controller", "2024-02-01T00:00:00Z", {}, { operation: "Apply" }),
      entry("kubectl-set", "2024-02-03T00:00:00Z", {
        "f:spec": {
          "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { "f:image": {} } } } },
        },
      }),
      entry("kubectl-label", "2024-02-02T00:00:00Z", { "f:metadata": { "f:labels": { "f:debug": {} } } }),
    ];
    const found = changes(withEntries("Deployment", entries, "apps/v1"));
    expect(found.map((change) => [change.manager, change.gitops?.time])).toEqual([
      ["kubectl-label", "2024-02-01T00:00:00Z"],
      ["kubectl-set", "2024-02-01T00:00:00Z"],
    ]);
    expect(found[1]?.fields).toEqual(["spec.template.spec.containers[name=app].image"]);
  });

  it.each<Manager>(["none", "owner"])("ignores objects managed by %s", (manager) => {
    const edit = entry("kubectl-edit", "2024-03-02T00:00:00Z", { "f:data": { "f:A": {} } });
    expect(changes(withEntries("ConfigMap", [ARGO_WRITE, edit]), manager)).toEqual([]);
  });
});
