// `cutover dashboard [--store URL] [--listen HOST:PORT] [--token-file F] [--read-only]`: the web dashboard
// over the state store. Runs until Ctrl-C (exit 0). Usage mistakes (a bad --listen, an unreadable or empty
// token file) and a port already taken exit 2. The implementation is imported when the command runs.
import type { Command } from "commander";
import type { CommandRunner } from "../io.js";
import type { DashboardFlags } from "./dashboard-run.js";

export const DEFAULT_LISTEN = "127.0.0.1:7420";

export function registerDashboard(program: Command, run: CommandRunner): void {
  program
    .command("dashboard")
    .description("Watch and steer migrations in the browser (charts, timeline, approve/pause/rollback)")
    .option("--store <url>", "state store: a SQLite path or postgres://… (default .cutover/state.db)")
    .option("--listen <host:port>", "where to listen; beyond loopback put TLS in front", DEFAULT_LISTEN)
    .option("--token-file <file>", "read the actions' bearer token from this file (default: a random one)")
    .option("--read-only", "serve no action at all: watch only")
    .action((flags: DashboardFlags) =>
      run(async (terminal) => (await import("./dashboard-run.js")).runDashboard(flags, terminal)),
    );
}
