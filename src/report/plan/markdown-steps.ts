// Playbook building blocks: checklist items, shell blocks, the data-plane steps per node kind, the
// add-on updates and removed-API lists.

import type { HopAddon, NodeKind, NodeRollout, PlanHop } from "../../core/plan/types.js";
import type { Finding } from "../../core/types.js";
import {
  capitalize,
  NODE_KIND_LABELS,
  objectLabel,
  rolloutLabel,
  sourceLocation,
  sourceOrigin,
} from "./text.js";

/** A checklist item, with indented continuation lines (shell blocks, sub-items). */
export function task(text: string, ...details: string[][]): string[] {
  return [`- [ ] ${text}`, ...details.flat()];
}

/** A shell block indented under a list item. */
export function shell(...commands: string[]): string[] {
  return ["  ```sh", ...commands.map((command) => `  ${command}`), "  ```"];
}

export function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function amiLookup(version: string): string {
  return `aws ssm get-parameter --name /aws/service/eks/optimized-ami/${version}/amazon-linux-2023/x86_64/standard/recommended/image_id --query Parameter.Value --output text`;
}

const ROLLOUT_STEPS: Record<NodeKind, (version: string) => string[]> = {
  "managed-node-group": (version) =>
    task(
      `**${capitalize(NODE_KIND_LABELS["managed-node-group"])}**: EKS replaces the nodes of each group one by one and drains them, respecting PodDisruptionBudgets (a PDB that allows no disruption fails the update). For each node group:`,
      shell(
        'aws eks list-nodegroups --cluster-name "$CLUSTER"',
        `aws eks update-nodegroup-version --cluster-name "$CLUSTER" --nodegroup-name "$NODEGROUP" --kubernetes-version ${version}`,
        'aws eks wait nodegroup-active --cluster-name "$CLUSTER" --nodegroup-name "$NODEGROUP"',
      ),
      [
        `  With a custom AMI in the launch template: create a launch template version with a ${version} AMI and pass \`--launch-template name=…,version=…\` instead of \`--kubernetes-version\`.`,
      ],
    ),
  "self-managed": (version) =>
    task(
      `**${capitalize(NODE_KIND_LABELS["self-managed"])}**: create a launch template version with a ${version} AMI (the EKS-optimized AL2023 one below, or your own), point the Auto Scaling group at it and scale out; then cordon and drain every old node (drain respects PodDisruptionBudgets) and scale back in:`,
      shell(
        amiLookup(version),
        'kubectl cordon "$NODE"',
        'kubectl drain "$NODE" --ignore-daemonsets --delete-emptydir-data',
      ),
    ),
  fargate: (version) =>
    task(
      `**${capitalize(NODE_KIND_LABELS.fargate)}**: a Fargate pod gets the control plane's kubelet version when it starts, so restart the workloads to move them to ${version}:`,
      shell(
        "kubectl get pods -A -l eks.amazonaws.com/fargate-profile -o wide",
        'kubectl rollout restart deployment -n "$NAMESPACE"',
        'kubectl rollout restart statefulset -n "$NAMESPACE"',
      ),
    ),
  karpenter: (version) =>
    task(
      `**${capitalize(NODE_KIND_LABELS.karpenter)}**: Karpenter replaces drifted nodes itself (new node first, then cordon, drain and terminate, within PodDisruptionBudgets and NodePool disruption budgets). With an AMI alias in \`amiSelectorTerms\` (e.g. \`al2023@latest\`) the AMI follows the control-plane version, so nodes drift after every control-plane upgrade: inside the skew policy, but more rollouts than this plan needs. To roll only here, select the AMI by id in the EC2NodeClass and change it to a ${version} AMI now, then watch the drift:`,
      shell(
        amiLookup(version),
        'kubectl edit ec2nodeclass "$NODECLASS"   # spec.amiSelectorTerms: [{ id: <AMI id> }]',
        "kubectl get nodeclaims -w",
        "kubectl get nodes -L karpenter.sh/nodepool -o wide",
      ),
    ),
};

/** The data-plane section of a rollout: why, then the steps for each node kind. */
export function rolloutSteps(rollout: NodeRollout, kinds: readonly NodeKind[]): string[] {
  const lines = [`Roll the nodes ${rolloutLabel(rollout)}: ${rollout.reason}.`, ""];
  for (const kind of kinds) lines.push(...ROLLOUT_STEPS[kind](rollout.to));
  lines.push(
    ...task(
      `Check that every node runs kubelet ${rollout.to}:`,
      shell(
        "kubectl get nodes -o custom-columns=NAME:.metadata.name,KUBELET:.status.nodeInfo.kubeletVersion",
      ),
    ),
  );
  return lines;
}

/**
 * Add-on updates at the end of a hop: only the add-ons whose recommended version changes (all of them
 * on the first hop). kube-proxy follows the kubelet minor, so it moves only after a node rollout.
 */
export function addonSteps(hop: PlanHop, previous: readonly HopAddon[] | undefined): string[] {
  const lines: string[] = [];
  for (const addon of hop.addons) {
    const before = previous?.find((candidate) => candidate.name === addon.name)?.version;
    if (previous && before === addon.version) continue;
    lines.push(...addonStep(addon, hop));
  }
  if (lines.length === 0) lines.push("No add-on version changes in this hop.");
  return lines;
}

function addonStep(addon: HopAddon, hop: PlanHop): string[] {
  const follows = addon.name === "kube-proxy" ? ` (kube-proxy follows the nodes, kubelet ${hop.nodes})` : "";
  if (addon.version === null) {
    return task(
      `${code(addon.name)}: no version on record for ${hop.controlPlane}${follows}; pick the default one:`,
      shell(describeAddonVersions(hop.controlPlane, addon.name)),
    );
  }
  return task(
    `${code(addon.name)} → ${code(addon.version)}${follows}:`,
    shell(
      `aws eks update-addon --cluster-name "$CLUSTER" --addon-name ${addon.name} --addon-version ${addon.version} --resolve-conflicts PRESERVE`,
      `aws eks wait addon-active --cluster-name "$CLUSTER" --addon-name ${addon.name}`,
    ),
  );
}

export function describeAddonVersions(version: string, addon: string): string {
  return `aws eks describe-addon-versions --kubernetes-version ${version} --addon-name ${addon} --query 'addons[].addonVersions[].addonVersion'`;
}

/** Findings grouped by API: one task per API (with its migration notes), one line per object. */
export function findingTasks(findings: readonly Finding[], verb: string): string[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.apiVersion} ${finding.kind} ${finding.removedIn ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const first = group[0] as Finding;
    const target = first.replacement ? `to ${code(first.replacement)}` : "(no replacement API)";
    const when = first.removedIn ? `removed in ${first.removedIn}` : `deprecated in ${first.deprecatedIn}`;
    lines.push(`- [ ] ${verb} ${code(first.apiVersion)} ${first.kind} ${target} (${when}):`);
    // A usage finding's first note names its own client; the line of each finding says that already.
    for (const note of first.usage ? first.notes.slice(1) : first.notes) lines.push(`  - ${note}`);
    for (const finding of group) {
      lines.push(
        `  - [ ] ${objectLabel(finding)}: ${code(sourceLocation(finding.source))}${sourceOrigin(finding.source)}`,
      );
    }
  }
  return lines;
}
