// What each side runs as a platform: the EKS add-ons (CoreDNS, kube-proxy, VPC CNI, EBS CSI) by their
// images' tags, the kubelet versions of the nodes, and the control-plane version a snapshot recorded.

import { displayVersion, parseImage, versionOfTag } from "../audit/images.js";
import { groupKindOf } from "../audit/normalize.js";
import { POD_SPEC_PATHS } from "../audit/normalize-pod-defaults.js";
import { asRecord, asString, at, records } from "../audit/readiness-fields.js";
import type { KubeObject } from "../types.js";
import { normalizeVersion } from "../version.js";
import type { PlatformComponent, SideFacts } from "./types.js";

/** Add-on → the image names its workloads run. */
const ADD_ONS: readonly [string, readonly string[]][] = [
  ["CoreDNS", ["coredns"]],
  ["kube-proxy", ["kube-proxy"]],
  ["VPC CNI", ["amazon-k8s-cni"]],
  ["EBS CSI driver", ["aws-ebs-csi-driver"]],
];

const WORKLOADS = new Set(["Deployment.apps", "DaemonSet.apps"]);

export interface PlatformCollector {
  add(object: KubeObject): void;
  addOns(): Map<string, string>;
  facts(objects: number): SideFacts;
}

/** The snapshot manifest (cutover snapshot's snapshot.json) may record the API server's version. */
function controlPlaneOf(object: KubeObject): string | undefined {
  if (object.kind !== "Snapshot" || !object.apiVersion.startsWith("cutover.dev/")) return undefined;
  const raw = object.serverVersion ?? object.kubernetesVersion;
  const text = asString(raw) ?? asString(asRecord(raw)?.gitVersion);
  return text ? normalizeVersion(text) : undefined;
}

export function createPlatformCollector(): PlatformCollector {
  const addOns = new Map<string, string>();
  const kubelets = new Set<string>();
  let nodes = 0;
  let controlPlane: string | null = null;
  return {
    add(object) {
      controlPlane = controlPlaneOf(object) ?? controlPlane;
      if (object.kind === "Node" && object.apiVersion === "v1") {
        nodes++;
        const version = asString(at(object, "status", "nodeInfo", "kubeletVersion"));
        if (version) kubelets.add(version);
        return;
      }
      const groupKind = groupKindOf(object);
      if (!WORKLOADS.has(groupKind)) return;
      const podSpec = at(object, ...(POD_SPEC_PATHS[groupKind] ?? "").split("."));
      for (const container of records(asRecord(podSpec)?.containers)) {
        const image = asString(container.image);
        if (!image) continue;
        const ref = parseImage(image);
        const addOn = ADD_ONS.find(([, names]) => names.includes(ref.name));
        if (addOn && !addOns.has(addOn[0])) addOns.set(addOn[0], displayVersion(ref));
      }
    },
    addOns: () => addOns,
    facts: (objects) => ({ objects, controlPlane, kubelets: [...kubelets].sort(), nodes }),
  };
}

/** Each add-on found on either side with its version on both. */
export function comparePlatform(blue: Map<string, string>, green: Map<string, string>): PlatformComponent[] {
  return ADD_ONS.flatMap(([component]) => {
    const b = blue.get(component) ?? null;
    const g = green.get(component) ?? null;
    return b === null && g === null ? [] : [{ component, blue: b, green: g }];
  });
}

/** Negative when `a` is an older dotted version than `b`, 0 when equal or not comparable. */
export function compareTags(a: string, b: string): number {
  const va = versionOfTag(a)?.split(".").map(Number);
  const vb = versionOfTag(b)?.split(".").map(Number);
  if (!va || !vb) return 0;
  for (let i = 0; i < Math.max(va.length, vb.length); i++) {
    const d = (va[i] ?? 0) - (vb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
