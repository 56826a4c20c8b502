import { describe, expect, it } from "vitest";
import type { KubeObject, Origin, SourcedObject } from "../types.js";
import { diffDesired } from "./desired-diff.js";
import type { DriftFinding, Manager } from "./types.js";

const at = (object: KubeObject, file: string, origin: Origin = "manifest"): SourcedObject => ({
  object,
  source: { file, line: 1, origin },
});
const live = (object: KubeObject) => at(object, "snapshot/objects.yaml");
const desired = (object: KubeObject) => at(object, "git/objects.yaml");

const configMap = (data: Record<string, string>, namespace: string | null = "shop"): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "settings", ...(namespace ? { namespace } : {}) },
  data,
});
const deployment = (replicas: number, image = "shop/web:1.4.2"): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image }] },
    },
  },
});
const ingress = (hosts: string[], apiVersion = "networking.k8s.io/v1"): KubeObject => ({
  apiVersion,
  kind: "Ingress",
  metadata: { name: "shop", namespace: "shop" },
  spec: { rules: hosts.map((host) => ({ host })) },
});
const secret = (data: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db", namespace: "shop" },
  type: "Opaque",
  data,
});
const b64 = (text: string) => Buffer.from(text).toString("base64");

const summary = (findings: DriftFinding[]) =>
  findings.map((f) => `${f.type} ${f.kind} ${f.namespace ?? "-"}/${f.name}: ${f.evidence}`);

describe("diffDesired: differs-from-desired", () => {
  it.each<[string, KubeObject, KubeObject, string[]]>([
    ["equal objects", deployment(3), deployment(3), []],
    [
      "scaled by hand",
      deployment(3),
      deployment(5),
      [
        "differs-from-desired Deployment shop/web: 1 field differs from the desired state, desired → cluster: spec.replicas: 3 → 5",
      ],
    ],
    [
      "a hotfixed ConfigMap key, compared key by key",
      configMap({ LOG_LEVEL: "info", TIMEOUT: "30" }),
      configMap({ LOG_LEVEL: "debug", TIMEOUT: "30", DEBUG_SQL: "true" }),
      [
        'differs-from-desired ConfigMap shop/settings: 2 fields differ from the desired state, desired → cluster: data.LOG_LEVEL: "info" → "debug"; data.DEBUG_SQL: (unset) → "true"',
      ],
    ],
    [
      "an ingress rule added while debugging",
      ingress(["shop.example.com"]),
      ingress(["shop.example.com", "debug.shop.example.com"]),
      [
        'differs-from-desired Ingress shop/shop: 1 field differs from the desired state, desired → cluster: spec.rules[1]: (unset) → {"host":"debug.shop.example.com"}',
      ],
    ],
    [
      "a container image changed, named by container",
      deployment(2, "shop/web:1.4.2"),
      deployment(2, "shop/web:1.4.3-hotfix"),
      [
        'differs-from-desired Deployment shop/web: 1 field differs from the desired state, desired → cluster: spec.template.spec.containers[name=web].image: "shop/web:1.4.2" → "shop/web:1.4.3-hotfix"',
      ],
    ],
    [
      "an extensions/v1beta1 manifest against the networking.k8s.io/v1 object: same object, metadata only",
      ingress(["a.example.com"], "extensions/v1beta1"),
      ingress(["b.example.com"]),
      [],
    ],
  ])("%s", (_, want, have, expected) => {
    expect(summary(diffDesired([live(have)], [desired(want)]))).toEqual(expected);
  });

  it("lists at most maxListedChanges fields in the evidence, all of them in details.paths", () => {
    const keys = (value: string) => Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`k${i}`, value]));
    const [finding] = diffDesired([live(configMap(keys("b")))], [desired(configMap(keys("a")))], {
      maxListedChanges: 5,
    });
    expect(finding?.evidence).toMatch(/data\.k5: "a" → "b"; and 2 more$/);
    expect(finding?.details?.paths).toHaveLength(7);
    expect(finding?.source?.file).toBe("snapshot/objects.yaml");
    expect(finding?.details?.desiredSource).toMatchObject({ file: "git/objects.yaml" });
  });

  it("RBAC drift is high severity, other drift medium", () => {
    const binding = (role: string): KubeObject => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "ops" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    });
    const findings = diffDesired(
      [live(binding("cluster-admin")), live(deployment(5))],
      [desired(binding("view")), desired(deployment(3))],
    );
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([
      ["ClusterRoleBinding", "high"],
      ["Deployment", "medium"],
    ]);
  });
});

describe("diffDesired: Secrets are compared by key and their values never shown", () => {
  const PASSWORD_GIT = "s3cr3t-in-git";
  const PASSWORD_LIVE = "hunter2-pasted-at-2am";

  it.each<[string, Record<string, string>, Record<string, string>, string]>([
    [
      "a value that differs",
      { password: b64(PASSWORD_GIT) },
      { password: b64(PASSWORD_LIVE) },
      "data.password: value differs",
    ],
    ["a key only in the cluster", {}, { token: b64(PASSWORD_LIVE) }, "data.token: only in the cluster"],
    ["a key only in Git", { password: b64(PASSWORD_GIT) }, {}, "data.password: only in the desired state"],
  ])("%s", (_, want, have, line) => {
    const findings = diffDesired([live(secret(have))], [desired(secret(want))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toContain(line);
    const text = JSON.stringify(findings);
    for (const value of [PASSWORD_GIT, PASSWORD_LIVE, b64(PASSWORD_GIT), b64(PASSWORD_LIVE)]) {
      expect(text).not.toContain(value);
    }
  });

  it("stringData in Git equals the same bytes in data", () => {
    const want: KubeObject = { ...secret({}), stringData: { password: PASSWORD_GIT } };
    expect(diffDesired([live(secret({ password: b64(PASSWORD_GIT) }))], [desired(want)])).toEqual([]);
  });
});

describe("diffDesired: credential-named fields of other kinds are masked too", () => {
  const withEnv = (env: Record<string, unknown>[]): KubeObject => {
    const object = deployment(2);
    const spec = object.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
    spec.template.spec.containers = [{ name: "web", image: "shop/web:1", env }];
    return object;
  };

  it.each<[string, KubeObject, KubeObject, string, string[]]>([
    [
      "an env var named like a password",
      withEnv([{ name: "DB_PASSWORD", value: "plain-in-git" }]),
      withEnv([{ name: "DB_PASSWORD", value: "pasted-in-prod" }]),
      "spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value: value differs",
      ["plain-in-git", "pasted-in-prod"],
    ],
    [
      "a ConfigMap key named like a token",
      configMap({ "api-token": "tok-git" }),
      configMap({ "api-token": "tok-prod" }),
      "data.api-token: value differs",
      ["tok-git", "tok-prod"],
    ],
    [
      "a whole env entry added by hand",
      withEnv([]),
      withEnv([{ name: "STRIPE_SECRET", value: "sk_live_pasted" }]),
      'spec.template.spec.containers[name=web].env[name=STRIPE_SECRET]: (unset) → {"name":"STRIPE_SECRET","value":"(redacted)"}',
      ["sk_live_pasted"],
    ],
  ])("%s", (_, want, have, line, hidden) => {
    const findings = diffDesired([live(have)], [desired(want)]);
    expect(findings[0]?.evidence).toContain(line);
    for (const value of hidden) expect(JSON.stringify(findings)).not.toContain(value);
  });

  it("secret references are names, not values, and stay visible", () => {
    const volume = (secretName: string): KubeObject => {
      const object = deployment(2);
      const spec = object.spec as { template: { spec: Record<string, unknown> } };
      spec.template.spec.volumes = [{ name: "creds", secret: { secretName } }];
      return object;
    };
    const [finding] = diffDesired([live(volume("db-v2"))], [desired(volume("db-v1"))]);
    expect(finding?.evidence).toContain('volumes[name=creds].secret.secretName: "db-v1" → "db-v2"');
  });
});

describe("diffDesired: missing-from-cluster and not-in-desired", () => {
  const tracked = (name: string, manager: string): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "shop", annotations: { owner: manager } },
  });
  const managerOf = (object: KubeObject) => (object.metadata?.annotations?.owner ?? "none") as Manager;

  it("reports an object of Git that the cluster lacks, with the desired file as source", () => {
    const [finding] = diffDesired([], [desired(configMap({ a: "1" }))]);
    expect(finding).toMatchObject({
      type: "missing-from-cluster",
      kind: "ConfigMap",
      namespace: "shop",
      name: "settings",
      source: { file: "git/objects.yaml" },
    });
  });

  it.each<[string, string, boolean]>([
    ["Argo CD", "argocd", true],
    ["Flux", "flux", true],
    ["Helm alone (not a GitOps tool)", "helm", false],
    ["nobody (that is an unmanaged finding)", "none", false],
    ["an owner (owned objects follow their owner)", "owner", false],
  ])("a live object managed by %s and absent from Git is reported: %s", (_, manager, reported) => {
    const findings = diffDesired([live(tracked("extra", manager))], [], { managerOf });
    expect(findings.map((f) => f.type)).toEqual(reported ? ["not-in-desired"] : []);
  });

  it("system objects are never not-in-desired", () => {
    const findings = diffDesired([live(tracked("kube-root-ca.crt", "argocd"))], [], {
      managerOf,
      isSystemObject: (object) => object.metadata?.name === "kube-root-ca.crt",
    });
    expect(findings).toEqual([]);
  });

  it("names the tracking annotation in the evidence", () => {
    const object = tracked("extra", "argocd");
    object.metadata = {
      ...object.metadata,
      annotations: { owner: "argocd", "argocd.argoproj.io/tracking-id": "shop:/ConfigMap:shop/extra" },
    };
    const [finding] = diffDesired([live(object)], [], { managerOf });
    expect(finding?.evidence).toBe(
      "Tracked by Argo CD (argocd.argoproj.io/tracking-id=shop:/ConfigMap:shop/extra) but not in the desired state given.",
    );
  });

  it("objects decoded from Helm release records are not live objects", () => {
    const record = at(configMap({ a: "1" }), "snapshot/helm.yaml", "helm-release");
    expect(summary(diffDesired([record], [desired(configMap({ a: "1" }))]))).toEqual([
      "missing-from-cluster ConfigMap shop/settings: In the desired state (git/objects.yaml) but not in the cluster.",
    ]);
  });
});

describe("diffDesired: matching", () => {
  it.each<[string, SourcedObject[], KubeObject, string | null]>([
    [
      "a manifest without namespace takes the only live one's",
      [live(configMap({ a: "1" }, "team-a"))],
      configMap({ a: "1" }, null),
      "team-a",
    ],
    [
      "two live candidates: kubectl's default namespace",
      [live(configMap({ a: "1" }, "team-a")), live(configMap({ a: "1" }, "team-b"))],
      configMap({ a: "1" }, null),
      "default",
    ],
    [
      "cluster-scoped kinds have none",
      [],
      {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "gp3" },
        provisioner: "ebs.csi.aws.com",
      },
      null,
    ],
  ])("%s", (_, liveObjects, want, namespace) => {
    const findings = diffDesired(liveObjects, [desired(want)]);
    const missing = findings.filter((f) => f.type === "missing-from-cluster");
    if (namespace === "team-a") expect(findings).toEqual([]);
    else expect(missing.map((f) => f.namespace)).toEqual([namespace]);
  });

  it("--namespace limits both sides and leaves cluster-scoped objects out", () => {
    const storageClass: KubeObject = {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "gp3" },
    };
    const findings = diffDesired(
      [live(configMap({ a: "2" }, "other"))],
      [
        desired(configMap({ a: "1" }, "shop")),
        desired(configMap({ a: "1" }, "other")),
        desired(storageClass),
      ],
      { namespaces: ["other"] },
    );
    expect(summary(findings)).toEqual([
      'differs-from-desired ConfigMap other/settings: 1 field differs from the desired state, desired → cluster: data.a: "1" → "2"',
    ]);
  });

  it("a duplicate in the desired state is compared once", () => {
    const findings = diffDesired([], [desired(configMap({ a: "1" })), desired(configMap({ a: "2" }))]);
    expect(findings).toHaveLength(1);
  });
});
