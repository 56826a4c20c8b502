// Usage from EKS control-plane audit logs in CloudWatch Logs, through Logs Insights. Pure: the query text
// and the rows → counted calls. The query groups in CloudWatch (stats … by), so only one row per client and
// resource comes back, never the events themselves.
import type { ApiCall } from "./audit-event.js";
import type { CountedCall } from "./group.js";

/** EKS writes the control-plane logs of cluster NAME to this group. */
export function eksLogGroup(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}

/** Logs Insights returns at most this many rows per query; a full answer means the window must be split. */
export const INSIGHTS_MAX_ROWS = 10_000;

const BY_FIELDS = [
  "`user.username`",
  "userAgent",
  "`sourceIPs.0`",
  "verb",
  "`objectRef.apiGroup`",
  "`objectRef.apiVersion`",
  "`objectRef.resource`",
  "`objectRef.subresource`",
  "`annotations.k8s.io/removed-release`",
  "`annotations.k8s.io/deprecated`",
];

/**
 * The Insights query: audit streams only, completed requests only, calls the API server announced
 * deprecated or to one of `versions` (the versions the knowledge base has deprecated or removed APIs of).
 */
export function insightsQuery(versions: readonly string[], limit = INSIGHTS_MAX_ROWS): string {
  const byVersion =
    versions.length > 0
      ? ` or \`objectRef.apiVersion\` in [${versions.map((v) => JSON.stringify(v)).join(", ")}]`
      : "";
  return [
    "filter @logStream like /^kube-apiserver-audit/",
    '| filter stage = "ResponseComplete"',
    `| filter ispresent(\`annotations.k8s.io/deprecated\`)${byVersion}`,
    `| stats count(*) as calls, min(@timestamp) as firstSeen, max(@timestamp) as lastSeen by ${BY_FIELDS.join(", ")}`,
    `| limit ${limit}`,
  ].join("\n");
}

/** One row of GetQueryResults: field/value pairs. */
export type InsightsRow = readonly { field?: string; value?: string }[];

/** A row → the call and its counts; rows without a resource are dropped. */
export function callFromRow(row: InsightsRow): CountedCall | undefined {
  const fields = new Map<string, string>();
  for (const { field, value } of row)
    if (field && value !== undefined && value !== "") fields.set(field, value);
  const get = (name: string) => fields.get(name) ?? null;
  const resource = get("objectRef.resource");
  const version = get("objectRef.apiVersion");
  if (!resource || !version) return undefined;
  const group = get("objectRef.apiGroup");
  const call: ApiCall = {
    user: get("user.username"),
    userAgent: get("userAgent"),
    sourceIP: get("sourceIPs.0"),
    verb: get("verb"),
    apiVersion: group ? `${group}/${version}` : version,
    resource,
    subresource: get("objectRef.subresource"),
    time: null,
    deprecated: get("annotations.k8s.io/deprecated") === "true",
    removedRelease: get("annotations.k8s.io/removed-release"),
  };
  const count = Number(get("calls") ?? "0");
  return {
    call,
    stats: {
      count: Number.isFinite(count) ? count : 0,
      firstSeen: insightsTime(get("firstSeen")),
      lastSeen: insightsTime(get("lastSeen")),
    },
  };
}

/** Insights prints times as "2026-11-20 10:00:00.000" (UTC) → "2026-11-20T10:00:00.000Z". */
export function insightsTime(value: string | null): string | null {
  if (value === null) return null;
  return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value) ? `${value.replace(" ", "T")}Z` : value;
}
