import { describe, expect, it } from "vitest";
import {
  assess,
  deployment,
  type Json,
  meta,
  object,
  readCorpus,
} from "../../../test/support/readiness-fixtures.js";
import type { KubeObject } from "../types.js";
import type { DriftFinding } from "./types.js";

const tracked = { annotations: { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:shop/web" } };
const fluxLabels = {
  labels: {
    "kustomize.toolkit.fluxcd.io/name": "apps",
    "kustomize.toolkit.fluxcd.io/namespace": "flux-system",
  },
};

/** `managed` GitOps-managed Deployments and `unmanaged` hand-applied ConfigMaps. */
function cluster(managed: number, unmanaged: number): KubeObject[] {
  return [
    ...Array.from({ length: managed }, (_, i) =>
      deployment(`app-${i}`, { metadata: i % 2 === 0 ? tracked : fluxLabels }),
    ),
    ...Array.from({ length: unmanaged }, (_, i) => object("v1", "ConfigMap", meta(`hotfix-${i}`, "shop"))),
  ];
}

const outOfBand: DriftFinding = {
  type: "out-of-band-change",
  severity: "medium",
  kind: "ConfigMap",
  apiVersion: "v1",
  namespace: "shop",
  name: "settings",
  evidence: "kubectl-edit changed data.LOG_LEVEL after argocd-controller",
  fix: "commit the change to Git",
};

describe("gitops-coverage", () => {
  it.each([
    // managed, unmanaged, status, share
    [10, 0, "pass", 1],
    [9, 1, "pass", 0.9],
    [7, 3, "warn", 0.7],
    [5, 5, "warn", 0.5],
    [1, 9, "fail", 0.1],
    [0, 4, "fail", 0],
  ])("%d managed and %d unmanaged objects → %s", (managed, unmanaged, status, share) => {
    const check = assess(cluster(managed, unmanaged))["gitops-coverage"];
    expect(check.status).toBe(status);
    expect(check.facts).toMatchObject({ considered: managed + unmanaged, managed, share });
    expect(check.actions.length === 0).toBe(status === "pass");
  });

  it("splits managed objects by tool and says so", () => {
    const check = assess(cluster(4, 1))["gitops-coverage"];
    expect(check.facts?.byManager).toEqual({ argocd: 2, flux: 2, helm: 0, none: 1 });
    expect(check.evidence[0]).toBe(
      "4 of 5 workload and configuration objects managed by Argo CD or Flux (80%): Argo CD 2, Flux 2, Helm only 0, none 1",
    );
  });

  it("warns when Git no longer matches what runs, even at full coverage", () => {
    const check = assess(cluster(10, 0), { drift: [outOfBand] })["gitops-coverage"];
    expect(check.status).toBe("warn");
    expect(check.evidence).toContain("Drift: 0 unmanaged objects, 1 out-of-band change (see findings)");
    expect(check.actions).toContain(
      "Commit the out-of-band changes to Git (or revert them) so Git matches what runs",
    );
  });

  it("leaves system objects and owned children out of the count", () => {
    const owner = { ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "app-0" }] };
    const check = assess([
      ...cluster(2, 0),
      deployment("coredns", { namespace: "kube-system" }),
      object("v1", "ServiceAccount", meta("default", "shop")),
      object("v1", "ConfigMap", meta("kube-root-ca.crt", "shop")),
      object("v1", "Secret", meta("builder-token", "shop"), { type: "kubernetes.io/service-account-token" }),
      object("v1", "Secret", meta("sh.helm.release.v1.web.v1", "shop"), { type: "helm.sh/release.v1" }),
      object("rbac.authorization.k8s.io/v1", "ClusterRole", meta("system:controller:job-controller")),
      object("v1", "ConfigMap", meta("owned", "shop", owner)),
      object("apps/v1", "ReplicaSet", meta("app-0-5d4f", "shop", owner), {
        spec: { template: { spec: { containers: [{ name: "c", image: "nginx" }] } } },
      }),
    ])["gitops-coverage"];
    expect(check.facts).toMatchObject({ considered: 2, managed: 2 });
    expect(check.status).toBe("pass");
  });

  it("warns when there is nothing to judge", () => {
    const check = assess([deployment("coredns", { namespace: "kube-system" })])["gitops-coverage"];
    expect(check.status).toBe("warn");
    expect(check.evidence[0]).toBe(
      "No workload or configuration objects outside the system namespaces in the input",
    );
  });

  it("finds cluster generators nested in matrix and merge generators and the labels green needs", () => {
    const applicationSet: Json = {
      generators: [
        {
          matrix: {
            generators: [
              { clusters: { selector: { matchLabels: { env: "prod", tier: "web" } } } },
              { git: {} },
            ],
          },
        },
        { list: { elements: [] } },
      ],
    };
    const check = assess([
      ...cluster(1, 0),
      object("argoproj.io/v1alpha1", "ApplicationSet", meta("web", "argocd"), { spec: applicationSet }),
      object(
        "argoproj.io/v1alpha1",
        "Application",
        meta("web-blue", "argocd", {
          ownerReferences: [{ apiVersion: "argoproj.io/v1alpha1", kind: "ApplicationSet", name: "web" }],
        }),
      ),
    ])["gitops-coverage"];
    expect(check.facts?.argocd).toMatchObject({
      applications: 1,
      generatedApplications: 1,
      applicationSets: 1,
      clusterGenerators: [
        {
          applicationSet: "argocd/web",
          selector: "env=prod, tier=web",
          labelsGreenNeeds: { env: "prod", tier: "web" },
        },
      ],
    });
  });

  it("says when no ApplicationSet can target a new cluster", () => {
    const check = assess([
      ...cluster(1, 0),
      object("argoproj.io/v1alpha1", "Application", meta("web", "argocd")),
    ])["gitops-coverage"];
    expect(check.evidence.some((line) => line.startsWith("No ApplicationSet has a cluster generator"))).toBe(
      true,
    );
  });
});

describe("gitops-coverage on the corpus", () => {
  it("the EKS Blueprints blue/green bootstrap ApplicationSets target every secret-backed cluster", async () => {
    const objects = await readCorpus(
      "gitops-repos/aws-ia__terraform-aws-eks-blueprints__blue-green-bootstrap/patterns/blue-green-upgrade/bootstrap",
    );
    const facts = assess(objects)["gitops-coverage"].facts as { argocd: { clusterGenerators: Json[] } };
    // addons.yaml has a top-level clusters generator, workloads.yaml nests it in a matrix with a git generator.
    expect(facts.argocd.clusterGenerators).toEqual([
      {
        applicationSet: "argocd/bootstrap-addons",
        selector: "akuity.io/argo-cd-cluster-name NotIn (in-cluster)",
        labelsGreenNeeds: {},
      },
      {
        applicationSet: "argocd/bootstrap-workloads",
        selector: "akuity.io/argo-cd-cluster-name NotIn (in-cluster)",
        labelsGreenNeeds: {},
      },
    ]);
  });

  it("Argo CD's own ApplicationSet testdata: a merge of an unselected and a labelled cluster generator", async () => {
    const objects = await readCorpus(
      "cluster-dumps/argoproj__argo-cd/resource_customizations/argoproj.io/ApplicationSet/testdata/healthyApplicationSet.yaml",
    );
    const facts = assess(objects)["gitops-coverage"].facts as { argocd: { clusterGenerators: Json[] } };
    expect(facts.argocd.clusterGenerators).toEqual([
      { applicationSet: "argocd/cluster-git", selector: "every cluster", labelsGreenNeeds: {} },
      {
        applicationSet: "argocd/cluster-git",
        selector: "use-kafka=false",
        labelsGreenNeeds: { "use-kafka": "false" },
      },
    ]);
  });

  it("hardeneks' EKS dump has no GitOps tool: coverage fails", async () => {
    const check = assess(await readCorpus("cluster-dumps/aws-samples__hardeneks"))["gitops-coverage"];
    expect(check.status).toBe("fail");
    expect(check.facts).toMatchObject({ managed: 0 });
  });
});
