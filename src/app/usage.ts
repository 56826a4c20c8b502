// Usage sources for scan and plan: audit-log files, the API server's metrics in Prometheus, and EKS audit
// logs in CloudWatch Logs. Each source's calls are grouped by client into ApiUsages of origin "usage",
// which scan and plan turn into findings like any other usage.
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { UsageError } from "../core/errors.js";
import type { KnowledgeBase } from "../core/knowledge.js";
import { indexApis } from "../core/scan/api-index.js";
import { statusAt } from "../core/scan/scan.js";
import type { ApiUsage, InputError } from "../core/types.js";
import { createLinePrefilter } from "../core/usage/audit-event.js";
import { eksLogGroup } from "../core/usage/cloudwatch.js";
import { createUsageClassifier, createUsageGrouper, type UsageGrouper } from "../core/usage/group.js";
import { DEFAULT_USAGE_WINDOW, WINDOW_PATTERN, windowMs } from "../core/usage/prometheus.js";
import { readAuditLogs } from "../sources/audit-log.js";

export interface UsageOptions {
  /** Audit-log files or directories (gzip too). */
  usageAuditLog?: string[];
  /** Prometheus base URL. */
  usagePrometheus?: string;
  /** EKS cluster name: its log group /aws/eks/NAME/cluster is queried. */
  usageCloudwatch?: string;
  /** Default "7d". */
  usageWindow?: string;
  region?: string;
  profile?: string;
}

export interface UsageContext {
  now?: () => number;
  cloudwatchClient?: CloudWatchLogsClient;
  cloudwatchPollMs?: number;
}

export interface GatheredUsage {
  usages: ApiUsage[];
  errors: InputError[];
  warnings: string[];
}

export function hasUsageSources(options: UsageOptions): boolean {
  return (options.usageAuditLog?.length ?? 0) > 0 || !!options.usagePrometheus || !!options.usageCloudwatch;
}

/** The window flag checked: "7d", "24h", "90m", "2w". */
export function usageWindow(options: UsageOptions): string {
  const window = options.usageWindow ?? DEFAULT_USAGE_WINDOW;
  if (!WINDOW_PATTERN.test(window)) {
    throw new UsageError(
      `--usage-window "${window}" is not a duration; write a number and one unit: 7d, 24h, 90m, 2w`,
    );
  }
  return window;
}

export async function gatherUsage(
  options: UsageOptions,
  kb: KnowledgeBase,
  target: string,
  context: UsageContext = {},
): Promise<GatheredUsage> {
  const window = usageWindow(options);
  const index = indexApis(kb.apis);
  const grouper = createUsageGrouper(createUsageClassifier(kb.apis, index, target));
  const gathered: GatheredUsage = { usages: [], errors: [], warnings: [] };
  const versions = versionsAtRisk(kb, target);
  if (options.usageAuditLog?.length) {
    await readAuditLogUsage(options.usageAuditLog, grouper, gathered, versions);
  }
  if (options.usagePrometheus) {
    const { readPrometheusUsage } = await import("../adapters/prometheus-usage.js");
    const read = await readPrometheusUsage({ address: options.usagePrometheus, window, versions });
    const file = `prometheus:${shownAddress(options.usagePrometheus)}`;
    for (const { call, stats } of read.calls)
      grouper.add(call, { via: "prometheus", file, line: null }, stats);
    gathered.warnings.push(...read.warnings);
  }
  if (options.usageCloudwatch) {
    // The AWS SDK is loaded only when CloudWatch is read.
    const { readCloudWatchUsage } = await import("../adapters/cloudwatch-logs.js");
    const logGroup = eksLogGroup(options.usageCloudwatch);
    const endMs = (context.now ?? Date.now)();
    const read = await readCloudWatchUsage({
      logGroup,
      startMs: endMs - windowMs(window),
      endMs,
      versions,
      region: options.region,
      profile: options.profile,
      client: context.cloudwatchClient,
      pollMs: context.cloudwatchPollMs,
    });
    const file = `cloudwatch:${logGroup}`;
    for (const { call, stats } of read.calls)
      grouper.add(call, { via: "cloudwatch", file, line: null }, stats);
    gathered.warnings.push(...read.warnings);
  }
  gathered.usages = grouper.usages();
  return gathered;
}

async function readAuditLogUsage(
  paths: string[],
  grouper: UsageGrouper,
  gathered: GatheredUsage,
  versions: readonly string[],
): Promise<void> {
  await readAuditLogs(paths, {
    prefilter: createLinePrefilter(versions),
    call: (call, file, line) => grouper.add(call, { via: "audit-log", file, line }),
    error: (error) => gathered.errors.push(error),
  });
}

/** The versions ("v1beta1", …) of APIs deprecated or removed at the target: the calls worth counting. */
export function versionsAtRisk(kb: KnowledgeBase, target: string): string[] {
  const versions = new Set<string>();
  for (const api of kb.apis) {
    if (statusAt(api, target)) versions.add(api.apiVersion.split("/").pop() as string);
  }
  return [...versions].sort();
}

/** The address without user:password, for the findings' source. */
function shownAddress(address: string): string {
  try {
    const url = new URL(address);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/+$/, "");
  } catch {
    return address.replace(/^([^/@]*\/\/)?[^/@]*@/, "$1");
  }
}
