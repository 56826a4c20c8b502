import { Command, CommanderError } from "commander";
import { EXIT, exitCodeOf, messageOf } from "../core/errors.js";
import type { KnowledgeBase } from "../core/knowledge.js";
import { loadKnowledgeCached } from "../knowledge/load-cached.js";
import { registerApis } from "./commands/apis.js";
import { registerAudit } from "./commands/audit.js";
import { registerCompare } from "./commands/compare.js";
import { registerDashboard } from "./commands/dashboard.js";
import { registerMigrate } from "./commands/migrate.js";
import { registerPlan } from "./commands/plan.js";
import { registerScan } from "./commands/scan.js";
import { registerSnapshot } from "./commands/snapshot.js";
import { collect, processTerminal, type Terminal } from "./io.js";
import { VERSION } from "./version.js";

/** Runs the CLI and resolves to the exit code; the bin sets process.exitCode from it. */
export async function main(argv: string[], terminal?: Terminal): Promise<number> {
  let pending: Promise<number> = Promise.resolve(0);
  const program = new Command("cutover")
    .description("Make Kubernetes (EKS first) cluster upgrades safe and boring")
    .version(VERSION)
    .option("--extra-data <file>", "add API lifecycle entries from a YAML file (repeatable)", collect, [])
    .option("--no-color", "no colour (also: NO_COLOR=1)")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (terminal ?? processTerminal()).out(text.trimEnd()),
      writeErr: (text) => (terminal ?? processTerminal()).err(text.trimEnd()),
    });

  const run = (body: (terminal: Terminal, kb: KnowledgeBase) => Promise<number>) => {
    const globals = program.opts<{ extraData: string[]; color: boolean }>();
    const term = terminal ?? processTerminal(!globals.color);
    pending = (async () => body(term, await loadKnowledgeCached({ extraDataFiles: globals.extraData })))();
  };
  registerScan(program, run);
  registerPlan(program, run);
  registerSnapshot(program, run);
  registerApis(program, run);
  registerAudit(program, run);
  registerCompare(program, run);
  registerMigrate(program, run);
  registerDashboard(program, run);

  const term = terminal ?? processTerminal();
  try {
    await program.parseAsync(argv);
    return await pending;
  } catch (error) {
    return reportFailure(error, term);
  }
}

/** The one place errors become exit codes: commander's help/version exit 0, its usage errors 2, ours their own. */
function reportFailure(error: unknown, terminal: Terminal): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? 0 : EXIT.input;
  }
  // Every CutoverError's message names the input and the fix; anything else (a bug, an unreachable
  // cluster's socket error) is still one line, never a stack trace.
  terminal.err(`error: ${messageOf(error)}`);
  return exitCodeOf(error);
}
