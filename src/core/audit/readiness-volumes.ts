// Persistent volumes as the state check sees them: each PVC (or unclaimed PV, or StatefulSet volume claim
// template without PVCs in the input) with its storage class, provisioner, family and the workload using it.
import type { KubeObject } from "../types.js";
import {
  annotationsOf,
  asString,
  at,
  nameOf,
  namespaceOf,
  objectRef,
  records,
  strings,
} from "./readiness-fields.js";
import type { ReadinessIndex } from "./readiness-index.js";

/** ebs: AZ-locked block volumes; node-local: data on one node's disk; efs/fsx/nfs: shareable file systems. */
export type VolumeFamily = "ebs" | "efs" | "fsx" | "nfs" | "node-local" | "unknown";

/** Provisioners and CSI drivers by family; names containing "nfs" are NFS. */
const PROVISIONER_FAMILIES: Record<string, VolumeFamily> = {
  "ebs.csi.aws.com": "ebs",
  "ebs.csi.eks.amazonaws.com": "ebs",
  "kubernetes.io/aws-ebs": "ebs",
  "efs.csi.aws.com": "efs",
  "fsx.csi.aws.com": "fsx",
  "fsx.openzfs.csi.aws.com": "fsx",
  "rancher.io/local-path": "node-local",
  "kubernetes.io/no-provisioner": "node-local",
  "kubernetes.io/host-path": "node-local",
  "k8s.io/minikube-hostpath": "node-local",
  "docker.io/hostpath": "node-local",
  "microk8s.io/hostpath": "node-local",
  "openebs.io/local": "node-local",
  "local.csi.openebs.io": "node-local",
  "topolvm.io": "node-local",
};

export function familyOf(provisioner: string | null): VolumeFamily {
  if (provisioner === null) return "unknown";
  return PROVISIONER_FAMILIES[provisioner] ?? (/nfs/i.test(provisioner) ? "nfs" : "unknown");
}

export interface StorageClassFacts {
  name: string;
  provisioner: string | null;
  family: VolumeFamily;
  default: boolean;
}

export interface VolumeRecord {
  ref: string;
  storageClass: string | null;
  provisioner: string | null;
  family: VolumeFamily;
  accessModes: string[];
  size: string | null;
  /** The workload that mounts it ("StatefulSet shop/db"), when the input shows one. */
  workload: string | null;
}

export interface StorageFacts {
  classes: StorageClassFacts[];
  volumes: VolumeRecord[];
  /** StatefulSets with volumeClaimTemplates: "StatefulSet shop/db (data, logs)". */
  claimTemplates: string[];
}

const DEFAULT_CLASS_ANNOTATIONS = [
  "storageclass.kubernetes.io/is-default-class",
  "storageclass.beta.kubernetes.io/is-default-class",
];

function readClasses(index: ReadinessIndex): StorageClassFacts[] {
  // A class without a name is a stub recovered from an unrendered template: nothing can claim it.
  const named = index.ofType("storage.k8s.io", "StorageClass").filter((object) => nameOf(object) !== "");
  return named.map((object) => {
    const provisioner = asString(object.provisioner) ?? null;
    const annotations = annotationsOf(object);
    return {
      name: nameOf(object),
      provisioner,
      family: familyOf(provisioner),
      default: DEFAULT_CLASS_ANNOTATIONS.some((key) => annotations[key] === "true"),
    };
  });
}

/** The provisioner (or CSI driver) behind a PersistentVolume, from its volume source or class. */
function pvProvisioner(pv: KubeObject, classes: Map<string, StorageClassFacts>): string | null {
  const spec = at(pv, "spec");
  const driver = asString(at(spec, "csi", "driver"));
  if (driver) return driver;
  if (at(spec, "awsElasticBlockStore") !== undefined) return "kubernetes.io/aws-ebs";
  if (at(spec, "nfs") !== undefined) return "nfs";
  if (at(spec, "hostPath") !== undefined || at(spec, "local") !== undefined)
    return "kubernetes.io/no-provisioner";
  const className = asString(at(spec, "storageClassName"));
  return className ? (classes.get(className)?.provisioner ?? null) : null;
}

/** The class a claim asks for: spec.storageClassName, the beta annotation, else the default class. */
function claimClass(
  claim: unknown,
  annotations: Record<string, unknown>,
  defaultClass: string | null,
): string | null {
  const explicit = asString(at(claim, "spec", "storageClassName"));
  if (explicit !== undefined) return explicit === "" ? null : explicit;
  return asString(annotations["volume.beta.kubernetes.io/storage-class"]) ?? defaultClass;
}

function key(namespace: string | null, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

/** Which workload mounts each claim: pod volumes by claim name, StatefulSet templates by name prefix. */
function claimUsers(index: ReadinessIndex): {
  byClaim: Map<string, string>;
  byTemplate: Map<string, string>;
} {
  const byClaim = new Map<string, string>();
  const byTemplate = new Map<string, string>();
  for (const workload of index.workloads) {
    for (const volume of records(workload.podSpec.volumes)) {
      const claim = asString(at(volume, "persistentVolumeClaim", "claimName"));
      if (claim) byClaim.set(key(workload.namespace, claim), workload.ref);
    }
    if (workload.object.kind !== "StatefulSet") continue;
    for (const template of records(at(workload.object, "spec", "volumeClaimTemplates"))) {
      const name = asString(at(template, "metadata", "name")) ?? "";
      byTemplate.set(key(workload.namespace, `${name}-${nameOf(workload.object)}`), workload.ref);
    }
  }
  return { byClaim, byTemplate };
}

export function readVolumes(index: ReadinessIndex): StorageFacts {
  const classes = readClasses(index);
  const classByName = new Map(classes.map((entry) => [entry.name, entry]));
  const defaultClass = classes.find((entry) => entry.default)?.name ?? null;
  const pvs = new Map(index.ofType("", "PersistentVolume").map((pv) => [nameOf(pv), pv]));
  const users = claimUsers(index);
  const claimedPvs = new Set<string>();
  const usedTemplates = new Set<string>();
  const volumes: VolumeRecord[] = [];
  const fromClass = (name: string | null) => (name ? (classByName.get(name)?.provisioner ?? null) : null);

  for (const claim of index.ofType("", "PersistentVolumeClaim")) {
    const annotations = annotationsOf(claim);
    const pv = pvs.get(asString(at(claim, "spec", "volumeName")) ?? "");
    if (pv) claimedPvs.add(nameOf(pv));
    const storageClass = claimClass(claim, annotations, defaultClass);
    const provisioner =
      (pv ? pvProvisioner(pv, classByName) : null) ??
      fromClass(storageClass) ??
      asString(annotations["volume.kubernetes.io/storage-provisioner"]) ??
      asString(annotations["volume.beta.kubernetes.io/storage-provisioner"]) ??
      null;
    const id = key(namespaceOf(claim), nameOf(claim));
    const template = key(namespaceOf(claim), nameOf(claim).replace(/-\d+$/, ""));
    if (users.byTemplate.has(template)) usedTemplates.add(template);
    volumes.push({
      ref: objectRef(claim),
      storageClass,
      provisioner,
      family: familyOf(provisioner),
      accessModes: strings(at(claim, "spec", "accessModes")),
      size: asString(at(claim, "spec", "resources", "requests", "storage")) ?? null,
      workload: users.byClaim.get(id) ?? users.byTemplate.get(template) ?? null,
    });
  }
  for (const pv of pvs.values()) {
    if (claimedPvs.has(nameOf(pv))) continue;
    const provisioner = pvProvisioner(pv, classByName);
    const claimRef = at(pv, "spec", "claimRef");
    const claimKey = key(asString(at(claimRef, "namespace")) ?? null, asString(at(claimRef, "name")) ?? "");
    volumes.push({
      ref: objectRef(pv),
      storageClass: asString(at(pv, "spec", "storageClassName")) ?? null,
      provisioner,
      family: familyOf(provisioner),
      accessModes: strings(at(pv, "spec", "accessModes")),
      size: asString(at(pv, "spec", "capacity", "storage")) ?? null,
      workload: users.byClaim.get(claimKey) ?? null,
    });
  }
  const claimTemplates: string[] = [];
  for (const workload of index.workloads) {
    if (workload.object.kind !== "StatefulSet") continue;
    const templates = records(at(workload.object, "spec", "volumeClaimTemplates"));
    if (templates.length === 0) continue;
    claimTemplates.push(
      `${workload.ref} (${templates.map((t) => asString(at(t, "metadata", "name")) ?? "?").join(", ")})`,
    );
    for (const template of templates) {
      const name = asString(at(template, "metadata", "name")) ?? "";
      if (usedTemplates.has(key(workload.namespace, `${name}-${nameOf(workload.object)}`))) continue;
      // No PVC of this template in the input (desired state, or a StatefulSet scaled to 0): count the template.
      const storageClass = claimClass(template, {}, defaultClass);
      volumes.push({
        ref: `${workload.ref} volumeClaimTemplate ${name}`,
        storageClass,
        provisioner: fromClass(storageClass),
        family: familyOf(fromClass(storageClass)),
        accessModes: strings(at(template, "spec", "accessModes")),
        size: asString(at(template, "spec", "resources", "requests", "storage")) ?? null,
        workload: workload.ref,
      });
    }
  }
  return { classes, volumes, claimTemplates };
}
