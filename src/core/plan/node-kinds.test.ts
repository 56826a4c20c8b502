import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../types.js";
import { createNodeKindCollector, detectNodeKinds, nodeKindsOf } from "./node-kinds.js";

const node = (labels: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "n", labels },
});

describe("node kind of one object", () => {
  it.each([
    [{ apiVersion: "karpenter.sh/v1", kind: "NodePool" }, ["karpenter"]],
    [{ apiVersion: "karpenter.sh/v1beta1", kind: "NodeClaim" }, ["karpenter"]],
    [{ apiVersion: "karpenter.sh/v1alpha5", kind: "Provisioner" }, ["karpenter"]],
    [{ apiVersion: "karpenter.k8s.aws/v1", kind: "EC2NodeClass" }, ["karpenter"]],
    [{ apiVersion: "karpenter.k8s.aws/v1alpha1", kind: "AWSNodeTemplate" }, ["karpenter"]],
    // a NodePool of another project is not Karpenter
    [{ apiVersion: "hypershift.openshift.io/v1beta1", kind: "NodePool" }, []],
    [node({ "eks.amazonaws.com/nodegroup": "ng-1" }), ["managed-node-group"]],
    // eksctl labels managed groups too; the EKS label wins
    [
      node({ "eks.amazonaws.com/nodegroup": "ng-1", "alpha.eksctl.io/nodegroup-name": "ng-1" }),
      ["managed-node-group"],
    ],
    [node({ "alpha.eksctl.io/nodegroup-name": "unmanaged" }), ["self-managed"]],
    [node({ "eks.amazonaws.com/compute-type": "fargate" }), ["fargate"]],
    [node({ "karpenter.sh/nodepool": "default" }), ["karpenter"]],
    [node({ "karpenter.sh/provisioner-name": "default" }), ["karpenter"]],
    [node({ "kubernetes.io/os": "linux" }), []],
    [
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { labels: { "eks.amazonaws.com/fargate-profile": "fp-default" } },
      },
      ["fargate"],
    ],
    [{ apiVersion: "v1", kind: "Pod", metadata: { labels: { app: "web" } } }, []],
    [
      {
        apiVersion: "eksctl.io/v1alpha5",
        kind: "ClusterConfig",
        managedNodeGroups: [{ name: "a" }],
        fargateProfiles: [{ name: "f" }],
      },
      ["managed-node-group", "fargate"],
    ],
    [
      {
        apiVersion: "eksctl.io/v1alpha5",
        kind: "ClusterConfig",
        nodeGroups: [{ name: "b" }],
        managedNodeGroups: [],
      },
      ["self-managed"],
    ],
    [{ apiVersion: "apps/v1", kind: "Deployment" }, []],
  ] as [KubeObject, string[]][])("%j → %j", (object, kinds) => {
    expect(nodeKindsOf(object)).toEqual(kinds);
  });
});

describe("node kind collector", () => {
  it("collects incrementally, deduplicates and returns playbook order", () => {
    const collector = createNodeKindCollector();
    expect(collector.result()).toEqual([]);
    collector.add({ apiVersion: "karpenter.sh/v1", kind: "NodePool" });
    collector.add(node({ "eks.amazonaws.com/nodegroup": "ng" }));
    collector.add({ apiVersion: "karpenter.k8s.aws/v1", kind: "EC2NodeClass" });
    expect(collector.result()).toEqual(["managed-node-group", "karpenter"]);
  });

  it("accepts any iterable", () => {
    function* objects(): Generator<KubeObject> {
      yield node({ "eks.amazonaws.com/compute-type": "fargate" });
    }
    expect(detectNodeKinds(objects())).toEqual(["fargate"]);
    expect(detectNodeKinds([])).toEqual([]);
  });
});

describe("node kinds in the corpus", () => {
  const corpus = "test/corpus/cluster-dumps";

  it("finds managed, self-managed and Karpenter nodes in the hardeneks node dump", () => {
    const path = `${corpus}/aws-samples__hardeneks/tests/data/use_managed_nodegroups/cluster/nodes_api_response.json`;
    const list = JSON.parse(readFileSync(path, "utf8")) as { items: KubeObject[] };
    expect(list.items.length).toBe(8);
    expect(detectNodeKinds(list.items)).toEqual(["managed-node-group", "self-managed", "karpenter"]);
  });

  it.each([
    "argoproj__argo-cd/resource_customizations/karpenter.k8s.aws/EC2NodeClass/testdata/healthy.yaml",
    "argoproj__argo-cd/resource_customizations/karpenter.sh/NodePool/testdata/healthy.yaml",
    "argoproj__argo-cd/resource_customizations/karpenter.sh/NodeClaim/testdata/healthy.yaml",
  ])("finds Karpenter in %s", (file) => {
    const objects = parseAllDocuments(readFileSync(`${corpus}/${file}`, "utf8")).map(
      (doc) => doc.toJS() as KubeObject,
    );
    expect(detectNodeKinds(objects)).toEqual(["karpenter"]);
  });
});
