import { describe, expect, it } from "vitest";
import {
  assess,
  deployment,
  meta,
  object,
  readCorpus,
  workload,
} from "../../../test/support/readiness-fixtures.js";

type Components = { step: number; id: string; versions: string[]; workloads: string[]; kinds: string[] }[];
const componentsOf = (check: { facts?: Record<string, unknown> }) => check.facts?.components as Components;

describe("platform-components", () => {
  it("lists components in bootstrap order, whatever order the input has", () => {
    const check = assess([
      workload("DaemonSet", "fluent-bit", { namespace: "logging", image: "fluent/fluent-bit:2.2.0" }),
      deployment("external-dns", {
        namespace: "external-dns",
        image: "registry.k8s.io/external-dns/external-dns:v0.14.0",
      }),
      deployment("argocd-server", { namespace: "argocd", image: "quay.io/argoproj/argocd:v2.9.3" }),
      deployment("argocd-repo-server", { namespace: "argocd", image: "quay.io/argoproj/argocd:v2.9.3" }),
      deployment("cert-manager", {
        namespace: "cert-manager",
        image: "quay.io/jetstack/cert-manager-controller:v1.13.2",
      }),
      deployment("karpenter", {
        namespace: "karpenter",
        image: "public.ecr.aws/karpenter/controller:0.37.0",
      }),
      deployment("aws-load-balancer-controller", {
        namespace: "kube-system",
        image: "public.ecr.aws/eks/aws-load-balancer-controller:v2.6.0",
      }),
    ])["platform-components"];
    expect(componentsOf(check).map((component) => component.id)).toEqual([
      "karpenter",
      "argo-cd",
      "cert-manager",
      "aws-load-balancer-controller",
      "external-dns",
      "fluent-bit",
    ]);
    expect(check.status).toBe("pass");
    expect(check.evidence[2]).toBe(
      "2. Argo CD [gitops]: v2.9.3 in Deployment argocd/argocd-server, Deployment argocd/argocd-repo-server",
    );
  });

  it("recognises components from their custom kinds when the controller is not in the input", () => {
    const check = assess([
      object("argoproj.io/v1alpha1", "Application", meta("shop", "argocd")),
      object("karpenter.sh/v1", "NodePool", meta("default")),
    ])["platform-components"];
    expect(componentsOf(check)).toMatchObject([
      { id: "karpenter", kinds: ["karpenter.sh/NodePool 1"], versions: [] },
      { id: "argo-cd", kinds: ["argoproj.io/Application 1"], versions: [] },
    ]);
    expect(check.evidence[2]).toBe(
      "2. Argo CD [gitops]: in use (argoproj.io/Application 1), its controller is not in the input",
    );
  });

  it("warns when a component runs without a version tag", () => {
    const check = assess([deployment("ingress", { image: "traefik:latest" })])["platform-components"];
    expect(check.status).toBe("warn");
    expect(check.actions[0]).toMatch(/^Pin image versions of Traefik/);
  });

  it("ignores init containers that borrow a component's image", () => {
    const check = assess([
      deployment("app", {
        pod: { initContainers: [{ name: "wait", image: "quay.io/argoproj/argocd:v2.9.3" }] },
      }),
    ])["platform-components"];
    expect(check.status).toBe("warn");
    expect(check.evidence[0]).toBe("No platform component recognised from images or custom kinds");
  });
});

describe("platform-components on the corpus", () => {
  it("hardeneks' EKS cluster: VPC CNI, CoreDNS, cluster-autoscaler, Fluentd, in that order", async () => {
    const check = assess(await readCorpus("cluster-dumps/aws-samples__hardeneks"))["platform-components"];
    expect(componentsOf(check).map(({ id, versions }) => [id, versions])).toEqual([
      ["vpc-cni", ["v1.10.1-eksbuild.1"]],
      ["coredns", ["v1.8.7-eksbuild.1"]],
      ["cluster-autoscaler", ["v1.22.3"]],
      ["fluentd", ["v2.5.2"]],
    ]);
    expect(componentsOf(check)[0]?.workloads).toEqual(["DaemonSet kube-system/aws-node"]);
  });

  it("the k3s support bundles: CoreDNS, Traefik and metrics-server at two releases of k3s", async () => {
    const baseline = assess(
      await readCorpus(
        "cluster-dumps/replicatedhq__troubleshoot/_extracted/test__baselines__supportbundle__baseline.tar.gz",
      ),
    )["platform-components"];
    const older = assess(
      await readCorpus(
        "cluster-dumps/replicatedhq__troubleshoot/_extracted/testdata__supportbundle__support-bundle.tar.gz",
      ),
    )["platform-components"];
    const summary = (check: typeof baseline) =>
      componentsOf(check).map(({ id, versions }) => `${id} ${versions.join()}`);
    expect(summary(baseline)).toEqual(["coredns 1.11.3", "traefik 2.11.10", "metrics-server v0.7.2"]);
    expect(summary(older)).toEqual(["coredns 1.9.1", "traefik 2.6.2", "metrics-server v0.5.2"]);
  });

  it("appmod-blueprints' desired state: Karpenter, Argo CD, Flux and External Secrets by their kinds", async () => {
    const check = assess(await readCorpus("gitops-repos/aws-samples__appmod-blueprints"))[
      "platform-components"
    ];
    expect(componentsOf(check).map((component) => component.id)).toEqual([
      "karpenter",
      "argo-cd",
      "flux",
      "external-secrets",
    ]);
    expect(componentsOf(check)[3]?.kinds).toContain("external-secrets.io/ExternalSecret 22");
  });
});
