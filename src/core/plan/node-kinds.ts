// Which kinds of data plane the sources show, so the playbook gives only the steps that apply.
//
// Signals (any one is enough for its kind):
//   karpenter           karpenter.sh NodePool/NodeClaim/Provisioner, karpenter.k8s.aws EC2NodeClass/
//                       AWSNodeTemplate; Nodes labelled karpenter.sh/nodepool or karpenter.sh/provisioner-name
//   managed-node-group  Nodes labelled eks.amazonaws.com/nodegroup
//   self-managed        Nodes labelled alpha.eksctl.io/nodegroup-name without eks.amazonaws.com/nodegroup
//   fargate             Nodes labelled eks.amazonaws.com/compute-type=fargate; Pods labelled
//                       eks.amazonaws.com/fargate-profile
//   eksctl ClusterConfig: managedNodeGroups → managed, nodeGroups → self-managed, fargateProfiles → fargate

import type { KubeObject } from "../types.js";
import { NODE_KINDS, type NodeKind } from "./types.js";

const KARPENTER_GROUPS = new Set(["karpenter.sh", "karpenter.k8s.aws"]);
const KARPENTER_KINDS = new Set(["NodePool", "NodeClaim", "Provisioner", "EC2NodeClass", "AWSNodeTemplate"]);
const EKS_NODEGROUP = "eks.amazonaws.com/nodegroup";
const EKS_COMPUTE_TYPE = "eks.amazonaws.com/compute-type";
const EKSCTL_NODEGROUP = "alpha.eksctl.io/nodegroup-name";
const KARPENTER_NODE_LABELS = ["karpenter.sh/nodepool", "karpenter.sh/provisioner-name"];
const FARGATE_POD_LABEL = "eks.amazonaws.com/fargate-profile";

export interface NodeKindCollector {
  /** Looks at one object; cheap, so it can run on every object a source streams. */
  add(object: KubeObject): void;
  /** The kinds seen so far, in playbook order; empty when none was recognised. */
  result(): NodeKind[];
}

export function createNodeKindCollector(): NodeKindCollector {
  const seen = new Set<NodeKind>();
  return {
    add(object) {
      for (const kind of nodeKindsOf(object)) seen.add(kind);
    },
    result: () => NODE_KINDS.filter((kind) => seen.has(kind)),
  };
}

export function detectNodeKinds(objects: Iterable<KubeObject>): NodeKind[] {
  const collector = createNodeKindCollector();
  for (const object of objects) collector.add(object);
  return collector.result();
}

/** The node kinds one object shows. */
export function nodeKindsOf(object: KubeObject): NodeKind[] {
  const group = groupOf(object.apiVersion);
  if (KARPENTER_GROUPS.has(group) && KARPENTER_KINDS.has(object.kind)) return ["karpenter"];
  if (group === "" && object.kind === "Node") return nodeLabelKinds(object.metadata?.labels ?? {});
  if (group === "" && object.kind === "Pod") {
    return object.metadata?.labels?.[FARGATE_POD_LABEL] !== undefined ? ["fargate"] : [];
  }
  if (group === "eksctl.io" && object.kind === "ClusterConfig") return eksctlKinds(object);
  return [];
}

function nodeLabelKinds(labels: Record<string, string>): NodeKind[] {
  if (labels[EKS_COMPUTE_TYPE] === "fargate") return ["fargate"];
  if (KARPENTER_NODE_LABELS.some((label) => labels[label] !== undefined)) return ["karpenter"];
  if (labels[EKS_NODEGROUP] !== undefined) return ["managed-node-group"];
  if (labels[EKSCTL_NODEGROUP] !== undefined) return ["self-managed"];
  return [];
}

function eksctlKinds(config: KubeObject): NodeKind[] {
  const kinds: NodeKind[] = [];
  if (nonEmptyList(config.managedNodeGroups)) kinds.push("managed-node-group");
  if (nonEmptyList(config.nodeGroups)) kinds.push("self-managed");
  if (nonEmptyList(config.fargateProfiles)) kinds.push("fargate");
  return kinds;
}

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** "karpenter.sh/v1" → "karpenter.sh"; "v1" → "" (the core group). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
