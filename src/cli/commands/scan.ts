// `cutover scan`: the flags. The implementation (app, renderers) is imported when the command runs.
import type { Command } from "commander";
import { SCAN_FORMATS } from "../../report/scan/formats.js";
import { type CommandRunner, collect, collectList } from "../io.js";
import type { ScanFlags } from "./scan-run.js";
import { addSourceFlags } from "./source-flags.js";
import { addUsageFlags } from "./usage-flags.js";

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
    run(async (terminal, kb) => (await import("./scan-run.js")).scan(paths, flags, terminal, kb)),
  );
}
