// The version-skew policy for node components and the node-rollout schedule it implies.
//
// Rule (Kubernetes version-skew policy, FACT TABLE C): a kubelet must never be newer than the API
// server and may be up to `maxOlder` minors older (3 for kubelets 1.25 and newer); kubelets older
// than `narrowerBelow` (1.25) only get `narrowerMaxOlder` (2). The narrower window is chosen by the
// kubelet's own version. kube-proxy has the same windows; Cutover keeps kube-proxy at the kubelet
// minor, so one schedule satisfies both.

import type { SkewRule } from "../knowledge.js";
import { compareVersions, formatMinor, minorOf } from "../version.js";
import { type NodeRollout, PlanError, type SkewWindow } from "./types.js";

/** The kubelet and kube-proxy windows from the knowledge base; kube-proxy falls back to kubelet's. */
export function nodeSkewWindows(rules: readonly SkewRule[]): [kubelet: SkewWindow, kubeProxy: SkewWindow] {
  const kubelet = rules.find((rule) => rule.component === "kubelet");
  if (!kubelet) {
    throw new PlanError("knowledge", "the knowledge base has no kubelet skew rule: add one to the skew data");
  }
  const kubeProxy = rules.find((rule) => rule.component === "kube-proxy") ?? kubelet;
  return [toWindow("kubelet", kubelet), toWindow("kube-proxy", kubeProxy)];
}

function toWindow(component: SkewWindow["component"], rule: SkewRule): SkewWindow {
  const narrow = rule.narrowerBelow !== undefined && rule.narrowerMaxOlder !== undefined;
  return {
    component,
    maxOlder: rule.maxOlder,
    narrowerBelow: narrow ? (rule.narrowerBelow ?? null) : null,
    narrowerMaxOlder: narrow ? (rule.narrowerMaxOlder ?? null) : null,
  };
}

/** How many minors older than the control plane a component at `version` may be. */
export function allowedLag(window: SkewWindow, version: string): number {
  if (window.narrowerBelow !== null && window.narrowerMaxOlder !== null) {
    if (compareVersions(version, window.narrowerBelow) < 0) return window.narrowerMaxOlder;
  }
  return window.maxOlder;
}

/** True when a component at `version` may run against a control plane at `controlPlane`. */
export function withinSkew(window: SkewWindow, version: string, controlPlane: string): boolean {
  const lag = compareVersions(controlPlane, version);
  return lag >= 0 && lag <= allowedLag(window, version);
}

/** The oldest component minor the window allows against `controlPlane`. */
export function oldestAllowed(window: SkewWindow, controlPlane: string): string {
  let oldest = minorOf(controlPlane);
  while (oldest > 0 && withinSkew(window, formatMinor(oldest - 1), controlPlane)) oldest -= 1;
  return formatMinor(oldest);
}

/** "at most 3 minors older (n-3 for kubelet 1.25 and newer)", for messages and reasons. */
export function describeLag(window: SkewWindow, version: string): string {
  const lag = allowedLag(window, version);
  if (window.narrowerBelow === null) return `at most ${lag} minors older (n-${lag})`;
  const older = compareVersions(version, window.narrowerBelow) < 0;
  const scope = older ? `older than ${window.narrowerBelow}` : `${window.narrowerBelow} and newer`;
  return `at most ${lag} minors older (n-${lag} for ${window.component} ${scope})`;
}

/** The first window that a data plane at `nodes` would break against `controlPlane`, if any. */
function brokenWindow(
  windows: readonly SkewWindow[],
  nodes: string,
  controlPlane: string,
): SkewWindow | undefined {
  return windows.find((window) => !withinSkew(window, nodes, controlPlane));
}

export interface HopNodes {
  controlPlane: string;
  nodes: string;
  nodeUpgrade: NodeRollout | null;
}

export interface NodeSchedule {
  initial: NodeRollout | null;
  hops: HopNodes[];
}

/**
 * The fewest node rollouts that keep every moment within the policy. Nodes stay where they are as
 * long as the next control-plane hop keeps them in skew; when it would not, they are rolled right
 * after the current hop to the current control-plane version (the newest they may run, which gives
 * the widest window onward, so no schedule needs fewer rollouts). The last hop always ends with nodes
 * at the target: teams finish an upgrade with the data plane at the target version.
 */
export function scheduleNodeRollouts(
  from: string,
  to: string,
  nodesFrom: string,
  windows: readonly SkewWindow[],
): NodeSchedule {
  let nodes = nodesFrom;
  let initial: NodeRollout | null = null;
  if (minorOf(from) < minorOf(to)) {
    const firstHop = formatMinor(minorOf(from) + 1);
    initial = skewRollout(windows, nodes, from, firstHop);
    if (initial) nodes = from;
  }
  const hops: HopNodes[] = [];
  for (let minor = minorOf(from) + 1; minor <= minorOf(to); minor++) {
    const controlPlane = formatMinor(minor);
    const next = formatMinor(minor + 1);
    const nodeUpgrade =
      controlPlane === to ? finishRollout(nodes, to) : skewRollout(windows, nodes, controlPlane, next);
    if (nodeUpgrade) nodes = nodeUpgrade.to;
    hops.push({ controlPlane, nodes, nodeUpgrade });
  }
  return { initial, hops };
}

/** A rollout to `controlPlane` when nodes at `nodes` would break the policy at `nextControlPlane`. */
function skewRollout(
  windows: readonly SkewWindow[],
  nodes: string,
  controlPlane: string,
  nextControlPlane: string,
): NodeRollout | null {
  const broken = brokenWindow(windows, nodes, nextControlPlane);
  if (!broken || nodes === controlPlane) return null;
  const lag = compareVersions(nextControlPlane, nodes);
  return {
    from: nodes,
    to: controlPlane,
    trigger: "skew",
    reason:
      `${broken.component} ${nodes} would be ${lag} minors behind control plane ${nextControlPlane}; ` +
      `${broken.component} ${nodes} may be ${describeLag(broken, nodes)}`,
  };
}

function finishRollout(nodes: string, to: string): NodeRollout | null {
  if (nodes === to) return null;
  return { from: nodes, to, trigger: "finish", reason: `finish the upgrade with the data plane at ${to}` };
}
