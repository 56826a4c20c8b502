import { describe, expect, it } from "vitest";
import type { KubeObject, ObjectMeta, SourcedObject } from "../types.js";
import { buildOwnershipIndex, managerOf, tracksItself } from "./ownership.js";
import type { FieldManagerRules } from "./system-objects.js";

const GITOPS: FieldManagerRules["gitops"] = {
  argocd: ["argocd-controller", "argocd"],
  flux: ["kustomize-controller", "helm-controller"],
  helm: ["helm"],
};

function object(
  kind: string,
  name: string,
  namespace: string | undefined,
  metadata: Partial<ObjectMeta> = {},
  apiVersion = "v1",
): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata } };
}

function live(objects: KubeObject[]): SourcedObject[] {
  return objects.map((item) => ({
    object: item,
    source: { file: "live.yaml", line: 1, origin: "manifest" },
  }));
}

function managerIn(objects: KubeObject[], target: KubeObject, extra: SourcedObject[] = []): string {
  const index = buildOwnershipIndex([...live(objects), ...extra], GITOPS);
  return managerOf(target, index);
}

describe("managerOf", () => {
  const tracked = object("ConfigMap", "web-config", "shop", {
    annotations: { "argocd.argoproj.io/tracking-id": "shop:/ConfigMap:shop/web-config" },
  });
  const copiedTracking = object("ConfigMap", "copy", "shop", {
    annotations: { "argocd.argoproj.io/tracking-id": "shop:/ConfigMap:shop/web-config" },
  });
  const instanceLabelled = object("Service", "web", "shop", {
    labels: { "app.kubernetes.io/instance": "shop" },
  });
  const fluxKustomized = object("Service", "api", "shop", {
    labels: {
      "kustomize.toolkit.fluxcd.io/name": "apps",
      "kustomize.toolkit.fluxcd.io/namespace": "flux-system",
    },
  });
  const fluxHelm = object("Service", "redis", "cache", {
    labels: { "helm.toolkit.fluxcd.io/name": "redis" },
  });
  const helmInstalled = object("Service", "traefik", "kube-system", {
    labels: { "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": "traefik" },
    annotations: { "meta.helm.sh/release-name": "traefik", "meta.helm.sh/release-namespace": "kube-system" },
  });
  const helmLabelOnly = object("Service", "rendered", "shop", {
    labels: { "app.kubernetes.io/managed-by": "Helm" },
  });
  const argoInstance = object(
    "Application",
    "child",
    "argocd",
    { labels: { "argocd.argoproj.io/instance": "root" } },
    "argoproj.io/v1alpha1",
  );
  const writtenByArgo = object("Service", "svc", "shop", {
    managedFields: [{ manager: "argocd-controller", operation: "Apply", time: "2024-01-01T00:00:00Z" }],
  });
  const argoStatusOnApp = object(
    "Application",
    "made-in-ui",
    "argocd",
    {
      managedFields: [{ manager: "argocd-controller", operation: "Update", time: "2024-01-01T00:00:00Z" }],
    },
    "argoproj.io/v1alpha1",
  );
  const byKubectl = object(
    "CronJob",
    "cleanup",
    "shop",
    {
      managedFields: [{ manager: "kubectl-create", operation: "Update", time: "2024-01-01T00:00:00Z" }],
    },
    "batch/v1",
  );

  it.each([
    ["a tracking-id naming the object", [tracked], tracked, "argocd"],
    ["a tracking-id copied from another object", [copiedTracking], copiedTracking, "none"],
    ["Flux kustomize-controller labels", [fluxKustomized], fluxKustomized, "flux"],
    ["Flux helm-controller labels", [fluxHelm], fluxHelm, "flux"],
    ["a Helm release's label and annotation", [helmInstalled], helmInstalled, "helm"],
    ["only the managed-by: Helm label (rendered by another tool)", [helmLabelOnly], helmLabelOnly, "none"],
    ["the argocd.argoproj.io/instance label", [argoInstance], argoInstance, "argocd"],
    ["a write by argocd-controller", [writtenByArgo], writtenByArgo, "argocd"],
    ["Argo CD's writes on its own Application", [argoStatusOnApp], argoStatusOnApp, "none"],
    ["kubectl-create only", [byKubectl], byKubectl, "none"],
    ["the instance label without evidence of label tracking", [instanceLabelled], instanceLabelled, "none"],
  ])("%s", (_name, objects, target, expected) => {
    expect(managerIn(objects as KubeObject[], target as KubeObject)).toBe(expected);
  });

  it("counts the instance label when an Application of that name exists", () => {
    const app = object("Application", "shop", "argocd", {}, "argoproj.io/v1alpha1");
    expect(managerIn([app, instanceLabelled], instanceLabelled)).toBe("argocd");
  });

  it.each([
    ["label", "argocd"],
    ["annotation+label", "argocd"],
    ["annotation", "none"],
  ])("argocd-cm resourceTrackingMethod %s decides the instance label", (method, expected) => {
    const cm = object("ConfigMap", "argocd-cm", "argocd", {});
    cm.data = { "application.resourceTrackingMethod": method };
    expect(managerIn([cm, instanceLabelled], instanceLabelled)).toBe(expected);
  });

  it("reads argocd-cm's instanceLabelKey", () => {
    const cm = object("ConfigMap", "argocd-cm", "argocd", {});
    cm.data = {
      "application.resourceTrackingMethod": "label",
      "application.instanceLabelKey": "example.com/app",
    };
    const labelled = object("Service", "web", "shop", { labels: { "example.com/app": "shop" } });
    expect(managerIn([cm, labelled, instanceLabelled], labelled)).toBe("argocd");
    expect(managerIn([cm, labelled, instanceLabelled], instanceLabelled)).toBe("none");
  });

  it("finds objects in a Flux Kustomization's inventory, names with underscores included", () => {
    const kustomization: KubeObject = {
      ...object("Kustomization", "apps", "flux-system", {}, "kustomize.toolkit.fluxcd.io/v1"),
      status: {
        inventory: {
          entries: [
            { id: "shop_web_apps_Deployment", v: "v1" },
            { id: "_ops_admin_rbac.authorization.k8s.io_ClusterRole", v: "v1" },
          ],
        },
      },
    };
    const deployment = object("Deployment", "web", "shop", {}, "apps/v1");
    const role = object("ClusterRole", "ops_admin", undefined, {}, "rbac.authorization.k8s.io/v1");
    const other = object("Deployment", "web", "other", {}, "apps/v1");
    const all = [kustomization, deployment, role, other];
    expect([deployment, role, other].map((target) => managerIn(all, target))).toEqual([
      "flux",
      "flux",
      "none",
    ]);
  });

  it("finds objects listed in a decoded Helm release manifest, cluster-scoped ones too", () => {
    const fromRelease = (item: KubeObject): SourcedObject => ({
      object: item,
      source: { file: "helm.yaml", line: 1, origin: "helm-release", release: "shop/web@3" },
    });
    const deployment = object("Deployment", "web", "shop", {}, "apps/v1");
    const role = object("ClusterRole", "web-reader", undefined, {}, "rbac.authorization.k8s.io/v1");
    const manifest = [
      fromRelease(object("Deployment", "web", "shop", {}, "apps/v1")),
      // helm-release.ts gives every manifest object the release namespace, cluster-scoped ones too
      fromRelease(object("ClusterRole", "web-reader", "shop", {}, "rbac.authorization.k8s.io/v1")),
    ];
    const index = buildOwnershipIndex([...live([deployment, role]), ...manifest], GITOPS);
    expect([managerOf(deployment, index), managerOf(role, index)]).toEqual(["helm", "helm"]);
    expect(index.live.map((item) => item.object)).toEqual([deployment, role]);
  });
});

describe("ownership through owners", () => {
  const deployment = object(
    "Deployment",
    "web",
    "shop",
    {
      uid: "d-1",
      annotations: { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:shop/web" },
    },
    "apps/v1",
  );
  const replicaSet = object(
    "ReplicaSet",
    "web-5d4f",
    "shop",
    {
      uid: "r-1",
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "d-1" }],
    },
    "apps/v1",
  );
  const pod = object("Pod", "web-5d4f-x", "shop", {
    ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d4f", uid: "r-1" }],
  });

  it("is transitive: Pod → ReplicaSet → tracked Deployment", () => {
    expect(managerIn([pod, replicaSet, deployment], pod)).toBe("owner");
  });

  it("finds the owner by kind and name when the reference has no uid", () => {
    const child = object(
      "ReplicaSet",
      "web-x",
      "shop",
      {
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web" }],
      },
      "apps/v1",
    );
    expect(managerIn([child, deployment], child)).toBe("owner");
  });

  it("counts an owner missing from the input as managing its child", () => {
    expect(managerIn([pod], pod)).toBe("owner");
  });

  it("is none when the whole chain is unmanaged", () => {
    const bare = object("Deployment", "web", "shop", { uid: "d-1" }, "apps/v1");
    expect(managerIn([pod, replicaSet, bare], pod)).toBe("none");
  });

  it("survives an ownerReference cycle", () => {
    const a = object("ConfigMap", "a", "shop", {
      uid: "a",
      ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "b", uid: "b" }],
    });
    const b = object("ConfigMap", "b", "shop", {
      uid: "b",
      ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "a", uid: "a" }],
    });
    expect(managerIn([a, b], a)).toBe("none");
  });

  it("gives a StatefulSet's claims their StatefulSet's manager", () => {
    const statefulSet: KubeObject = {
      ...object(
        "StatefulSet",
        "db",
        "shop",
        { labels: { "kustomize.toolkit.fluxcd.io/name": "apps" } },
        "apps/v1",
      ),
      spec: { volumeClaimTemplates: [{ metadata: { name: "data" } }] },
    };
    const claim = object("PersistentVolumeClaim", "data-db-0", "shop");
    const stranger = object("PersistentVolumeClaim", "data-other-0", "shop");
    expect(managerIn([statefulSet, claim, stranger], claim)).toBe("owner");
    expect(managerIn([statefulSet, claim, stranger], stranger)).toBe("none");
  });

  it("keeps the first of two copies of one object", () => {
    const first = object("ConfigMap", "dup", "shop");
    const second = object("ConfigMap", "dup", "shop");
    const index = buildOwnershipIndex(live([first, second]), GITOPS);
    expect(index.live.map((item) => item.object)).toEqual([first]);
    expect(index.live[0]?.object).toBe(first);
  });
});

describe("tracksItself", () => {
  const role = object("ClusterRole", "system:metrics", undefined, {}, "rbac.authorization.k8s.io/v1");
  const deployment = object("Deployment", "web", "shop", {}, "apps/v1");
  it.each([
    [
      "a cluster-scoped name with colons",
      "app:rbac.authorization.k8s.io/ClusterRole:/system:metrics",
      role,
      true,
    ],
    ["a namespaced object", "app:apps/Deployment:shop/web", deployment, true],
    ["another namespace", "app:apps/Deployment:other/web", deployment, false],
    ["another kind", "app:apps/StatefulSet:shop/web", deployment, false],
    ["not a tracking id", "garbage", deployment, false],
  ])("%s", (_name, id, target, expected) => {
    expect(tracksItself(id, target)).toBe(expected);
  });
});
