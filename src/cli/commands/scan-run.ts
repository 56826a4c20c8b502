// What `cutover scan` does once its flags are parsed: scan the sources, print the report, return the exit code.
import { runScan } from "../../app/scan.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { type FailOn, scanExitCode } from "../../core/scan/accumulator.js";
import { FAIL_ON_LEVELS, SCAN_FORMATS, type ScanFormat } from "../../report/scan/formats.js";
import { renderScanAs } from "../../report/scan/render-chosen.js";
import { choice, type Terminal } from "../io.js";
import { appContext } from "../progress.js";
import { VERSION } from "../version.js";
import type { SourceFlags } from "./source-flags.js";
import type { UsageFlags } from "./usage-flags.js";

export interface ScanFlags extends SourceFlags, UsageFlags {
  targetVersion: string;
  output?: string;
  failOn: string;
  excludeKinds?: string[];
  ignore?: string[];
}

export async function scan(
  paths: string[],
  flags: ScanFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<number> {
  const failOn: FailOn = choice("--fail-on", flags.failOn, FAIL_ON_LEVELS);
  const format: ScanFormat = choice(
    "--output",
    flags.output ?? (terminal.isTTY ? "table" : "json"),
    SCAN_FORMATS,
  );
  const result = await runScan({ ...flags, paths }, appContext(terminal, kb));
  terminal.out(await renderScanAs(result, format, { color: terminal.color, failOn, toolVersion: VERSION }));
  return scanExitCode(result, failOn);
}
