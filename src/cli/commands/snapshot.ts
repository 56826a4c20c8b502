import type { Command } from "commander";
import type { ResourcePage } from "../../sources/cluster.js";
import { writeSnapshot } from "../../sources/snapshot-writer.js";
import { type Terminal, UsageError } from "../io.js";
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
        // Loaded here, not at start-up: client-node is heavy and only this command and --context need it.
        const { listClusterResources } = await import("../../sources/cluster.js");
        const pages = listClusterResources({
          context: flags.context,
          kubeconfig: flags.kubeconfig,
          namespace: flags.namespace,
          onWarning: (message: string) => warnings.push(message),
        });
        const written = await writeSnapshot(pagesWithProgress(pages, terminal), flags.out, {
          context: pages.context,
          server: pages.server,
          namespace: pages.namespace,
          warnings: pages.warnings,
        });
        for (const warning of warnings) terminal.err(`warning: ${warning}`);
        terminal.out(`wrote ${written.objects} objects in ${written.files} files to ${flags.out}`);
        return 0;
      }),
    );
}

/** On a terminal, one status line with the resources and objects read so far. */
async function* pagesWithProgress(pages: AsyncIterable<ResourcePage>, terminal: Terminal) {
  const resources = new Set<string>();
  let objects = 0;
  try {
    for await (const page of pages) {
      resources.add(`${page.resource.group}/${page.resource.resource}`);
      objects += page.items.length;
      terminal.status?.(`read ${objects} objects from ${resources.size} resources…`);
      yield page;
    }
  } finally {
    terminal.status?.("");
  }
}
