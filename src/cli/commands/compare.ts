// `cutover compare`: the flags. The implementation (app, renderers) is imported when the command runs.
import type { Command } from "commander";
import type { SideName } from "../../app/compare.js";
import { COMPARE_FAIL_ON, DEFAULT_COMPARE_FAIL_ON } from "../../core/compare/types.js";
import { COMPARE_FORMATS } from "../../report/compare/formats.js";
import { type CommandRunner, collect, collectList } from "../io.js";
import type { CompareFlags } from "./compare-run.js";
import { addReadingFlags } from "./source-flags.js";

function addSide(command: Command, side: SideName): Command {
  return command
    .option(
      `--${side}-snapshot <dir>`,
      `${side}'s snapshot directory (cutover snapshot, kubectl get -o yaml|json)`,
    )
    .option(`--${side}-context <name>`, `read ${side} live through this kubeconfig context (read-only)`)
    .option(
      `--${side}-kubeconfig <file>`,
      `the kubeconfig of ${side} (its current context unless --${side}-context)`,
    )
    .option(
      `--${side} <path>`,
      `files or directories of ${side}'s objects, - for stdin (repeatable)`,
      collect,
    )
    .option(
      `--${side}-cluster-name <name>`,
      `${side}'s cluster name: values that differ only by it are expected`,
    );
}

export function registerCompare(program: Command, run: CommandRunner): void {
  const command = program
    .command("compare")
    .description(
      "Compare green with blue per application: missing, extra and differing objects, readiness, platform add-ons; verdict at parity / at parity except … / not ready",
    );
  addSide(command, "blue");
  addSide(command, "green");
  command
    .option(
      "--ignore <file>",
      "rules (audit's system-object syntax) whose objects' differences are expected (repeatable; see docs/compare.md)",
      collect,
    )
    .option("-n, --namespace <name>", "only objects of this namespace, on both sides");
  addReadingFlags(command)
    .option(
      "-o, --output <format>",
      `output format: ${COMPARE_FORMATS.join("|")} (default: table on a terminal, else json)`,
    )
    .option(
      "--fail-on <level>",
      `exit 1 when an item is at or above a level, or of a type: ${COMPARE_FAIL_ON.join("|")} (comma-separated or repeatable; default ${DEFAULT_COMPARE_FAIL_ON})`,
      collectList,
    )
    .action((flags: CompareFlags) =>
      run(async (terminal, kb) => (await import("./compare-run.js")).compare(flags, terminal, kb)),
    );
}
