// Every exclusion class of the bundled system-object rules, each shown NOT to be reported as unmanaged,
// and the matcher's vocabulary on its own.
import { describe, expect, it } from "vitest";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import type { KubeObject, SourcedObject } from "../types.js";
import { findDrift } from "./drift.js";
import { globSet, isSystemObject, type SystemObjectRules } from "./system-objects.js";

const rules = loadSystemObjectRules();

function object(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  extra: Partial<NonNullable<KubeObject["metadata"]>> & { type?: string } = {},
): KubeObject {
  const { type, ...metadata } = extra;
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...metadata },
    ...(type ? { type } : {}),
  };
}

function sourced(objects: KubeObject[]): SourcedObject[] {
  return objects.map((item, index) => ({
    object: item,
    source: { file: "cluster.yaml", line: index + 1, origin: "manifest" },
  }));
}

const managed = (manager: string) => ({
  managedFields: [{ manager, operation: "Apply", time: "2024-01-01T00:00:00Z", fieldsV1: { "f:spec": {} } }],
});

/** One object per exclusion class: [rule id, object]. */
const EXAMPLES: [string, KubeObject][] = [
  [
    "owned-child",
    object("apps/v1", "ReplicaSet", "web-5d4f", "shop", {
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "hand-made", uid: "u-hand-made" }],
    }),
  ],
  ["endpoints", object("v1", "Endpoints", "web", "shop")],
  ["endpoints", object("discovery.k8s.io/v1", "EndpointSlice", "web-abcde", "shop")],
  ["events", object("v1", "Event", "web.17a", "shop")],
  ["events", object("events.k8s.io/v1", "Event", "web.17b", "shop")],
  ["leases", object("coordination.k8s.io/v1", "Lease", "ip-10-0-1-2.ec2.internal", "kube-node-lease")],
  ["controller-revisions", object("apps/v1", "ControllerRevision", "db-7f9c", "shop")],
  ["runtime-records", object("certificates.k8s.io/v1", "CertificateSigningRequest", "csr-8xk2p")],
  ["runtime-records", object("storage.k8s.io/v1", "VolumeAttachment", "csi-0123")],
  [
    "provisioned-volumes",
    object("v1", "PersistentVolume", "pvc-484b0547", undefined, {
      annotations: { "pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com" },
    }),
  ],
  ["nodes", object("v1", "Node", "ip-10-0-1-2.ec2.internal")],
  ["default-service-account", object("v1", "ServiceAccount", "default", "shop")],
  ["kube-root-ca", object("v1", "ConfigMap", "kube-root-ca.crt", "shop")],
  [
    "service-account-token",
    object("v1", "Secret", "deployer-token", "ci", { type: "kubernetes.io/service-account-token" }),
  ],
  [
    "bootstrap-token",
    object("v1", "Secret", "bootstrap-token-abcdef", "kube-system", {
      type: "bootstrap.kubernetes.io/token",
    }),
  ],
  [
    "helm-release-secret",
    object("v1", "Secret", "sh.helm.release.v1.shop.v3", "shop", { type: "helm.sh/release.v1" }),
  ],
  [
    "helm-release-configmap",
    object("v1", "ConfigMap", "shop.v3", "shop", { labels: { owner: "helm", name: "shop" } }),
  ],
  [
    "cert-manager-issued-secrets",
    object("v1", "Secret", "web-tls", "shop", {
      type: "kubernetes.io/tls",
      annotations: { "cert-manager.io/certificate-name": "web" },
    }),
  ],
  [
    "bootstrap-rbac-label",
    object("rbac.authorization.k8s.io/v1", "ClusterRole", "admin", undefined, {
      labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
    }),
  ],
  [
    "bootstrap-rbac-system-names",
    object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "system:node-proxier"),
  ],
  ["default-namespaces", object("v1", "Namespace", "kube-node-lease")],
  ["kubernetes-service", object("v1", "Service", "kubernetes", "default")],
  ["api-server-configmaps", object("v1", "ConfigMap", "extension-apiserver-authentication", "kube-system")],
  [
    "built-in-api-services",
    object("apiregistration.k8s.io/v1", "APIService", "v1.apps", undefined, {
      labels: { "kube-aggregator.kubernetes.io/automanaged": "onstart" },
    }),
  ],
  [
    "apf-defaults",
    object("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "workload-leader-election", undefined, {
      annotations: { "apf.kubernetes.io/autoupdate-spec": "true" },
    }),
  ],
  ["system-priority-classes", object("scheduling.k8s.io/v1", "PriorityClass", "system-node-critical")],
  [
    "controller-manager-service-accounts",
    object("v1", "ServiceAccount", "replicaset-controller", "kube-system"),
  ],
  [
    "eks-component-label",
    object("apps/v1", "Deployment", "coredns", "kube-system", {
      labels: { "eks.amazonaws.com/component": "coredns" },
    }),
  ],
  [
    "eks-default-add-ons",
    object("apps/v1", "DaemonSet", "kube-proxy", "kube-system", { labels: { "k8s-app": "kube-proxy" } }),
  ],
  ["eks-vpc-cni-objects", object("v1", "ConfigMap", "amazon-vpc-cni", "kube-system")],
  ["eks-names", object("rbac.authorization.k8s.io/v1", "ClusterRole", "eks:addon-manager")],
  [
    "eks-managed-add-on-writes",
    object("v1", "ServiceAccount", "ebs-csi-controller-sa", "kube-system", managed("eks")),
  ],
  ["gitops-tool-namespace", object("apps/v1", "Deployment", "argocd-server", "argocd")],
  ["gitops-tool-namespace", object("v1", "Secret", "flux-system", "flux-system")],
  [
    "gitops-tool-install",
    object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "applications.argoproj.io", undefined, {
      labels: { "app.kubernetes.io/part-of": "argocd" },
    }),
  ],
  [
    "k3s-packaged-components",
    object("apps/v1", "Deployment", "local-path-provisioner", "kube-system", {
      annotations: { "objectset.rio.cattle.io/applied": "H4sIAAAA" },
    }),
  ],
  ["k3s-addon-records", object("k3s.cattle.io/v1", "Addon", "coredns", "kube-system")],
];

describe("every exclusion class is not reported", () => {
  it("the examples cover every bundled rule", () => {
    expect(new Set(EXAMPLES.map(([id]) => id))).toEqual(new Set(rules.rules.map((rule) => rule.id)));
  });

  it.each(
    EXAMPLES.map(([id, example]) => [id, `${example.kind} ${example.metadata?.name}`, example] as const),
  )("%s: %s", (id, _label, example) => {
    expect(isSystemObject(example, rules)).toEqual({ rule: id });
    const { findings } = findDrift(sourced([example]), rules);
    expect(findings).toEqual([]);
  });

  it("the owner of an excluded child is still reported", () => {
    const owner = object("apps/v1", "Deployment", "hand-made", "shop", { uid: "u-hand-made" });
    const child = EXAMPLES[0]?.[1] as KubeObject;
    const { findings } = findDrift(sourced([owner, child]), rules);
    expect(findings.map((finding) => `${finding.type} ${finding.kind} ${finding.name}`)).toEqual([
      "unmanaged Deployment hand-made",
    ]);
  });

  it.each([
    [
      "an Application made by hand in argocd",
      object("argoproj.io/v1alpha1", "Application", "hotfix", "argocd"),
    ],
    [
      "a Kustomization made by hand in flux-system",
      object("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "tmp", "flux-system"),
    ],
    [
      "a ServiceAccount named like a controller outside kube-system",
      object("v1", "ServiceAccount", "job-controller", "shop"),
    ],
    [
      "a ClusterRoleBinding that only mentions eks",
      object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "my-eks-admins"),
    ],
    ["aws-auth, where hand-made IAM mappings live", object("v1", "ConfigMap", "aws-auth", "kube-system")],
    ["an opaque Secret", object("v1", "Secret", "db-password", "shop", { type: "Opaque" })],
  ])("still reports %s", (_name, example) => {
    expect(isSystemObject(example, rules)).toBeNull();
    expect(findDrift(sourced([example]), rules).findings.map((finding) => finding.type)).toEqual([
      "unmanaged",
    ]);
  });
});

describe("the matching vocabulary", () => {
  const only = (match: SystemObjectRules["rules"][number]["match"]): SystemObjectRules => ({
    rules: [{ id: "test", reason: "test", match }],
    fieldManagers: rules.fieldManagers,
  });
  const secret = object("v1", "Secret", "app-db", "shop", { labels: { tier: "db" }, type: "Opaque" });

  it.each([
    ["kind", { kinds: ["Secret"] }, true],
    ["other kind", { kinds: ["ConfigMap"] }, false],
    ["kind with exception", { kinds: ["*"], exceptKinds: ["Secret"] }, false],
    ["core group", { groups: [""] }, true],
    ["other group", { groups: ["apps"] }, false],
    ["name prefix glob", { names: ["app-*"] }, true],
    ["name suffix glob", { names: ["*-cache"] }, false],
    ["namespace", { namespaces: ["sh*"] }, true],
    ["label present", { labels: { tier: ["*"] } }, true],
    ["label value", { labels: { tier: ["web", "db"] } }, true],
    ["label other value", { labels: { tier: ["web"] } }, false],
    ["label absent", { labels: { team: ["*"] } }, false],
    ["annotation absent", { annotations: { tier: ["*"] } }, false],
    ["Secret type", { types: ["Opaque"] }, true],
    ["owned", { owned: true }, false],
    ["not owned", { owned: false }, true],
    ["manager", { managers: ["eks"] }, false],
    ["every field must hold", { kinds: ["Secret"], names: ["other"] }, false],
  ])("%s", (_name, match, expected) => {
    expect(isSystemObject(secret, only(match)) !== null).toBe(expected);
  });

  it("never matches a cluster-scoped object by namespace", () => {
    const role = object("rbac.authorization.k8s.io/v1", "ClusterRole", "reader");
    expect(isSystemObject(role, only({ namespaces: ["*"] }))).toBeNull();
  });

  it("globs treat regular-expression characters literally", () => {
    const set = globSet(["kube-root-ca.crt", "system:*", "a+b*"]);
    expect([
      set.test("kube-root-ca.crt"),
      set.test("kube-root-caXcrt"),
      set.test("system:node"),
      set.test("a+bc"),
      set.test("aab"),
    ]).toEqual([true, false, true, true, false]);
  });
});
