// One pass over the audited objects: objects by type, and the top-level workloads (the objects that carry
// a pod template and are not themselves created by another workload). Every readiness check reads this
// index instead of scanning all objects again, which keeps the audit linear in the number of objects.
import type { KubeObject, SourcedObject } from "../types.js";
import {
  asCount,
  asRecord,
  at,
  type Fields,
  groupOf,
  nameOf,
  namespaceOf,
  records,
  stringMap,
  typeKey,
} from "./readiness-fields.js";

export interface Workload {
  object: KubeObject;
  /** "Deployment shop/web". */
  ref: string;
  namespace: string | null;
  podSpec: Fields;
  podLabels: Record<string, string>;
  /** Desired replicas (spec.replicas, default 1) of scalable kinds; null for DaemonSets, Jobs and Pods. */
  replicas: number | null;
  /** The main containers (init containers set up, they do not run the component or serve traffic). */
  containers: Fields[];
}

export interface ReadinessIndex {
  objects: readonly SourcedObject[];
  /** Objects of one type, by group ("" for core) and kind. */
  ofType(group: string, kind: string): KubeObject[];
  workloads: Workload[];
}

interface PodTemplateKind {
  /** Where the pod spec is. */
  path: string[];
  /** Whether the kind has spec.replicas. */
  scalable: boolean;
}

/** Where each pod-template kind keeps its pod spec, and whether it has spec.replicas. */
const POD_TEMPLATE_KINDS: Record<string, PodTemplateKind | undefined> = {
  "apps/Deployment": { path: ["spec", "template", "spec"], scalable: true },
  "apps/StatefulSet": { path: ["spec", "template", "spec"], scalable: true },
  "apps/ReplicaSet": { path: ["spec", "template", "spec"], scalable: true },
  "apps/DaemonSet": { path: ["spec", "template", "spec"], scalable: false },
  "extensions/Deployment": { path: ["spec", "template", "spec"], scalable: true },
  "extensions/DaemonSet": { path: ["spec", "template", "spec"], scalable: false },
  "extensions/ReplicaSet": { path: ["spec", "template", "spec"], scalable: true },
  "argoproj.io/Rollout": { path: ["spec", "template", "spec"], scalable: true },
  "/ReplicationController": { path: ["spec", "template", "spec"], scalable: true },
  "batch/Job": { path: ["spec", "template", "spec"], scalable: false },
  "batch/CronJob": { path: ["spec", "jobTemplate", "spec", "template", "spec"], scalable: false },
  "/Pod": { path: ["spec"], scalable: false },
};

/** Kinds whose objects create pods through another workload; an object they own is not top-level. */
const WORKLOAD_OWNER_KINDS = new Set([
  "Deployment",
  "StatefulSet",
  "ReplicaSet",
  "DaemonSet",
  "Rollout",
  "ReplicationController",
  "Job",
  "CronJob",
]);

function identity(namespace: string | null, kind: string, name: string): string {
  return `${namespace ?? ""}/${kind}/${name}`;
}

export function buildIndex(objects: readonly SourcedObject[]): ReadinessIndex {
  const byType = new Map<string, KubeObject[]>();
  const holders: { object: KubeObject; template: PodTemplateKind }[] = [];
  const holderIds = new Set<string>();
  for (const { object } of objects) {
    const key = typeKey(groupOf(object.apiVersion), object.kind);
    const list = byType.get(key);
    if (list) list.push(object);
    else byType.set(key, [object]);
    const template = POD_TEMPLATE_KINDS[key];
    if (template) {
      holders.push({ object, template });
      holderIds.add(identity(namespaceOf(object), object.kind, nameOf(object)));
    }
  }
  const workloads: Workload[] = [];
  for (const { object, template } of holders) {
    const workload = isTopLevel(object, holderIds) ? toWorkload(object, template) : undefined;
    if (workload) workloads.push(workload);
  }
  return { objects, ofType: (group, kind) => byType.get(typeKey(group, kind)) ?? [], workloads };
}

/**
 * A workload is top-level unless its controller is a workload in the input (a ReplicaSet of a Deployment
 * that is present, a Pod of that ReplicaSet) or a Node (static pods belong to the node's manifests).
 * A Pod whose ReplicaSet is missing from the input still counts: it is all the input shows of it.
 */
function isTopLevel(object: KubeObject, holderIds: Set<string>): boolean {
  for (const owner of object.metadata?.ownerReferences ?? []) {
    if (owner.kind === "Node") return false;
    const isWorkload = WORKLOAD_OWNER_KINDS.has(owner.kind);
    if (isWorkload && holderIds.has(identity(namespaceOf(object), owner.kind, owner.name))) return false;
  }
  return true;
}

function toWorkload(object: KubeObject, template: PodTemplateKind): Workload | undefined {
  const podSpec = asRecord(at(object, ...template.path));
  if (!podSpec) return undefined;
  const templatePath = template.path.slice(0, -1);
  const podLabels =
    object.kind === "Pod"
      ? stringMap(object.metadata?.labels)
      : stringMap(at(object, ...templatePath, "metadata", "labels"));
  const namespace = namespaceOf(object);
  return {
    object,
    ref: `${object.kind} ${namespace ? `${namespace}/` : ""}${nameOf(object)}`,
    namespace,
    podSpec,
    podLabels,
    replicas: template.scalable ? (asCount(at(object, "spec", "replicas")) ?? 1) : null,
    containers: records(podSpec.containers),
  };
}
