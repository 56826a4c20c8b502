import type { Command } from "commander";
import { objectStream } from "../../app/object-stream.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { createScanAccumulator, type FailOn, scanExitCode } from "../../core/scan/accumulator.js";
import { indexApis } from "../../core/scan/api-index.js";
import type { ScanResult } from "../../core/types.js";
import { normalizeVersion } from "../../core/version.js";
import { FAIL_ON_LEVELS, renderScan, SCAN_FORMATS, type ScanFormat } from "../../report/scan/render.js";
import { choice, collect, collectList, type Terminal, UsageError } from "../io.js";
import { withProgress } from "../progress.js";
import { VERSION } from "../version.js";
import { addSourceFlags, type SourceFlags } from "./source-flags.js";

interface ScanFlags extends SourceFlags {
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
  command.action((paths: string[], flags: ScanFlags) =>
    run((terminal, kb) => scan(paths, flags, terminal, kb)),
  );
}

export type CommandRunner = (body: (terminal: Terminal, kb: KnowledgeBase) => Promise<number>) => void;

/** Resolves --target-version against the knowledge base; unknown versions list the known ones. */
export function resolveVersion(flag: string, value: string, kb: KnowledgeBase): string {
  const version = normalizeVersion(value);
  if (!version || !kb.versions.includes(version)) {
    throw new UsageError(
      `${flag} "${value}" is not a known Kubernetes version; known: ${kb.versions.join(", ")}`,
    );
  }
  return version;
}

export async function runScan(
  paths: string[],
  flags: ScanFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<ScanResult> {
  const targetVersion = resolveVersion("--target-version", flags.targetVersion, kb);
  const accumulator = createScanAccumulator({
    index: indexApis(kb.apis),
    targetVersion,
    filters: { excludeKinds: flags.excludeKinds, namespace: flags.namespace, ignore: flags.ignore },
  });
  const events = withProgress(objectStream({ paths, ...flags, stdin: terminal.stdin }), terminal, "scanned");
  for await (const event of events) accumulator.add(event);
  return accumulator.result();
}

async function scan(
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
  const result = await runScan(paths, flags, terminal, kb);
  terminal.out(renderScan(result, format, { color: terminal.color, failOn, toolVersion: VERSION }));
  return scanExitCode(result, failOn);
}
