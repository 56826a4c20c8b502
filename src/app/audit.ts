// `cutover audit`: the live objects are read and kept (drift needs them all), the desired state is compared
// one object at a time as it is read, and scan's accumulator finds removed APIs in both as they go by.
import { removedApiUses, startAudit } from "../core/audit/audit.js";
import { createKubeletVersionCollector } from "../core/kubelet-versions.js";
import { createScanAccumulator } from "../core/scan/accumulator.js";
import { indexApis } from "../core/scan/api-index.js";
import type { EventBatch, InputError, SourcedObject, SourceEvent } from "../core/types.js";
import { knownVersion } from "../core/version.js";
import { loadPlatformComponents } from "../knowledge/load-platform-components.js";
import { loadSystemObjectRules } from "../knowledge/load-system-objects.js";
import type { AuditReport } from "../report/audit/common.js";
import { type AppContext, watched } from "./context.js";
import { type ObjectSourceOptions, objectStream } from "./object-stream.js";

export interface AuditInput extends Omit<ObjectSourceOptions, "stdin"> {
  /** The rendered desired state (`--desired`); without it there are no desired-state findings. */
  desired?: string[];
  targetVersion?: string;
  from?: string;
  systemObjects?: string[];
  clusterName?: string;
}

export async function runAudit(input: AuditInput, context: AppContext): Promise<AuditReport> {
  const { kb } = context;
  const targetVersion = input.targetVersion
    ? knownVersion("--target-version", input.targetVersion, kb.versions)
    : null;
  const from = input.from ? knownVersion("--from", input.from, kb.versions) : undefined;
  const rules = loadSystemObjectRules(input.systemObjects ?? []);
  const components = loadPlatformComponents();
  // Removed APIs at the target, in the cluster and in the desired state: scan's accumulator, fed as read.
  const removed = targetVersion
    ? createScanAccumulator({ index: indexApis(kb.apis), targetVersion })
    : undefined;
  const keep = inNamespace(input.namespace);
  const kubelets = createKubeletVersionCollector();
  const live = await gather(
    watched(context, objectStream({ ...input, stdin: context.stdin }), "read"),
    keep,
    (event) => {
      removed?.add(event);
      if (event.type === "object") kubelets.add(event.item.object);
    },
  );
  const desiredPaths = input.desired ?? [];
  const session = startAudit({
    live: live.objects,
    rules,
    namespaces: input.namespace === undefined ? undefined : [input.namespace],
    withDesired: desiredPaths.length > 0,
  });
  const desired =
    desiredPaths.length > 0
      ? await gather(
          watched(
            context,
            objectStream({
              paths: desiredPaths,
              jobs: input.jobs,
              stdin: context.stdin,
              allowEmpty: input.allowEmpty,
            }),
            "compared",
          ),
          keep,
          (event) => removed?.add(event),
          (item) => session.addDesired(item),
        )
      : undefined;
  const currentVersion = from ?? kubelets.oldest() ?? null;
  const result = session.finish({
    components,
    removedApis: removedApiUses(removed?.result().findings ?? []),
    currentVersion,
    targetVersion,
    clusterName: input.clusterName,
  });
  return {
    result,
    currentVersion,
    targetVersion,
    clusterName: input.clusterName ?? null,
    desiredObjects: desired ? session.desiredObjects : null,
    inputErrors: [...live.errors, ...(desired?.errors ?? []), ...session.inputErrors],
    warnings: [...live.warnings, ...(desired?.warnings ?? [])],
  };
}

interface Gathered {
  objects: SourcedObject[];
  errors: InputError[];
  warnings: string[];
}

/**
 * Reads a stream: objects that `keep` accepts go to `onObject` (default: kept in `objects`), every event
 * also goes to `also`; errors and warnings (skipped files among them) are collected.
 */
async function gather(
  batches: AsyncIterable<EventBatch>,
  keep: (item: SourcedObject) => boolean,
  also: (event: SourceEvent) => void,
  onObject?: (item: SourcedObject) => void,
): Promise<Gathered> {
  const gathered: Gathered = { objects: [], errors: [], warnings: [] };
  for await (const batch of batches) {
    for (const event of batch) {
      also(event);
      if (event.type === "object") {
        if (keep(event.item)) (onObject ?? ((item) => gathered.objects.push(item)))(event.item);
      } else if (event.type === "error") gathered.errors.push(event.error);
      else if (event.type === "warning") gathered.warnings.push(event.message);
      else gathered.warnings.push(`${event.skipped.file}: skipped, ${event.skipped.reason}`);
    }
  }
  return gathered;
}

/** As with kubectl, `-n` keeps that namespace's objects and leaves cluster-scoped ones out. */
function inNamespace(namespace: string | undefined): (item: SourcedObject) => boolean {
  return namespace === undefined ? () => true : (item) => item.object.metadata?.namespace === namespace;
}
