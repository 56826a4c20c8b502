// `cutover plan`: the flags. The implementation (app, renderers) is imported when the command runs.
import type { Command } from "commander";
import { PLAN_FORMATS } from "../../report/plan/formats.js";
import type { CommandRunner } from "../io.js";
import type { PlanFlags } from "./plan-run.js";
import { addSourceFlags } from "./source-flags.js";
import { addUsageFlags } from "./usage-flags.js";

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
    run(async (terminal, kb) => (await import("./plan-run.js")).plan(paths, flags, terminal, kb)),
  );
}
