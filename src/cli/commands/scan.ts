import type { Command } from "commander";
import { runScan } from "../../app/scan.js";
import { type FailOn, scanExitCode } from "../../core/scan/accumulator.js";
import { FAIL_ON_LEVELS, renderScan, SCAN_FORMATS, type ScanFormat } from "../../report/scan/render.js";
import { type CommandRunner, choice, collect, collectList } from "../io.js";
import { appContext } from "../progress.js";
import { VERSION } from "../version.js";
import { addSourceFlags, type SourceFlags } from "./source-flags.js";
import { addUsageFlags, type UsageFlags } from "./usage-flags.js";

interface ScanFlags extends SourceFlags, UsageFlags {
  targetVersion: string;
  output?: string;
  failOn: string;
  excludeKinds?: string[];
  ignore?: string[];
}

export function registerScan(program: Command, run: CommandRunner): void {
  const command = program
    .command("scan")
    .description("Find removed and deprecated APIs at a target Kubernetes version")
    .argument("[paths...]", "files or directories of YAML/JSON manifests, - for stdin")
    .requiredOption(
      "-t, --target-version <version>",
      "the Kubernetes version you are upgrading to, e.g. 1.33",
    )
    .option(
      "-o, --output <format>",
      `output format: ${SCAN_FORMATS.join("|")} (default: table on a terminal, else json)`,
    )
    .option("--fail-on <status>", "exit 1 when findings at or above: removed|deprecated|none", "removed")
    .option("--exclude-kinds <kinds>", "kinds to leave out (comma-separated, repeatable)", collectList)
    .option(
      "--ignore <pattern>",
      "skip findings matching Kind/name, Kind/ns/name, apiVersion/Kind or a file (glob)",
      collect,
    );
  addSourceFlags(command);
  addUsageFlags(command);
  command.action((paths: string[], flags: ScanFlags) =>
    run(async (terminal, kb) => {
      const failOn: FailOn = choice("--fail-on", flags.failOn, FAIL_ON_LEVELS);
      const format: ScanFormat = choice(
        "--output",
        flags.output ?? (terminal.isTTY ? "table" : "json"),
        SCAN_FORMATS,
      );
      const result = await runScan({ ...flags, paths }, appContext(terminal, kb));
      terminal.out(renderScan(result, format, { color: terminal.color, failOn, toolVersion: VERSION }));
      return scanExitCode(result, failOn);
    }),
  );
}
