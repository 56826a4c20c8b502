import type { Command } from "commander";
import { runAudit } from "../../app/audit.js";
import { AUDIT_FAIL_ON, auditExitCode, DEFAULT_FAIL_ON } from "../../core/audit/audit.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { AUDIT_FORMATS, renderAudit } from "../../report/audit/render.js";
import { inputErrorLine } from "../../report/scan/common.js";
import { type CommandRunner, choice, collect, collectList, type Terminal } from "../io.js";
import { appContext } from "../progress.js";
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

async function audit(
  paths: string[],
  flags: AuditFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<number> {
  const failOn = (flags.failOn ?? [DEFAULT_FAIL_ON]).map((value) =>
    choice("--fail-on", value, AUDIT_FAIL_ON),
  );
  const format = choice("--output", flags.output ?? (terminal.isTTY ? "table" : "json"), AUDIT_FORMATS);
  const report = await runAudit({ ...flags, paths }, appContext(terminal, kb));
  terminal.out(renderAudit(report, format, { color: terminal.color }));
  // The report has them too; stderr shows them when stdout goes to a file or a pipe.
  for (const error of report.inputErrors) terminal.err(`error: ${inputErrorLine(error)}`);
  return auditExitCode(report.result.findings, failOn, report.inputErrors.length);
}
