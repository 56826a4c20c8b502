// Places API usages on the hop where they break.
//
// Rule: a Kubernetes API removed at version V breaks on the hop whose control plane is V. APIs already
// removed at or before --from go on the first hop (manifests using them cannot be applied today).
// CRD project APIs (cert-manager, Istio, …) version independently of Kubernetes, so no hop owns them:
// `cutover scan` reports those.

import type { ApiIndex } from "../scan/api-index.js";
import { findingFor } from "../scan/scan.js";
import type { ApiUsage, Finding } from "../types.js";
import { compareVersions, formatMinor, minorOf, normalizeVersion } from "../version.js";

export interface PlacedFindings {
  /** Control-plane version → findings that break there. */
  byHop: Map<string, Finding[]>;
  /** Deprecated at the target but still served there. */
  deprecatedSoon: Finding[];
}

export function placeFindings(
  usages: readonly ApiUsage[],
  index: ApiIndex,
  range: { from: string; to: string },
): PlacedFindings {
  const byHop = new Map<string, Finding[]>();
  const deprecatedSoon: Finding[] = [];
  const firstHop = formatMinor(minorOf(range.from) + 1);
  for (const usage of usages) {
    const finding = findingFor(usage, index, range.to);
    if (finding?.component !== "kubernetes") continue;
    if (finding.status === "deprecated") {
      deprecatedSoon.push(finding);
      continue;
    }
    // "removed" means removedIn parsed and was reached; normalising makes "1.25.0" name the hop "1.25"
    const removedIn = normalizeVersion(finding.removedIn ?? "") ?? range.to;
    if (compareVersions(removedIn, range.from) <= 0) {
      append(byHop, firstHop, alreadyRemoved(finding, removedIn));
    } else {
      append(byHop, removedIn, finding);
    }
  }
  return { byHop, deprecatedSoon };
}

function alreadyRemoved(finding: Finding, removedIn: string): Finding {
  const note = finding.usage
    ? `already removed at ${removedIn}: these calls fail against the cluster today`
    : `already removed at ${removedIn}: objects from files cannot be applied`;
  // A usage finding's first note names its client: it stays first.
  const [first, ...rest] = finding.notes;
  const notes = finding.usage && first !== undefined ? [first, note, ...rest] : [note, ...finding.notes];
  return { ...finding, notes };
}

function append(map: Map<string, Finding[]>, key: string, finding: Finding): void {
  const list = map.get(key);
  if (list) list.push(finding);
  else map.set(key, [finding]);
}
