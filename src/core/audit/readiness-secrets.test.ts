import { describe, expect, it } from "vitest";
import {
  assess,
  type Json,
  managerFromMetadata,
  meta,
  object,
  readCorpus,
} from "../../../test/support/readiness-fixtures.js";
import type { KubeObject } from "../types.js";
import { classifySecret, type SecretOrigin } from "./readiness-secrets.js";

const secret = (name: string, metadata: Json = {}, fields: Json = {}): KubeObject =>
  object("v1", "Secret", meta(name, "shop", metadata), { data: { password: "c2VjcmV0LXZhbHVl" }, ...fields });

const externalSecret = object("external-secrets.io/v1", "ExternalSecret", meta("db", "shop"), {
  spec: { secretStoreRef: { name: "aws", kind: "ClusterSecretStore" }, target: { name: "db-credentials" } },
});
const sealedSecret = object("bitnami.com/v1alpha1", "SealedSecret", meta("api-key", "shop"), {
  spec: { template: { metadata: { name: "api-token" } } },
});
const store = object("external-secrets.io/v1", "ClusterSecretStore", meta("aws"), {
  spec: { provider: { aws: { service: "SecretsManager", region: "eu-west-1" } } },
});

describe("classifySecret", () => {
  const targets = { external: new Set(["shop/db-credentials"]), sealed: new Set(["shop/api-token"]) };
  it.each<[string, KubeObject, SecretOrigin]>([
    [
      "a service-account token",
      secret("t", {}, { type: "kubernetes.io/service-account-token" }),
      "service-account-token",
    ],
    ["a bootstrap token", secret("b", {}, { type: "bootstrap.kubernetes.io/token" }), "system"],
    [
      "a Helm release record",
      secret("sh.helm.release.v1.web.v3", {}, { type: "helm.sh/release.v1" }),
      "helm-release-record",
    ],
    ["an ExternalSecret target", secret("db-credentials"), "external-secret"],
    [
      "a Secret owned by an ExternalSecret",
      secret("x", {
        ownerReferences: [{ apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", name: "x" }],
      }),
      "external-secret",
    ],
    ["a SealedSecret target", secret("api-token"), "sealed-secret"],
    [
      "a Secret synced by the Secrets Store CSI driver",
      secret("csi", { labels: { "secrets-store.csi.k8s.io/managed": "true" } }),
      "secrets-store-csi",
    ],
    [
      "a cert-manager certificate",
      secret(
        "tls",
        { annotations: { "cert-manager.io/certificate-name": "web" } },
        { type: "kubernetes.io/tls" },
      ),
      "cert-manager",
    ],
    [
      "a Secret an operator owns",
      secret("op", {
        ownerReferences: [{ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", name: "pg" }],
      }),
      "operator",
    ],
    [
      "a Helm chart's Secret",
      secret("chart", { labels: { "app.kubernetes.io/managed-by": "Helm" } }),
      "helm",
    ],
    [
      "a Secret Argo CD applies from Git",
      secret("git", { annotations: { "argocd.argoproj.io/tracking-id": "shop:/Secret:shop/git" } }),
      "gitops",
    ],
    [
      "an Argo CD cluster Secret",
      secret("green", { labels: { "argocd.argoproj.io/secret-type": "cluster" } }),
      "argocd-cluster-config",
    ],
    ["anything else", secret("pasted-by-hand"), "hand-made"],
  ])("%s", (_what, object, origin) => {
    expect(classifySecret(object, managerFromMetadata, targets)).toBe(origin);
  });
});

describe("external-secrets", () => {
  it.each([
    ["no Secrets at all", [], "pass"],
    [
      "only Secrets green gets by itself",
      [
        externalSecret,
        store,
        secret("db-credentials"),
        secret("tok", {}, { type: "kubernetes.io/service-account-token" }),
      ],
      "pass",
    ],
    [
      "hand-made Secrets next to an external store",
      [externalSecret, store, secret("db-credentials"), secret("legacy")],
      "warn",
    ],
    ["hand-made Secrets and no external mechanism", [secret("legacy"), secret("stripe-key")], "fail"],
    ["a SealedSecret as the mechanism", [sealedSecret, secret("api-token"), secret("legacy")], "warn"],
  ])("%s → %s", (_what, objects, status) => {
    expect(assess(objects as KubeObject[])["external-secrets"].status).toBe(status);
  });

  it("counts the machinery, names the hand-made Secrets and the store providers", () => {
    const check = assess([
      externalSecret,
      store,
      secret("db-credentials"),
      secret("legacy"),
      secret("stripe-key"),
    ])["external-secrets"];
    expect(check.evidence).toEqual([
      "In use: 1 ExternalSecret, 1 ClusterSecretStore",
      "Secret store providers: aws",
      "3 Secrets by origin: external-secret 1, hand-made 2",
      "Hand-made (no operator, Helm release, GitOps tool or external store produced them): shop/legacy, shop/stripe-key",
    ]);
    expect(check.facts).toMatchObject({ handMade: ["shop/legacy", "shop/stripe-key"], providers: ["aws"] });
    expect(check.actions[0]).toMatch(/^Move the 2 hand-made Secrets into a store/);
  });

  it("never reports a Secret value", () => {
    const checks = assess([secret("legacy"), secret("db-credentials"), externalSecret]);
    expect(JSON.stringify(checks)).not.toContain("c2VjcmV0LXZhbHVl");
  });
});

describe("external-secrets on the corpus", () => {
  it("appmod-blueprints: 22 ExternalSecrets, but catalog-db and orders-db are committed as plain Secrets", async () => {
    const objects = await readCorpus("gitops-repos/aws-samples__appmod-blueprints");
    const check = assess(objects)["external-secrets"];
    expect(check.status).toBe("warn");
    expect(check.facts?.stores).toMatchObject({ ExternalSecret: 22, SecretStore: 2, ClusterSecretStore: 4 });
    // gitops/apps/backend/{catalog,orders}/base/secrets.yaml hold base64 passwords in Git, with no owner.
    expect(check.facts?.handMade).toEqual(expect.arrayContaining(["catalog-db", "orders-db"]));
    // The rabbitmq chart's rendered Secrets carry app.kubernetes.io/managed-by: Helm.
    expect(check.facts?.handMade).not.toContain("rabbitmq/rabbitmq");
    // secrets.yaml's password value (base64 of "default_password") is never echoed.
    expect(JSON.stringify(check)).not.toContain("ZGVmYXVsdF9wYXNzd29yZA==");
  });
});
