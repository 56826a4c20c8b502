// `cutover snapshot`: the flags. The implementation (cluster reads, the writer) is imported when it runs.
import type { Command } from "commander";
import type { CommandRunner } from "../io.js";
import type { SnapshotFlags } from "./snapshot-run.js";

export function registerSnapshot(program: Command, run: CommandRunner): void {
  program
    .command("snapshot")
    .description(
      "Save every listable object of a live cluster to a directory for offline scan/plan (reads only)",
    )
    .option("--context <name>", "kubeconfig context to read (default: the current context)")
    .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
    .option("-n, --namespace <name>", "only this namespace")
    .option("--out <dir>", "directory to write (created; files are written with mode 0600)")
    .option(
      "--no-secret-data",
      "write each Secret value as its SHA-256 (keys kept, values comparable, not readable)",
    )
    .action((flags: SnapshotFlags) =>
      run(async (terminal) => (await import("./snapshot-run.js")).snapshot(flags, terminal)),
    );
}
