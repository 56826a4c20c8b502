import type { Command } from "commander";
import { type CompareSource, runCompare, type SideName } from "../../app/compare.js";
import { COMPARE_FAIL_ON, compareExitCode, DEFAULT_COMPARE_FAIL_ON } from "../../core/compare/verdict.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { COMPARE_FORMATS, renderCompare } from "../../report/compare/render.js";
import { type CommandRunner, choice, collect, collectList, type Terminal } from "../io.js";
import { appContext } from "../progress.js";

type SideFlags = Record<`${SideName}${"" | "Snapshot" | "Context" | "Kubeconfig" | "ClusterName"}`, unknown>;

interface CompareFlags extends Partial<SideFlags> {
  ignore?: string[];
  namespace?: string;
  output?: string;
  failOn?: string[];
}

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
    .option("-n, --namespace <name>", "only objects of this namespace, on both sides")
    .option(
      "-o, --output <format>",
      `output format: ${COMPARE_FORMATS.join("|")} (default: table on a terminal, else json)`,
    )
    .option(
      "--fail-on <level>",
      `exit 1 when an item is at or above a level, or of a type: ${COMPARE_FAIL_ON.join("|")} (comma-separated or repeatable; default ${DEFAULT_COMPARE_FAIL_ON})`,
      collectList,
    )
    .action((flags: CompareFlags) => run((terminal, kb) => compare(flags, terminal, kb)));
}

function sourceOf(flags: CompareFlags, side: SideName): CompareSource {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    paths: (flags[side] as string[] | undefined) ?? [],
    snapshot: text(flags[`${side}Snapshot`]),
    context: text(flags[`${side}Context`]),
    kubeconfig: text(flags[`${side}Kubeconfig`]),
  };
}

async function compare(flags: CompareFlags, terminal: Terminal, kb: KnowledgeBase): Promise<number> {
  const failOn = (flags.failOn ?? [DEFAULT_COMPARE_FAIL_ON]).map((value) =>
    choice("--fail-on", value, COMPARE_FAIL_ON),
  );
  const format = choice("--output", flags.output ?? (terminal.isTTY ? "table" : "json"), COMPARE_FORMATS);
  const report = await runCompare(
    {
      blue: sourceOf(flags, "blue"),
      green: sourceOf(flags, "green"),
      ignoreFiles: flags.ignore ?? [],
      clusterNames: {
        blue: typeof flags.blueClusterName === "string" ? flags.blueClusterName : undefined,
        green: typeof flags.greenClusterName === "string" ? flags.greenClusterName : undefined,
      },
      namespace: flags.namespace,
    },
    appContext(terminal, kb),
  );
  terminal.out(renderCompare(report, format));
  for (const error of report.inputErrors) {
    terminal.err(
      `error: ${error.side}: ${error.file}${error.line ? `:${error.line}` : ""}: ${error.message}`,
    );
  }
  return compareExitCode(report.result, failOn, report.inputErrors.length);
}
