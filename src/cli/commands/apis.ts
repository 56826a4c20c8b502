// `cutover apis`: the flags. The implementation (filtering, the table and YAML renderers) is imported when
// the command runs.
import type { Command } from "commander";
import type { CommandRunner } from "../io.js";
import type { ApisFlags } from "./apis-run.js";

export function registerApis(program: Command, run: CommandRunner): void {
  program
    .command("apis")
    .description("List the API lifecycle knowledge base (deprecated and removed APIs, with sources)")
    .option("-t, --target-version <version>", "only APIs deprecated or removed at this version")
    .option("--set <set>", "builtin|crd|user|all", "all")
    .option("-o, --output <format>", "table|json|yaml", "table")
    .action((flags: ApisFlags) =>
      run(async (terminal, kb) => (await import("./apis-run.js")).listApis(flags, terminal, kb)),
    );
}
