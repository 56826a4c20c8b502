// Platform notes (not API removals) placed on the hop where they start to matter.
//
// Rule: a note applies to the versions from `version` to `until` (or just `version`). It is shown
// once, on the first hop whose control plane lands in that range, blockers first. EKS-scoped notes
// count too: the plan is an EKS plan.

import type { AddonVersion, PlatformNote } from "../knowledge.js";
import { compareVersions } from "../version.js";
import type { AddonRules, HopAddon } from "./types.js";

const SEVERITY_ORDER: Record<PlatformNote["severity"], number> = { blocker: 0, warning: 1, info: 2 };

/** Control-plane version → "title: action" lines, for the hops of one plan (ascending). */
export function placeNotes(
  notes: readonly PlatformNote[],
  hopVersions: readonly string[],
): Map<string, string[]> {
  const placed = new Map<string, PlatformNote[]>();
  for (const note of notes) {
    const hop = hopVersions.find((version) => appliesAt(note, version));
    if (hop === undefined) continue;
    placed.set(hop, [...(placed.get(hop) ?? []), note]);
  }
  const lines = new Map<string, string[]>();
  for (const [hop, hopNotes] of placed) {
    const sorted = [...hopNotes].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    lines.set(
      hop,
      sorted.map((note) => `${note.title}: ${note.action}`),
    );
  }
  return lines;
}

function appliesAt(note: PlatformNote, version: string): boolean {
  const last = note.until ?? note.version;
  return compareVersions(version, note.version) >= 0 && compareVersions(version, last) <= 0;
}

/**
 * Add-on versions at the end of a hop. kube-proxy follows the kubelet minor (always inside both
 * kube-proxy windows: vs the API server and vs the kubelet); every other add-on takes the version
 * recorded for the control-plane minor.
 */
export function addonsAt(addons: readonly AddonVersion[], controlPlane: string, nodes: string): HopAddon[] {
  return addons.map((addon) => {
    const version = addon.addon === "kube-proxy" ? nodes : controlPlane;
    return { name: addon.addon, version: addon.versions[version] ?? null };
  });
}

/** The upgrade rules of each add-on that has any (e.g. VPC CNI one minor at a time). */
export function addonRules(addons: readonly AddonVersion[]): AddonRules[] {
  return addons
    .filter((addon) => addon.rules.length > 0)
    .map((addon) => ({ name: addon.addon, rules: addon.rules }));
}
