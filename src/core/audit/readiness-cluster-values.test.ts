import { describe, expect, it } from "vitest";
import { assess, deployment, meta, object, readCorpus } from "../../../test/support/readiness-fixtures.js";
import type { KubeObject } from "../types.js";
import { IRSA_ANNOTATION } from "./readiness-cluster-values.js";

const values = (objects: KubeObject[], clusterName?: string) =>
  assess(objects, clusterName === undefined ? {} : { clusterName })["cluster-specific-values"];

const irsaAccount = object(
  "v1",
  "ServiceAccount",
  meta("external-dns", "external-dns", {
    annotations: { [IRSA_ANNOTATION]: "arn:aws:iam::123456789012:role/eks-blueprint-blue-external-dns" },
  }),
);

const webhook = (name: string, annotations: Record<string, string> = {}): KubeObject =>
  object(
    "admissionregistration.k8s.io/v1",
    "ValidatingWebhookConfiguration",
    meta(name, undefined, { annotations }),
    {
      webhooks: [
        { name: `${name}.example.com`, clientConfig: { caBundle: "LS0tLS1CRUdJTi", service: { name } } },
      ],
    },
  );

describe("cluster-specific-values", () => {
  it("passes when nothing is tied to blue, and still notes Pod Identity", () => {
    const check = values([deployment("web")]);
    expect(check.status).toBe("pass");
    expect(check.evidence[0]).toMatch(/^EKS Pod Identity associations are not Kubernetes objects/);
  });

  it("lists IRSA role ARNs: their trust policy names blue's OIDC provider", () => {
    const check = values([irsaAccount]);
    expect(check.status).toBe("warn");
    expect(check.facts?.irsa).toEqual([
      {
        serviceAccount: "external-dns/external-dns",
        roleArn: "arn:aws:iam::123456789012:role/eks-blueprint-blue-external-dns",
      },
    ]);
    expect(check.actions[0]).toMatch(/^Trust green's OIDC provider in the 1 IAM role/);
  });

  it("finds the cluster name in ConfigMaps, args and env, word by word", () => {
    const check = values(
      [
        object("v1", "ConfigMap", meta("app-config", "shop"), {
          data: { CLUSTER: "prod-blue", LOG: "info" },
        }),
        object("v1", "ConfigMap", meta("unrelated", "shop"), {
          data: { note: "prod-blue-archive is elsewhere" },
        }),
        deployment("autoscaler", {
          container: { args: ["--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/prod-blue"] },
        }),
        deployment("lbc", { container: { args: ["--cluster-name=whatever"] } }),
        deployment("karpenter", { container: { env: [{ name: "CLUSTER_NAME", value: "x" }] } }),
      ],
      "prod-blue",
    );
    expect(check.facts?.clusterNameUses).toEqual([
      "Deployment shop/autoscaler",
      "Deployment shop/lbc",
      "Deployment shop/karpenter",
      "ConfigMap shop/app-config (CLUSTER)",
    ]);
  });

  it("says ConfigMaps were not searched without a cluster name", () => {
    expect(values([deployment("web")]).evidence).toContain(
      "No cluster name given: ConfigMaps were not searched for it",
    );
  });

  it("finds pods pinned to zones, instance types and node groups", () => {
    const check = values([
      deployment("zonal", {
        pod: { nodeSelector: { "topology.kubernetes.io/zone": "eu-west-1a", disk: "ssd" } },
      }),
      deployment("gpu", {
        pod: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: "node.kubernetes.io/instance-type", operator: "In", values: ["g5.xlarge"] },
                    ],
                  },
                ],
              },
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 1,
                  preference: {
                    matchExpressions: [
                      { key: "eks.amazonaws.com/nodegroup", operator: "In", values: ["gpu"] },
                    ],
                  },
                },
              ],
            },
          },
        },
      }),
      deployment("free", { pod: { nodeSelector: { "kubernetes.io/os": "linux" } } }),
    ]);
    expect(check.facts?.nodePinning).toEqual([
      "Deployment shop/zonal (topology.kubernetes.io/zone)",
      "Deployment shop/gpu (node.kubernetes.io/instance-type, eks.amazonaws.com/nodegroup)",
    ]);
  });

  it("tells injected caBundles from ones an installer wrote", () => {
    const check = values([
      webhook("cert-manager-webhook", { "cert-manager.io/inject-ca-from-secret": "cert-manager/ca" }),
      webhook("kyverno"),
    ]);
    expect(check.facts?.caBundles).toEqual([
      { ref: "ValidatingWebhookConfiguration cert-manager-webhook", injected: true },
      { ref: "ValidatingWebhookConfiguration kyverno", injected: false },
    ]);
    expect(check.evidence[0]).toBe(
      "2 webhooks or API services with a caBundle (1 injected by cert-manager); set by their installer or controller: ValidatingWebhookConfiguration kyverno",
    );
  });

  it("lists ExternalDNS identities and storage classes green must define", () => {
    const check = values([
      object(
        "networking.k8s.io/v1",
        "Ingress",
        meta("ui", "shop", {
          annotations: {
            "external-dns.alpha.kubernetes.io/set-identifier": "blue",
            "external-dns.alpha.kubernetes.io/aws-weight": "100",
          },
        }),
        { spec: { rules: [{ host: "ui.example.com" }] } },
      ),
      object("v1", "PersistentVolumeClaim", meta("data", "shop"), {
        spec: { storageClassName: "gp3-encrypted" },
      }),
    ]);
    expect(check.facts).toMatchObject({
      hostnames: ["ui.example.com"],
      setIdentifiers: ["blue"],
      undefinedStorageClasses: ["gp3-encrypted"],
    });
  });
});

describe("cluster-specific-values on the corpus", () => {
  it("hardeneks: the aws-node and cluster-autoscaler ServiceAccounts carry IRSA roles", async () => {
    const objects = await readCorpus(
      "cluster-dumps/aws-samples__hardeneks/tests/data/check_aws_node_daemonset_service_account/cluster",
      "cluster-dumps/aws-samples__hardeneks/tests/data/use_separate_iam_role_for_cluster_autoscaler/cluster",
    );
    const check = assess(objects)["cluster-specific-values"];
    expect(check.facts?.irsa).toEqual(
      expect.arrayContaining([
        { serviceAccount: "kube-system/aws-node", roleArn: "arn:aws:iam::123456789012:role/aws-node-role" },
        {
          serviceAccount: "kube-system/cluster-autoscaler",
          roleArn: "arn:aws:iam::123456789012:role/cluster-autoscaler-role",
        },
      ]),
    );
  });
});
