// `cutover scan`: every object of the sources through scan's streaming fold, then the calls of the usage
// sources (audit logs, Prometheus, CloudWatch), one result.

import { UsageError } from "../core/errors.js";
import { createScanAccumulator } from "../core/scan/accumulator.js";
import { indexApis } from "../core/scan/api-index.js";
import type { ScanResult } from "../core/types.js";
import { knownVersion } from "../core/version.js";
import { type AppContext, watched } from "./context.js";
import { type ObjectSourceOptions, objectStream } from "./object-stream.js";
import { gatherUsage, hasUsageSources, type UsageContext, type UsageOptions } from "./usage.js";

export interface ScanInput extends Omit<ObjectSourceOptions, "stdin">, UsageOptions {
  targetVersion: string;
  excludeKinds?: string[];
  ignore?: string[];
}

/** Objects from the sources, then the calls of the usage sources (audit logs, Prometheus, CloudWatch). */
export async function runScan(
  input: ScanInput,
  context: AppContext,
  usageContext: UsageContext = {},
): Promise<ScanResult> {
  const targetVersion = knownVersion("--target-version", input.targetVersion, context.kb.versions);
  const accumulator = createScanAccumulator({
    index: indexApis(context.kb.apis),
    targetVersion,
    filters: { excludeKinds: input.excludeKinds, namespace: input.namespace, ignore: input.ignore },
  });
  const usage = hasUsageSources(input);
  if (!usage && !hasObjectSources(input)) {
    throw new UsageError(
      "nothing to read: give PATH… (files, directories or - for stdin), --snapshot DIR, --context NAME / --kubeconfig FILE for a live cluster, or a usage source (--usage-audit-log, --usage-prometheus, --usage-cloudwatch)",
    );
  }
  if (hasObjectSources(input)) {
    const events = objectStream({ ...input, stdin: context.stdin });
    for await (const batch of watched(context, events, "scanned")) {
      for (const event of batch) accumulator.add(event);
    }
  }
  if (usage) {
    const gathered = await gatherUsage(input, context.kb, targetVersion, usageContext);
    for (const error of gathered.errors) accumulator.add({ type: "error", error });
    for (const message of gathered.warnings) accumulator.add({ type: "warning", message });
    for (const found of gathered.usages) accumulator.addUsage(found);
  }
  return accumulator.result();
}

export function hasObjectSources(input: Omit<ObjectSourceOptions, "stdin">): boolean {
  return input.paths.length > 0 || !!input.snapshot || !!input.context || !!input.kubeconfig;
}
