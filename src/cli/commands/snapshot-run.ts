// What `cutover snapshot` does once its flags are parsed: read the cluster, write the directory, say what
// was written.
import { takeSnapshot } from "../../app/snapshot.js";
import { UsageError } from "../../core/errors.js";
import type { ResourcePage } from "../../sources/cluster.js";
import type { Terminal } from "../io.js";

export interface SnapshotFlags {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  out?: string;
  /** false with --no-secret-data. */
  secretData: boolean;
}

export async function snapshot(flags: SnapshotFlags, terminal: Terminal): Promise<number> {
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
