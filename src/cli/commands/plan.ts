import type { Command } from "commander";
import { planExitCode, runPlan } from "../../app/plan.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { PLAN_FORMATS, renderPlan } from "../../report/plan/render.js";
import { inputErrorLine } from "../../report/scan/common.js";
import { FAIL_ON_LEVELS } from "../../report/scan/render.js";
import { type CommandRunner, choice, type Terminal } from "../io.js";
import { appContext } from "../progress.js";
import { addSourceFlags, type SourceFlags } from "./source-flags.js";
import { addUsageFlags, type UsageFlags } from "./usage-flags.js";

interface PlanFlags extends SourceFlags, UsageFlags {
  from: string;
  to: string;
  nodes?: string;
  today?: string;
  output?: string;
  failOn: string;
}

export function registerPlan(program: Command, run: CommandRunner): void {
  const command = program
    .command("plan")
    .description(
      "Plan the in-place upgrade hop by hop: control plane, nodes within the skew policy, add-ons, APIs",
    )
    .argument("[paths...]", "manifests to check for removed APIs (files, directories, - for stdin)")
    .requiredOption("--from <version>", "the control plane's current version, e.g. 1.29")
    .requiredOption("--to <version>", "the version to reach, e.g. 1.33")
    .option(
      "--nodes <version>",
      "the oldest kubelet's version (default: from Node objects in the sources, else --from)",
    )
    .option("--today <date>", "the date support status is computed for, YYYY-MM-DD (default: today, UTC)")
    .option(
      "-o, --output <format>",
      `output format: ${PLAN_FORMATS.join("|")} (default: table on a terminal, else json)`,
    )
    .option(
      "--fail-on <status>",
      "exit 1 when APIs in use are, on the path: removed|deprecated|none",
      "removed",
    );
  addSourceFlags(command);
  addUsageFlags(command);
  command.action((paths: string[], flags: PlanFlags) =>
    run((terminal, kb) => plan(paths, flags, terminal, kb)),
  );
}

async function plan(
  paths: string[],
  flags: PlanFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<number> {
  const failOn = choice("--fail-on", flags.failOn, FAIL_ON_LEVELS);
  const format = choice("--output", flags.output ?? (terminal.isTTY ? "table" : "json"), PLAN_FORMATS);
  const today = flags.today ?? new Date().toISOString().slice(0, 10);
  const outcome = await runPlan({ ...flags, paths, today }, appContext(terminal, kb));
  terminal.out(renderPlan(outcome.plan, format, { color: terminal.color }));
  for (const warning of outcome.warnings) terminal.err(`warning: ${warning}`);
  for (const error of outcome.errors) terminal.err(`error: ${inputErrorLine(error)}`);
  return planExitCode(outcome, failOn);
}
