// Checks the versions a plan is asked for. Every error names the flag, the value and what is allowed.

import { compareVersions, normalizeVersion } from "../version.js";
import { describeLag, oldestAllowed, withinSkew } from "./skew.js";
import { PlanError, type SkewWindow } from "./types.js";

/** Where the kubelet version came from: the --nodes flag, or the oldest Node object in the sources. */
export type NodesSource = "flag" | "sources";

export interface PlanVersions {
  from: string;
  to: string;
  nodes: string;
}

/** Normalised from/to/nodes ("v1.28.3" → "1.28"), or a PlanError naming the flag at fault. */
export function validatePlanVersions(
  input: { from: string; to: string; nodes?: string; nodesSource?: NodesSource },
  knownVersions: readonly string[],
  kubelet: SkewWindow,
): PlanVersions {
  const from = knownVersion("--from", input.from, knownVersions);
  const to = knownVersion("--to", input.to, knownVersions);
  if (compareVersions(to, from) <= 0) {
    throw new PlanError("--to", `--to ${to} must be newer than --from ${from}: an upgrade goes forward`);
  }
  const nodes = input.nodes === undefined ? from : parseVersion("--nodes", input.nodes);
  const fromSources = input.nodesSource === "sources";
  const subject = fromSources ? `the oldest kubelet in the sources is ${nodes},` : `--nodes ${nodes} is`;
  if (compareVersions(nodes, from) > 0) {
    const fix = fromSources ? "check --from, or pass --nodes to override" : `use --nodes ${from} or older`;
    throw new PlanError(
      "--nodes",
      `${subject} newer than --from ${from}: kubelets may never be newer than the control plane; ${fix}`,
    );
  }
  if (!withinSkew(kubelet, nodes, from)) {
    const fix = fromSources ? "; upgrade those nodes first, or pass --nodes to override" : "";
    throw new PlanError(
      "--nodes",
      `${subject} outside the skew policy of control plane ${from}: kubelet ${nodes} may be ` +
        `${describeLag(kubelet, nodes)}; allowed are ${oldestAllowed(kubelet, from)} to ${from}${fix}`,
    );
  }
  return { from, to, nodes };
}

function parseVersion(flag: string, text: string): string {
  const version = normalizeVersion(text);
  if (version === undefined) {
    throw new PlanError(flag, `${flag} "${text}" is not a Kubernetes version: use the form 1.30`);
  }
  return version;
}

function knownVersion(flag: string, text: string, knownVersions: readonly string[]): string {
  const version = parseVersion(flag, text);
  if (!knownVersions.includes(version)) {
    throw new PlanError(
      flag,
      `${flag} ${version} is not a known version: known versions are ${knownVersions.join(", ")}`,
    );
  }
  return version;
}
