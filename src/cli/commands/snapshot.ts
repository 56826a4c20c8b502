import type { Command } from "commander";
import { listClusterResources } from "../../sources/cluster.js";
import { writeSnapshot } from "../../sources/snapshot-writer.js";
import { UsageError } from "../io.js";
import type { CommandRunner } from "./scan.js";

interface SnapshotFlags {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  out?: string;
}

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
    .action((flags: SnapshotFlags) =>
      run(async (terminal) => {
        if (!flags.out) throw new UsageError("--out DIR is required: where to write the snapshot");
        const warnings: string[] = [];
        const pages = listClusterResources({
          context: flags.context,
          kubeconfig: flags.kubeconfig,
          namespace: flags.namespace,
          onWarning: (message: string) => warnings.push(message),
        });
        const written = await writeSnapshot(pages, flags.out);
        for (const warning of warnings) terminal.err(`warning: ${warning}`);
        terminal.out(`wrote ${written.objects} objects in ${written.files} files to ${flags.out}`);
        return 0;
      }),
    );
}
