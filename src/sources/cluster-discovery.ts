// Discovery of every listable resource of a cluster, at each API group's preferred version.
// The API server serves every stored object at all versions of its group, so one version per group
// lists every object once; the version an object was written with comes from its last-applied
// annotation and managedFields, not from the version we list it at.
import { z } from "zod";
import { type ClusterClient, ClusterRequestError } from "./cluster-http.js";
import { mergeBounded } from "./cluster-pool.js";

/** One listable resource: what to list and how to type its items. */
export interface ResourceInfo {
  /** API group; "" for the core group. */
  group: string;
  version: string;
  /** Plural resource name as in the URL (`deployments`). */
  resource: string;
  kind: string;
  namespaced: boolean;
}

export interface Discovery {
  resources: ResourceInfo[];
  /** Groups whose discovery failed (e.g. an aggregated API whose backend is down). */
  warnings: string[];
}

const ApiVersions = z.object({ versions: z.array(z.string()) });
const GroupVersion = z.object({ groupVersion: z.string(), version: z.string() });
const ApiGroupList = z.object({
  groups: z
    .array(
      z.object({
        name: z.string(),
        versions: z.array(GroupVersion),
        preferredVersion: GroupVersion.optional(),
      }),
    )
    .default([]),
});
const ApiResourceList = z.object({
  resources: z
    .array(
      z.object({ name: z.string(), kind: z.string(), namespaced: z.boolean(), verbs: z.array(z.string()) }),
    )
    .default([]),
});

/**
 * Older groups that serve the same stored objects as a newer one. Listing both would report each
 * Ingress twice, once at the removed `extensions/v1beta1`: a false "removed API" finding.
 * Each entry: the resource in `group` is skipped when `servedBy` also serves it.
 */
const SAME_OBJECTS_AS: { group: string; resource: string; servedBy: string }[] = [
  { group: "extensions", resource: "deployments", servedBy: "apps" },
  { group: "extensions", resource: "daemonsets", servedBy: "apps" },
  { group: "extensions", resource: "replicasets", servedBy: "apps" },
  { group: "extensions", resource: "ingresses", servedBy: "networking.k8s.io" },
  { group: "extensions", resource: "networkpolicies", servedBy: "networking.k8s.io" },
  { group: "extensions", resource: "podsecuritypolicies", servedBy: "policy" },
  { group: "events.k8s.io", resource: "events", servedBy: "" },
];

/** The group/version/resource as warnings and file names show it (`core/v1/pods`, `apps/v1/deployments`). */
export function resourceLabel(resource: Pick<ResourceInfo, "group" | "version" | "resource">): string {
  return `${resource.group || "core"}/${resource.version}/${resource.resource}`;
}

/**
 * Finds the listable resources: the core group's versions, then each group at its preferred version.
 * `/api` and `/apis` failing is fatal (the cluster cannot be read); one group failing is a warning.
 */
export async function discoverResources(client: ClusterClient, concurrency = 4): Promise<Discovery> {
  const coreVersions = (await fetchFatal(client, "/api", ApiVersions)).versions;
  const groups = (await fetchFatal(client, "/apis", ApiGroupList)).groups;
  const targets = [
    ...coreVersions.map((version) => ({ group: "", version, path: `/api/${version}` })),
    ...groups.flatMap((group) => {
      const preferred = group.preferredVersion ?? group.versions[0];
      return preferred
        ? [{ group: group.name, version: preferred.version, path: `/apis/${preferred.groupVersion}` }]
        : [];
    }),
  ];
  const found = new Map<string, ResourceInfo[]>();
  const warnings: string[] = [];
  const results = mergeBounded(targets, concurrency, async function* (target) {
    yield { target, outcome: await groupResources(client, target.group, target.version, target.path) };
  });
  for await (const { target, outcome } of results) {
    if (typeof outcome === "string") warnings.push(outcome);
    else found.set(target.path, outcome);
  }
  // Keep discovery order (core first, then groups as the server lists them), whatever order answers came in.
  const resources = targets.flatMap((target) => found.get(target.path) ?? []);
  return { resources: withoutDuplicateGroups(resources), warnings };
}

async function fetchFatal<T>(client: ClusterClient, path: string, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await client.getJson(path);
  } catch (error) {
    if (error instanceof ClusterRequestError) throw clusterAccessError(client, error);
    throw error;
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const unexpected = new ClusterRequestError(200, path, "unexpected discovery document");
  throw clusterAccessError(client, unexpected);
}

/** An error that stops reading the cluster altogether, with what to do about it. */
export function clusterAccessError(client: ClusterClient, error: ClusterRequestError): Error {
  const where = `context "${client.context}" (${client.server})`;
  const hint =
    error.status === 401
      ? "the credentials were rejected; refresh them (e.g. aws sso login, aws eks update-kubeconfig)"
      : error.status === 403
        ? "the user may not read API discovery; check its RBAC"
        : error.status === 0
          ? "check that the cluster is reachable and the kubeconfig is current"
          : "is this a Kubernetes API server?";
  return new Error(`cannot read cluster ${where}: ${error.message} — ${hint}`);
}

async function groupResources(
  client: ClusterClient,
  group: string,
  version: string,
  path: string,
): Promise<ResourceInfo[] | string> {
  const label = group ? `${group}/${version}` : version;
  let body: unknown;
  try {
    body = await client.getJson(path);
  } catch (error) {
    if (!(error instanceof ClusterRequestError)) throw error;
    if (error.status === 401) throw clusterAccessError(client, error);
    return `skipped API group ${label}: discovery failed (${error.status || "no answer"}: ${error.reason}) — if it is an aggregated API, check \`kubectl get apiservices\``;
  }
  const parsed = ApiResourceList.safeParse(body);
  if (!parsed.success) return `skipped API group ${label}: its discovery document is not an APIResourceList`;
  return parsed.data.resources
    .filter((resource) => !resource.name.includes("/") && resource.verbs.includes("list"))
    .map((resource) => ({
      group,
      version,
      resource: resource.name,
      kind: resource.kind,
      namespaced: resource.namespaced,
    }));
}

function withoutDuplicateGroups(resources: ResourceInfo[]): ResourceInfo[] {
  const served = new Set(resources.map((resource) => `${resource.group}|${resource.resource}`));
  return resources.filter(
    (resource) =>
      !SAME_OBJECTS_AS.some(
        (alias) =>
          alias.group === resource.group &&
          alias.resource === resource.resource &&
          served.has(`${alias.servedBy}|${alias.resource}`),
      ),
  );
}
