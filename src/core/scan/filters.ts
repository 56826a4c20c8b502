import type { Finding } from "../types.js";

/** What the user asked to leave out of a scan. */
export interface FindingFilters {
  /** Kinds to drop, compared case-insensitively ("Ingress", "ingress"). */
  excludeKinds?: string[];
  /**
   * Keep only objects of this namespace (cluster-scoped objects are left out, as with kubectl -n). Calls seen
   * by the API server (usage) are not objects and stay.
   */
  namespace?: string;
  /** Glob patterns (`*` matches anything) tested against the keys listed in `ignoreKeys`. */
  ignore?: string[];
}

/**
 * The strings an --ignore pattern is matched against: "Kind/name", "Kind/namespace/name",
 * "apiVersion/Kind" and the source file, so `Ingress/legacy-*`, `extensions/v1beta1/*` and
 * `charts/old/*` all work. Usage findings add "usage:<user agent>" and "usage:<user>", so
 * `usage:kubectl/*` leaves out old kubectl clients.
 */
function ignoreKeys(finding: Finding): string[] {
  const keys = [`${finding.apiVersion}/${finding.kind}`, finding.source.file];
  if (finding.usage?.userAgent) keys.push(`usage:${finding.usage.userAgent}`);
  if (finding.usage?.user) keys.push(`usage:${finding.usage.user}`);
  if (finding.name !== null) {
    keys.push(`${finding.kind}/${finding.name}`);
    if (finding.namespace !== null) keys.push(`${finding.kind}/${finding.namespace}/${finding.name}`);
  }
  return keys;
}

export type FindingPredicate = (finding: Finding) => boolean;

/** A predicate that keeps the findings the filters do not drop. */
export function compileFilters(filters: FindingFilters): FindingPredicate {
  const excluded = new Set((filters.excludeKinds ?? []).map((kind) => kind.toLowerCase()));
  const patterns = (filters.ignore ?? []).map(globToRegExp);
  return (finding) => {
    if (excluded.has(finding.kind.toLowerCase())) return false;
    if (filters.namespace !== undefined && !finding.usage && finding.namespace !== filters.namespace) {
      return false;
    }
    return !patterns.some((pattern) => ignoreKeys(finding).some((key) => pattern.test(key)));
  };
}

export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}
