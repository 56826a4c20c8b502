// `cutover snapshot`: every listable object of a live cluster, read page by page and written to a directory.
import type { ResourcePage } from "../sources/cluster.js";
import { writeSnapshot } from "../sources/snapshot-writer.js";

export interface SnapshotRequest {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  out: string;
  /** Secrets' values as read, or as SHA-256 hashes (`--no-secret-data`). */
  secretData?: "keep" | "sha256";
}

export interface SnapshotOutcome {
  objects: number;
  files: number;
  warnings: string[];
}

/** `watchPages` sees each page as it is read (the CLI's progress line). */
export async function takeSnapshot(
  request: SnapshotRequest,
  watchPages: (pages: AsyncIterable<ResourcePage>) => AsyncIterable<ResourcePage> = (pages) => pages,
): Promise<SnapshotOutcome> {
  const warnings: string[] = [];
  // Loaded here, not at start-up: client-node is heavy and only this command and --context need it.
  const { listClusterResources } = await import("../sources/cluster.js");
  const pages = listClusterResources({
    context: request.context,
    kubeconfig: request.kubeconfig,
    namespace: request.namespace,
    onWarning: (message: string) => warnings.push(message),
  });
  const written = await writeSnapshot(watchPages(pages), request.out, {
    context: pages.context,
    server: pages.server,
    namespace: pages.namespace,
    warnings: pages.warnings,
    secretData: request.secretData ?? "keep",
  });
  return { ...written, warnings };
}
