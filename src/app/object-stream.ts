import { availableParallelism } from "node:os";
import { UsageError } from "../core/errors.js";
import type { EventBatch } from "../core/types.js";
import { readPathBatches } from "../sources/files.js";
import { expandHelmReleaseBatches } from "../sources/helm-release.js";

/** Where a command reads objects from: paths (files, dirs, `-`), a snapshot directory, or a live context. */
export interface ObjectSourceOptions {
  paths: string[];
  snapshot?: string;
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  allHelmRevisions?: boolean;
  /** Threads that parse files, this one and N − 1 workers (default: defaultJobs()); the stream is the same. */
  jobs?: number;
  stdin: NodeJS.ReadableStream;
  /** A path without any Kubernetes object is a warning, not an input error (`--allow-empty`). */
  allowEmpty?: boolean;
}

/**
 * One stream of objects from whichever inputs were given, in batches (one per file or cluster page).
 * Helm release records found in any input are expanded into the objects of their manifests.
 */
export function objectStream(options: ObjectSourceOptions): AsyncIterable<EventBatch> {
  const { paths, snapshot, context, kubeconfig } = options;
  // As with kubectl, --kubeconfig alone means that file's current context.
  const live = context !== undefined || kubeconfig !== undefined;
  if (paths.length === 0 && !snapshot && !live) {
    throw new UsageError(
      "nothing to read: give PATH… (files, directories or - for stdin), --snapshot DIR, or --context NAME / --kubeconfig FILE for a live cluster",
    );
  }
  const inputs: AsyncIterable<EventBatch>[] = [];
  const filePaths = snapshot ? [...paths, snapshot] : paths;
  if (filePaths.length > 0)
    inputs.push(
      readPathBatches(filePaths, {
        stdin: options.stdin,
        jobs: options.jobs ?? defaultJobs(),
        allowEmpty: options.allowEmpty,
      }),
    );
  if (live) inputs.push(liveCluster({ context, kubeconfig, namespace: options.namespace }));
  return expandHelmReleaseBatches(concat(inputs), { allRevisions: options.allHelmRevisions });
}

/**
 * Threads that parse files when --jobs is not given. Measured on 2 cores (README, Speed and memory): a
 * second reader costs more in start-up and copying than the second core saves, so such a machine reads
 * on one thread; with more cores, one per core.
 */
export function defaultJobs(cores = availableParallelism()): number {
  return cores <= 2 ? 1 : cores;
}

/** client-node is loaded only when a live cluster is read: it costs ~1 s and ~80 MB at start-up. */
async function* liveCluster(options: {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
}): AsyncIterable<EventBatch> {
  const { readClusterBatches } = await import("../sources/cluster.js");
  yield* readClusterBatches(options);
}

async function* concat(streams: AsyncIterable<EventBatch>[]): AsyncIterable<EventBatch> {
  for (const stream of streams) yield* stream;
}
