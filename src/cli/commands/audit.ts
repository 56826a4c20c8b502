import type { Command } from "commander";
import { objectStream } from "../../app/object-stream.js";
import {
  AUDIT_FAIL_ON,
  auditExitCode,
  DEFAULT_FAIL_ON,
  removedApiUses,
  startAudit,
} from "../../core/audit/audit.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { createKubeletVersionCollector } from "../../core/kubelet-versions.js";
import { createScanAccumulator } from "../../core/scan/accumulator.js";
import { indexApis } from "../../core/scan/api-index.js";
import type { InputError, SourcedObject, SourceEvent } from "../../core/types.js";
import { loadPlatformComponents } from "../../knowledge/load-platform-components.js";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import type { AuditReport } from "../../report/audit/common.js";
import { AUDIT_FORMATS, renderAudit } from "../../report/audit/render.js";
import { inputErrorLine } from "../../report/scan/common.js";
import { choice, collect, collectList, type Terminal } from "../io.js";
import { withProgress } from "../progress.js";
import { type CommandRunner, resolveVersion } from "./scan.js";
import { addSourceFlags, type SourceFlags } from "./source-flags.js";

interface AuditFlags extends SourceFlags {
  desired?: string[];
  targetVersion?: string;
  from?: string;
  systemObjects?: string[];
  output?: string;
  failOn?: string[];
  clusterName?: string;
}

export function registerAudit(program: Command, run: CommandRunner): void {
  const command = program
    .command("audit")
    .description(
      "Find drift (unmanaged objects, out-of-band changes, differences from Git, risky RBAC), check what a rebuild needs, and recommend in-place or blue-green",
    )
    .argument("[paths...]", "files or directories of live objects (kubectl get -o yaml|json), - for stdin")
    .option(
      "--desired <dir>",
      "the rendered desired state: helm template / kustomize build output (repeatable)",
      collect,
    )
    .option("-t, --target-version <version>", "the Kubernetes version you are upgrading to, e.g. 1.33")
    .option(
      "--from <version>",
      "the cluster's current version (default: the oldest kubelet of the Node objects)",
    )
    .option(
      "--system-objects <file>",
      "more system-object rules and field managers (repeatable; see docs/audit.md)",
      collect,
    )
    .option(
      "--cluster-name <name>",
      "the cluster's name: where it appears in objects, it must change for green",
    )
    .option(
      "-o, --output <format>",
      `output format: ${AUDIT_FORMATS.join("|")} (default: table on a terminal, else json)`,
    )
    .option(
      "--fail-on <level>",
      `exit 1 when a finding is at or above a severity, or of a type: ${AUDIT_FAIL_ON.join("|")} (comma-separated or repeatable; default ${DEFAULT_FAIL_ON})`,
      collectList,
    );
  addSourceFlags(command);
  command.action((paths: string[], flags: AuditFlags) =>
    run((terminal, kb) => audit(paths, flags, terminal, kb)),
  );
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
  events: AsyncIterable<SourceEvent>,
  keep: (item: SourcedObject) => boolean,
  also: (event: SourceEvent) => void,
  onObject?: (item: SourcedObject) => void,
): Promise<Gathered> {
  const gathered: Gathered = { objects: [], errors: [], warnings: [] };
  for await (const event of events) {
    also(event);
    if (event.type === "object") {
      if (keep(event.item)) (onObject ?? ((item) => gathered.objects.push(item)))(event.item);
    } else if (event.type === "error") gathered.errors.push(event.error);
    else if (event.type === "warning") gathered.warnings.push(event.message);
    else gathered.warnings.push(`${event.skipped.file}: skipped, ${event.skipped.reason}`);
  }
  return gathered;
}

/** As with kubectl, `-n` keeps that namespace's objects and leaves cluster-scoped ones out. */
function inNamespace(namespace: string | undefined): (item: SourcedObject) => boolean {
  return namespace === undefined ? () => true : (item) => item.object.metadata?.namespace === namespace;
}

/** The flags resolved and the data files loaded, before anything is read. */
function resolveFlags(flags: AuditFlags, terminal: Terminal, kb: KnowledgeBase) {
  const targetVersion = flags.targetVersion
    ? resolveVersion("--target-version", flags.targetVersion, kb)
    : null;
  return {
    failOn: (flags.failOn ?? [DEFAULT_FAIL_ON]).map((value) => choice("--fail-on", value, AUDIT_FAIL_ON)),
    format: choice("--output", flags.output ?? (terminal.isTTY ? "table" : "json"), AUDIT_FORMATS),
    targetVersion,
    from: flags.from ? resolveVersion("--from", flags.from, kb) : undefined,
    rules: loadSystemObjectRules(flags.systemObjects ?? []),
    components: loadPlatformComponents(),
    // Removed APIs at the target, in the cluster and in the desired state: scan's accumulator, fed as read.
    removed: targetVersion ? createScanAccumulator({ index: indexApis(kb.apis), targetVersion }) : undefined,
  };
}

async function audit(
  paths: string[],
  flags: AuditFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<number> {
  const { failOn, format, targetVersion, from, rules, components, removed } = resolveFlags(
    flags,
    terminal,
    kb,
  );
  const keep = inNamespace(flags.namespace);
  const kubelets = createKubeletVersionCollector();
  const live = await gather(
    withProgress(objectStream({ paths, ...flags, stdin: terminal.stdin }), terminal, "read"),
    keep,
    (event) => {
      removed?.add(event);
      if (event.type === "object") kubelets.add(event.item.object);
    },
  );
  const desiredPaths = flags.desired ?? [];
  const session = startAudit({
    live: live.objects,
    rules,
    namespaces: flags.namespace === undefined ? undefined : [flags.namespace],
    withDesired: desiredPaths.length > 0,
  });
  // The desired state is compared as it is read, one object at a time, and not kept.
  const desired =
    desiredPaths.length > 0
      ? await gather(
          withProgress(objectStream({ paths: desiredPaths, stdin: terminal.stdin }), terminal, "compared"),
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
    clusterName: flags.clusterName,
  });
  const report: AuditReport = {
    result,
    currentVersion,
    targetVersion,
    clusterName: flags.clusterName ?? null,
    desiredObjects: desired ? session.desiredObjects : null,
    inputErrors: [...live.errors, ...(desired?.errors ?? [])],
    warnings: [...live.warnings, ...(desired?.warnings ?? [])],
  };
  terminal.out(renderAudit(report, format, { color: terminal.color }));
  // The report has them too; stderr shows them when stdout goes to a file or a pipe.
  for (const error of report.inputErrors) terminal.err(`error: ${inputErrorLine(error)}`);
  return auditExitCode(result.findings, failOn, report.inputErrors.length);
}
