// What `cutover audit` does once its flags are parsed: audit the sources, print the report, return the exit code.
import { runAudit } from "../../app/audit.js";
import { auditExitCode } from "../../core/audit/audit.js";
import { AUDIT_FAIL_ON, DEFAULT_FAIL_ON } from "../../core/audit/types.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { AUDIT_FORMATS } from "../../report/audit/formats.js";
import { renderAudit } from "../../report/audit/render.js";
import { inputErrorLine } from "../../report/scan/common.js";
import { choice, type Terminal } from "../io.js";
import { appContext } from "../progress.js";
import type { SourceFlags } from "./source-flags.js";

export interface AuditFlags extends SourceFlags {
  desired?: string[];
  targetVersion?: string;
  from?: string;
  systemObjects?: string[];
  output?: string;
  failOn?: string[];
  clusterName?: string;
}

export async function audit(
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
