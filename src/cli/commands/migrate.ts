// `cutover migrate`: the blue-green cutover commands. Every subcommand takes -o table|json (default table,
// as kubectl) and --store (default .cutover/state.db, or $CUTOVER_STORE). Exit codes: docs/migrate.md.
// The implementations are imported when a subcommand runs: the stores and providers they load (SQLite,
// pg, the AWS SDK) must not slow down the start of every other cutover command.
import type { Command } from "commander";
import type { CommandRunner } from "../io.js";
import { choice, type Terminal } from "../io.js";
import type { ControlCommand } from "./migrate-control.js";

const MIGRATE_FORMATS = ["table", "json"] as const;
type Format = (typeof MIGRATE_FORMATS)[number];

interface CommonFlags {
  output: string;
  store?: string;
}

const CONTROL: Record<ControlCommand, string> = {
  approve: "Approve the step that waits for a manual approval",
  pause: "Stop shifting traffic (measuring and automatic rollback go on) until resume",
  rollback: "Send all traffic back to blue now (performed here when no driver runs)",
  abort: "Stop the migration for good, leaving the traffic as it is",
};

export function registerMigrate(program: Command, run: CommandRunner): void {
  const migrate = program
    .command("migrate")
    .description(
      "Blue-green cutover: shift traffic to green in steps, judge it on metrics, roll back by itself",
    );

  common(migrate.command("validate").description("Check a Migration spec; errors give the line and field"))
    .argument("<spec>", "the Migration spec (YAML)")
    .action((file: string, flags: CommonFlags) =>
      run(async (terminal) =>
        (await import("./migrate-validate.js")).validateSpec(file, format(flags), terminal),
      ),
    );

  common(migrate.command("start").description("Start a migration and drive it in the foreground"))
    .argument("<spec>", "the Migration spec (YAML)")
    .option("--dry-run", "run the read-only preflight and print every change; change and record nothing")
    .option(
      "--force",
      "move weight even when spec.preflight.compare finds green not at parity (recorded in the event log)",
    )
    .action((file: string, flags: CommonFlags & { dryRun?: boolean; force?: boolean }) =>
      run(async (terminal) =>
        (await import("./migrate-run.js")).startMigration(file, runFlags(flags), terminal),
      ),
    );

  common(migrate.command("resume").description("Go on with a stopped, paused or blocked migration"))
    .argument("<name>", "the migration's metadata.name")
    .option("--dry-run", "print the changes still to come; change and record nothing")
    .option("--force", "go on even when spec.preflight.compare finds green not at parity (recorded)")
    .action((name: string, flags: CommonFlags & { dryRun?: boolean; force?: boolean }) =>
      run(async (terminal) =>
        (await import("./migrate-run.js")).resumeMigration(name, runFlags(flags), terminal),
      ),
    );

  common(migrate.command("status").description("Show one migration in detail, or list them all"))
    .argument("[name]", "the migration's metadata.name (default: all)")
    .action((name: string | undefined, flags: CommonFlags) =>
      run(async (terminal) =>
        (await import("./migrate-status.js")).showStatus(
          name,
          { ...storeOf(flags), output: format(flags) },
          terminal,
        ),
      ),
    );

  common(migrate.command("history").description("Show the event log of a migration"))
    .argument("<name>", "the migration's metadata.name")
    .action((name: string, flags: CommonFlags) =>
      run(async (terminal) =>
        (await import("./migrate-status.js")).showHistory(
          name,
          { ...storeOf(flags), output: format(flags) },
          terminal,
        ),
      ),
    );

  for (const [command, description] of Object.entries(CONTROL) as [ControlCommand, string][]) {
    const sub = common(migrate.command(command).description(description)).argument(
      "<name>",
      "the migration's metadata.name",
    );
    if (command === "rollback" || command === "abort")
      sub.option("--reason <text>", "why, for the event log");
    sub.action((name: string, flags: CommonFlags & { reason?: string }) =>
      run(async (terminal: Terminal) =>
        (await import("./migrate-control.js")).controlMigration(
          command,
          name,
          { ...storeOf(flags), output: format(flags), ...(flags.reason && { reason: flags.reason }) },
          terminal,
        ),
      ),
    );
  }
}

function common(command: Command): Command {
  return command
    .option("-o, --output <format>", `output format: ${MIGRATE_FORMATS.join("|")}`, "table")
    .option(
      "--store <location>",
      "state store: a SQLite file or postgres://… (default: $CUTOVER_STORE, else .cutover/state.db)",
    );
}

function format(flags: CommonFlags): Format {
  return choice("--output", flags.output, MIGRATE_FORMATS);
}

function storeOf(flags: CommonFlags): { store?: string } {
  return flags.store === undefined ? {} : { store: flags.store };
}

function runFlags(flags: CommonFlags & { dryRun?: boolean; force?: boolean }) {
  return {
    ...storeOf(flags),
    output: format(flags),
    ...(flags.dryRun && { dryRun: true }),
    ...(flags.force && { force: true }),
  };
}
