// Live clusters as an object source: kubectl's kubeconfig conventions, discovery of every listable
// resource, paginated lists with bounded concurrency. Reads only; nothing is written to the cluster.
import type { EventBatch, SourceEvent } from "../core/types.js";
import { type ClusterClientOptions, clusterClient } from "./cluster-http.js";
import { type ListOptions, listResources, type ResourcePage } from "./cluster-list.js";
import { flattenBatches } from "./event-batches.js";
import { type KubeconfigOptions, loadKubeConfig } from "./kubeconfig.js";

export type { ResourceInfo } from "./cluster-discovery.js";
export type { ResourcePage } from "./cluster-list.js";

export interface ClusterReadOptions extends KubeconfigOptions, ListOptions, ClusterClientOptions {}

/** The pages of a live cluster, with what the snapshot manifest records about where they came from. */
export interface ClusterPages extends AsyncIterable<ResourcePage> {
  readonly context: string;
  /** Server URL without credentials. */
  readonly server: string;
  readonly namespace?: string;
  /** Warnings so far; complete once the pages have been read to the end. */
  readonly warnings: readonly string[];
}

/**
 * Every listable object of the cluster as pages of one resource each. The kubeconfig is loaded now
 * (a missing file or unknown context throws here); the cluster is read when the pages are iterated.
 */
export function listClusterResources(options: ClusterReadOptions = {}): ClusterPages {
  const loaded = loadKubeConfig(options);
  const client = clusterClient(loaded, options);
  const warnings: string[] = [];
  const onWarning = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  return {
    context: loaded.context,
    server: loaded.server,
    namespace: options.namespace,
    warnings,
    [Symbol.asyncIterator]: () => listResources(client, { ...options, onWarning }),
  };
}

/**
 * The cluster's objects as source events: each object with provenance `cluster:<context>` (no line),
 * and a warning for each resource that could not be listed.
 */
export function readCluster(options: ClusterReadOptions = {}): AsyncGenerator<SourceEvent> {
  return flattenBatches(readClusterBatches(options));
}

/** The same as readCluster, one batch per page (with the warnings that came before it). */
export async function* readClusterBatches(options: ClusterReadOptions = {}): AsyncGenerator<EventBatch> {
  const pending: string[] = [];
  const pages = listClusterResources({
    ...options,
    onWarning: (message) => {
      pending.push(message);
      options.onWarning?.(message);
    },
  });
  const file = `cluster:${pages.context}`;
  for await (const page of pages) {
    const batch = drain(pending);
    for (const object of page.items) {
      batch.push({ type: "object", item: { object, source: { file, line: null, origin: "manifest" } } });
    }
    yield batch;
  }
  yield drain(pending);
}

function drain(pending: string[]): EventBatch {
  return pending.splice(0).map((message) => ({ type: "warning", message }));
}
