import type { KubeObject } from "./types.js";
import { formatMinor, parseMinor } from "./version.js";

/** Tracks the oldest kubelet minor among Node objects: the data plane's version for skew planning. */
export interface KubeletVersionCollector {
  add(object: KubeObject): void;
  /** "1.N" of the oldest kubelet seen, or undefined when no Node reported one. */
  oldest(): string | undefined;
}

export function createKubeletVersionCollector(): KubeletVersionCollector {
  let oldest: number | undefined;
  return {
    add(object) {
      if (object.kind !== "Node" || object.apiVersion !== "v1") return;
      const version = kubeletVersionOf(object);
      const minor = version === undefined ? undefined : parseMinor(version);
      if (minor !== undefined && (oldest === undefined || minor < oldest)) oldest = minor;
    },
    oldest: () => (oldest === undefined ? undefined : formatMinor(oldest)),
  };
}

function kubeletVersionOf(node: KubeObject): string | undefined {
  const status = node.status as { nodeInfo?: { kubeletVersion?: unknown } } | undefined;
  const version = status?.nodeInfo?.kubeletVersion;
  return typeof version === "string" ? version : undefined;
}
