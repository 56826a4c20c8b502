// `cutover audit`: the flags. The implementation (app, renderers) is imported when the command runs.
import type { Command } from "commander";
import { AUDIT_FAIL_ON, DEFAULT_FAIL_ON } from "../../core/audit/types.js";
import { AUDIT_FORMATS } from "../../report/audit/formats.js";
import { type CommandRunner, collect, collectList } from "../io.js";
import type { AuditFlags } from "./audit-run.js";
import { addSourceFlags } from "./source-flags.js";

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
    run(async (terminal, kb) => (await import("./audit-run.js")).audit(paths, flags, terminal, kb)),
  );
}
