import type { Command } from "commander";
import { takeSnapshot } from "../../app/snapshot.js";
import { UsageError } from "../../core/errors.js";
import type { ResourcePage } from "../../sources/cluster.js";
import type { CommandRunner, Terminal } from "../io.js";

interface SnapshotFlags {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  out?: string;
  /** false with --no-secret-data. */
  secretData: boolean;
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
    .option(
      "--no-secret-data",
      "write each Secret value as its SHA-256 (keys kept, values comparable, not readable)",
    )
    .action((flags: SnapshotFlags) =>
      run(async (terminal) => {
        if (!flags.out) throw new UsageError("--out DIR is required: where to write the snapshot");
        const { out } = flags;
        const request = {
          ...flags,
          out,
          secretData: flags.secretData ? ("keep" as const) : ("sha256" as const),
        };
        const written = await takeSnapshot(request, (pages) => pagesWithProgress(pages, terminal));
        for (const warning of written.warnings) terminal.err(`warning: ${warning}`);
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
