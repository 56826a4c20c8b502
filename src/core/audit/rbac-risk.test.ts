import { describe, expect, it } from "vitest";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import type { KubeObject, ObjectMeta, SourcedObject } from "../types.js";
import { buildOwnershipIndex } from "./ownership.js";
import { rbacRiskFindings, wildcardRules } from "./rbac-risk.js";

const rules = loadSystemObjectRules();
const RBAC = "rbac.authorization.k8s.io/v1";
const ARGO = (id: string): Partial<ObjectMeta> => ({ annotations: { "argocd.argoproj.io/tracking-id": id } });

function binding(
  kind: "ClusterRoleBinding" | "RoleBinding",
  name: string,
  roleRef: { kind: string; name: string },
  subjects: object[],
  metadata: Partial<ObjectMeta> = {},
  namespace?: string,
): KubeObject {
  return {
    apiVersion: RBAC,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...metadata },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
    subjects,
  };
}

function role(
  kind: "ClusterRole" | "Role",
  name: string,
  policy: object[],
  metadata: Partial<ObjectMeta> = {},
  namespace?: string,
): KubeObject {
  return {
    apiVersion: RBAC,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...metadata },
    rules: policy,
  };
}

function serviceAccount(namespace: string, name: string, metadata: Partial<ObjectMeta> = {}): KubeObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace, ...metadata } };
}

function risks(objects: KubeObject[]) {
  const sourced: SourcedObject[] = objects.map((object, index) => ({
    object,
    source: { file: "rbac.yaml", line: index + 1, origin: "manifest" },
  }));
  return rbacRiskFindings(buildOwnershipIndex(sourced, rules.fieldManagers.gitops), rules);
}

const clusterAdmin = { kind: "ClusterRole", name: "cluster-admin" };
const alice = { kind: "User", name: "alice@example.com", apiGroup: "rbac.authorization.k8s.io" };

describe("rbac-risk", () => {
  it("reports an unremembered cluster-admin binding to a user, naming the subject", () => {
    const [finding, ...rest] = risks([binding("ClusterRoleBinding", "alice-admin", clusterAdmin, [alice])]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      type: "rbac-risk",
      severity: "high",
      kind: "ClusterRoleBinding",
      name: "alice-admin",
      namespace: null,
    });
    expect(finding?.evidence).toContain("binds ClusterRole cluster-admin");
    expect(finding?.evidence).toContain("to User alice@example.com");
    expect(finding?.evidence).toContain("not managed by any GitOps tool: binding");
    expect(finding?.fix).toContain("kubectl get clusterrolebinding alice-admin -o yaml");
  });

  it("reports a ServiceAccount with such rights once, naming every binding", () => {
    const bot = { kind: "ServiceAccount", name: "deployer", namespace: "ci" };
    const found = risks([
      serviceAccount("ci", "deployer"),
      binding("ClusterRoleBinding", "deployer-admin", clusterAdmin, [bot]),
      binding(
        "RoleBinding",
        "deployer-shop",
        clusterAdmin,
        [{ kind: "ServiceAccount", name: "deployer", namespace: "ci" }],
        {},
        "shop",
      ),
    ]);
    const accounts = found.filter((finding) => finding.kind === "ServiceAccount");
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      namespace: "ci",
      name: "deployer",
      severity: "high",
      apiVersion: "v1",
    });
    expect(accounts[0]?.evidence).toContain(
      "ClusterRole cluster-admin through ClusterRoleBinding deployer-admin (not in Git)",
    );
    expect(accounts[0]?.evidence).toContain("through RoleBinding shop/deployer-shop");
    expect(
      found.filter((finding) => finding.kind !== "ServiceAccount").map((finding) => finding.name),
    ).toEqual(["deployer-admin", "deployer-shop"]);
  });

  it("takes a RoleBinding's ServiceAccount namespace from the binding when the subject has none", () => {
    const found = risks([
      binding("RoleBinding", "local", clusterAdmin, [{ kind: "ServiceAccount", name: "app" }], {}, "shop"),
    ]);
    expect(found.find((finding) => finding.kind === "ServiceAccount")).toMatchObject({
      namespace: "shop",
      name: "app",
    });
  });

  it.each([
    ["verbs *", [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }], true],
    ["resources *", [{ apiGroups: [""], resources: ["*"], verbs: ["get"] }], true],
    ["apiGroups and resources *", [{ apiGroups: ["*"], resources: ["*"], verbs: ["list"] }], true],
    ["named verbs and resources", [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }], false],
    ["non-resource URLs only", [{ nonResourceURLs: ["*"], verbs: ["*"] }], false],
  ])("a role with %s is risky: %s", (_name, policy, risky) => {
    const custom = role("ClusterRole", "custom", policy);
    const found = risks([
      custom,
      binding("ClusterRoleBinding", "custom", { kind: "ClusterRole", name: "custom" }, [alice]),
    ]);
    expect(found.length > 0).toBe(risky);
    expect(wildcardRules(custom).length > 0).toBe(risky);
  });

  it("finds a namespaced Role in the binding's namespace", () => {
    const local = role(
      "Role",
      "everything",
      [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
      {},
      "shop",
    );
    const elsewhere = role(
      "Role",
      "everything",
      [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
      {},
      "other",
    );
    const found = risks([
      elsewhere,
      local,
      binding("RoleBinding", "all", { kind: "Role", name: "everything" }, [alice], {}, "shop"),
    ]);
    expect(found.map((finding) => finding.evidence)).toEqual([
      "binds Role everything (rule 1: verbs [*] on resources [*] in apiGroups [*]) in namespace shop to User alice@example.com; not managed by any GitOps tool: binding, role",
    ]);
  });

  it("reports a binding in Git when the role it grants was made by hand", () => {
    const handMade = role("ClusterRole", "ops", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]);
    const inGit = binding(
      "ClusterRoleBinding",
      "ops",
      { kind: "ClusterRole", name: "ops" },
      [alice],
      ARGO("ops:rbac.authorization.k8s.io/ClusterRoleBinding:/ops"),
    );
    expect(risks([handMade, inGit]).map((finding) => finding.details?.unmanaged)).toEqual([["role"]]);
  });

  it("reports a binding in Git to a hand-made ServiceAccount", () => {
    const inGit = binding(
      "ClusterRoleBinding",
      "bot",
      clusterAdmin,
      [{ kind: "ServiceAccount", name: "bot", namespace: "ci" }],
      ARGO("ci:rbac.authorization.k8s.io/ClusterRoleBinding:/bot"),
    );
    const found = risks([inGit, serviceAccount("ci", "bot")]);
    expect(found.map((finding) => [finding.kind, finding.severity])).toEqual([
      ["ClusterRoleBinding", "high"],
      ["ServiceAccount", "high"],
    ]);
    expect(found[0]?.details?.unmanaged).toEqual(["ServiceAccount ci/bot"]);
  });

  it("rates a grant that is all in Git low, on the ServiceAccount only", () => {
    const inGit = binding(
      "ClusterRoleBinding",
      "bot",
      clusterAdmin,
      [{ kind: "ServiceAccount", name: "bot", namespace: "ci" }],
      ARGO("ci:rbac.authorization.k8s.io/ClusterRoleBinding:/bot"),
    );
    const account = serviceAccount("ci", "bot", ARGO("ci:/ServiceAccount:ci/bot"));
    expect(risks([inGit, account]).map((finding) => [finding.kind, finding.severity])).toEqual([
      ["ServiceAccount", "low"],
    ]);
  });

  it.each([
    [
      "a system: binding",
      binding("ClusterRoleBinding", "system:masters-admin", clusterAdmin, [
        { kind: "Group", name: "system:masters" },
      ]),
    ],
    [
      "a bootstrap binding",
      binding(
        "ClusterRoleBinding",
        "cluster-admin",
        clusterAdmin,
        [{ kind: "Group", name: "system:masters" }],
        {
          labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
        },
      ),
    ],
    [
      "an EKS binding",
      binding("ClusterRoleBinding", "eks:addon-cluster-admin", clusterAdmin, [
        { kind: "User", name: "eks:addon-manager" },
      ]),
    ],
    [
      "the GitOps tool's own binding",
      binding(
        "ClusterRoleBinding",
        "argocd-application-controller",
        clusterAdmin,
        [{ kind: "ServiceAccount", name: "argocd-application-controller", namespace: "argocd" }],
        {
          labels: { "app.kubernetes.io/part-of": "argocd" },
        },
      ),
    ],
    [
      "a binding to an ordinary role",
      binding("ClusterRoleBinding", "viewers", { kind: "ClusterRole", name: "view" }, [alice]),
    ],
    [
      "a binding to a role that is not in the input",
      binding("ClusterRoleBinding", "unknown", { kind: "ClusterRole", name: "mystery" }, [alice]),
    ],
  ])("does not report %s", (_name, object) => {
    expect(risks([object])).toEqual([]);
  });
});
