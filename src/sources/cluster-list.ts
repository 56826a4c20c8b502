// Paginated lists of every discovered resource, a few resources at a time, page by page.
import type { KubeObject } from "../core/types.js";
import {
  clusterAccessError,
  discoverResources,
  type ResourceInfo,
  resourceLabel,
} from "./cluster-discovery.js";
import { type ClusterClient, ClusterRequestError } from "./cluster-http.js";
import { mergeBounded } from "./cluster-pool.js";

/** One page of one resource's list; items carry apiVersion and kind. */
export interface ResourcePage {
  resource: ResourceInfo;
  items: KubeObject[];
}

export interface ListOptions {
  /** Only this namespace's objects; cluster-scoped resources are then not listed. */
  namespace?: string;
  /** Resources listed at once (default 4). */
  concurrency?: number;
  /** Objects per list request (default 500, like kubectl). */
  pageSize?: number;
  /** Called for every resource or group that was skipped or read incompletely. */
  onWarning?: (message: string) => void;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_PAGE_SIZE = 500;

type ListEvent = { page: ResourcePage } | { warning: string };

/**
 * Discovers the cluster's listable resources and lists each of them page by page. Skipped resources
 * (forbidden, gone, not listable after all) are reported to `onWarning` and the rest go on.
 */
export async function* listResources(
  client: ClusterClient,
  options: ListOptions = {},
): AsyncGenerator<ResourcePage> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const warn = options.onWarning ?? (() => {});
  const discovery = await discoverResources(client, concurrency);
  for (const warning of discovery.warnings) warn(warning);
  const wanted = options.namespace
    ? discovery.resources.filter((resource) => resource.namespaced)
    : discovery.resources;
  const events = mergeBounded(wanted, concurrency, (resource) => listResource(client, resource, options));
  for await (const event of events) {
    if ("warning" in event) warn(event.warning);
    else yield event.page;
  }
}

/** The URL path that lists a resource: across all namespaces, or in one namespace. */
export function listPath(resource: ResourceInfo, namespace?: string): string {
  const prefix = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  const scope = namespace && resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${prefix}${scope}/${resource.resource}`;
}

/**
 * Lists one resource with `limit` and `continue`. An expired continue token (410 Gone) is continued
 * with the server's fresh token when it offers one, else the list restarts once, skipping the objects
 * already read; a second expiry ends that resource with a warning.
 */
async function* listResource(client: ClusterClient, resource: ResourceInfo, options: ListOptions) {
  const path = listPath(resource, options.namespace);
  const limit = String(options.pageSize ?? DEFAULT_PAGE_SIZE);
  const label = resourceLabel(resource);
  const seen = new Set<string>();
  let token: string | undefined;
  let restarted = false;
  while (true) {
    let list: unknown;
    try {
      list = await client.getJson(path, { limit, continue: token });
    } catch (error) {
      if (!(error instanceof ClusterRequestError)) throw error;
      if (error.status === 401) throw clusterAccessError(client, error);
      if (error.status === 410 && token !== undefined) {
        if (error.freshContinue) {
          yield warning(
            `${label}: the continue token expired (410); read the rest from the current state, ` +
              "so objects changed meanwhile may be missing or repeated",
          );
          token = error.freshContinue;
          continue;
        }
        if (!restarted) {
          restarted = true;
          token = undefined;
          continue;
        }
      }
      yield warning(skipMessage(label, error, seen.size));
      return;
    }
    const { items, continueToken } = readList(list, resource);
    const fresh = items.filter((item) => markSeen(seen, item));
    if (fresh.length > 0) yield { page: { resource, items: fresh } } satisfies ListEvent;
    if (!continueToken) return;
    token = continueToken;
  }
}

function warning(message: string): ListEvent {
  return { warning: message };
}

/** Why a resource was skipped or cut short, and what the user can do. */
function skipMessage(label: string, error: ClusterRequestError, alreadyRead: number): string {
  const partial = alreadyRead > 0 ? ` after ${alreadyRead} objects (the list is incomplete)` : "";
  switch (error.status) {
    case 403:
      return `skipped ${label}${partial}: forbidden (403) — grant list on it or ignore`;
    case 404:
      return `skipped ${label}${partial}: not found (404) — the API went away after discovery; run again or ignore`;
    case 405:
      return `skipped ${label}${partial}: list not allowed (405) — the resource cannot be listed; ignore`;
    case 410:
      return `skipped ${label}${partial}: the continue token expired twice (410) — run again`;
    default:
      return `skipped ${label}${partial}: ${error.status ? `${error.status} ` : ""}${error.reason}`;
  }
}

/** Items with apiVersion and kind set from the list (the API server omits them in lists). */
function readList(list: unknown, resource: ResourceInfo): { items: KubeObject[]; continueToken?: string } {
  const body = (typeof list === "object" && list !== null ? list : {}) as {
    items?: unknown;
    metadata?: { continue?: unknown };
  };
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const rawItems = Array.isArray(body.items) ? body.items : [];
  const items = rawItems
    .filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null)
    .map((item) => ({ apiVersion, kind: resource.kind, ...item }) as KubeObject);
  const token = body.metadata?.continue;
  return { items, continueToken: typeof token === "string" && token !== "" ? token : undefined };
}

/** Records an object as read; false when it was read before (after a restarted list). */
function markSeen(seen: Set<string>, item: KubeObject): boolean {
  const meta = item.metadata ?? {};
  const key = typeof meta.uid === "string" ? meta.uid : `${meta.namespace ?? ""}/${meta.name ?? ""}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
