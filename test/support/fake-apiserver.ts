// A small HTTP server on 127.0.0.1 that answers like a Kubernetes API server: discovery (/api, /apis,
// resource lists with subresources and non-listable resources), paginated lists honouring limit and
// continue, 403 for forbidden resources, 503 for broken groups, 410 for expired continue tokens.
// It records every request so tests can check pagination, auth headers and concurrency.
// Single namespaced objects can be read (GET) and changed with a JSON merge patch (PATCH), as the
// traffic providers do with annotations.
import { writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { findObject, serveObject } from "./fake-apiserver-objects.js";

type Json = Record<string, unknown>;

export interface FakeResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Default: the verbs of a listable resource. */
  verbs?: string[];
  /** Subresources announced in discovery (`status` → `pods/status`); never listable. */
  subresources?: string[];
  /** What lists return, in order (built-in objects come without apiVersion/kind, as from a real server). */
  objects?: Json[];
}

export interface FakeApiServerOptions {
  /** The Bearer token every request must carry (else 401). */
  token?: string;
  resources?: FakeResource[];
  /** Groups in /apis order with their preferred version; default: every group of `resources`, first version preferred. */
  preferred?: Record<string, string>;
  /** Resources (`core/v1/secrets`) whose lists answer 403. */
  forbidden?: string[];
  /** Group versions (`metrics.k8s.io/v1beta1`) whose discovery answers 503. */
  brokenGroups?: string[];
  /** Make continue tokens of one resource expire: once (restart), once with a fresh token, or always. */
  expireContinue?: { resource: string; mode: "restart" | "fresh-token" | "always" };
  /** Delay of each list answer, so that concurrent lists overlap. */
  latencyMs?: number;
  /** Resources (`networking.k8s.io/v1/ingresses`) whose objects answer 403 to PATCH. */
  forbiddenPatch?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** PATCH only: the Content-Type and the parsed body. */
  contentType?: string;
  body?: unknown;
}

export interface FakeApiServer {
  url: string;
  token: string;
  requests: RecordedRequest[];
  /** Most list requests answered at the same time. */
  readonly maxInFlight: number;
  /** Writes a kubeconfig with contexts `fake` (this server, current) and `other`; returns its path. */
  writeKubeconfig(dir: string, token?: string): string;
  close(): Promise<void>;
}

export const FAKE_TOKEN = "fake-token-7f3a9c";
export const OTHER_TOKEN = "other-secret-token-b41e";

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const token = options.token ?? FAKE_TOKEN;
  const resources = options.resources ?? defaultResources();
  const requests: RecordedRequest[] = [];
  const expired = new Set<string>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const auth = req.headers.authorization;
    requests.push({
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: auth,
    });
    const send = (status: number, body: Json) => {
      const text = JSON.stringify(body);
      const gzip = String(req.headers["accept-encoding"] ?? "").includes("gzip") && status === 200;
      res.writeHead(status, {
        "content-type": "application/json",
        ...(gzip ? { "content-encoding": "gzip" } : {}),
      });
      res.end(gzip ? gzipSync(text) : text);
    };
    if (auth !== `Bearer ${token}`) return send(401, status(401, "Unauthorized", "Unauthorized"));
    const object = findObject(url.pathname, resources);
    if (object) {
      const forbidden = options.forbiddenPatch?.includes(labelOf(object.resource)) ?? false;
      return serveObject(req, object, { forbidden, recorded: requests[requests.length - 1], send, status });
    }
    const discovery = discover(url.pathname, resources, options);
    if (discovery) return send(discovery.status, discovery.body);
    const target = findList(url.pathname, resources);
    if (!target)
      return send(404, status(404, "NotFound", `the server could not find the requested resource`));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      const answer = list(target, url.searchParams, options, expired);
      send(answer.status, answer.body);
    }, options.latencyMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    writeKubeconfig: (dir, withToken = token) => {
      const file = path.join(dir, "kubeconfig.yaml");
      writeFileSync(file, kubeconfigYaml(url, withToken), { mode: 0o600 });
      return file;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function kubeconfigYaml(server: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: fake-cluster
  cluster: { server: "${server}", insecure-skip-tls-verify: true }
- name: other-cluster
  cluster: { server: "http://127.0.0.1:9", insecure-skip-tls-verify: true }
contexts:
- name: fake
  context: { cluster: fake-cluster, user: fake-user }
- name: other
  context: { cluster: other-cluster, user: other-user }
current-context: fake
users:
- name: fake-user
  user: { token: "${token}" }
- name: other-user
  user: { token: "${OTHER_TOKEN}" }
`;
}

function status(code: number, reason: string, message: string, metadata: Json = {}): Json {
  return { kind: "Status", apiVersion: "v1", metadata, status: "Failure", message, reason, code };
}

export function labelOf(r: Pick<FakeResource, "group" | "version" | "resource">): string {
  return `${r.group || "core"}/${r.version}/${r.resource}`;
}

function discover(pathname: string, resources: FakeResource[], options: FakeApiServerOptions) {
  if (pathname === "/api") return { status: 200, body: { kind: "APIVersions", versions: ["v1"] } };
  if (pathname === "/apis") return { status: 200, body: groupList(resources, options) };
  const match = /^\/(?:api\/([^/]+)|apis\/([^/]+\/[^/]+))$/.exec(pathname);
  if (!match) return undefined;
  const groupVersion = match[1] ?? match[2] ?? "";
  if (options.brokenGroups?.includes(groupVersion)) {
    return {
      status: 503,
      body: status(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
    };
  }
  const served = resources.filter((r) => (r.group ? `${r.group}/${r.version}` : r.version) === groupVersion);
  if (served.length === 0) return { status: 404, body: status(404, "NotFound", "not found") };
  const entry = (r: FakeResource, name: string, verbs: string[]) => ({
    name,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs,
  });
  const entries = served.flatMap((r) => [
    entry(r, r.resource, r.verbs ?? LISTABLE),
    ...(r.subresources ?? []).map((sub) => entry(r, `${r.resource}/${sub}`, ["get", "patch", "update"])),
  ]);
  return { status: 200, body: { kind: "APIResourceList", groupVersion, resources: entries } };
}

/** The CRD group serves v1alpha1 first but prefers v1, as a CRD with a newer version does. */
const DEFAULT_PREFERRED: Record<string, string> = { "example.com": "v1" };

const LISTABLE = ["create", "delete", "get", "list", "patch", "update", "watch"];

function groupList(resources: FakeResource[], options: FakeApiServerOptions): Json {
  const versions = new Map<string, string[]>();
  for (const r of resources.filter((r) => r.group)) {
    const known = versions.get(r.group) ?? [];
    if (!known.includes(r.version)) known.push(r.version);
    versions.set(r.group, known);
  }
  const groups = [...versions].map(([name, served]) => {
    const preferred = (options.preferred ?? DEFAULT_PREFERRED)[name] ?? served[0] ?? "";
    const gv = (version: string) => ({ groupVersion: `${name}/${version}`, version });
    return { name, versions: served.map(gv), preferredVersion: gv(preferred) };
  });
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

interface ListTarget {
  resource: FakeResource;
  namespace?: string;
}

function findList(pathname: string, resources: FakeResource[]): ListTarget | undefined {
  const match = /^\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))\/(?:namespaces\/([^/]+)\/)?([^/]+)$/.exec(
    pathname,
  );
  if (!match) return undefined;
  const [, coreVersion, group, groupVersion, namespace, name] = match;
  const resource = resources.find(
    (r) =>
      r.resource === name &&
      (coreVersion
        ? r.group === "" && r.version === coreVersion
        : r.group === group && r.version === groupVersion),
  );
  if (!resource || (namespace && !resource.namespaced)) return undefined;
  return { resource, namespace: namespace ? decodeURIComponent(namespace) : undefined };
}

function list(
  target: ListTarget,
  query: URLSearchParams,
  options: FakeApiServerOptions,
  expired: Set<string>,
) {
  const { resource, namespace } = target;
  const label = labelOf(resource);
  if (!(resource.verbs ?? LISTABLE).includes("list")) {
    return { status: 405, body: status(405, "MethodNotAllowed", "the server does not allow this method") };
  }
  if (options.forbidden?.includes(label)) {
    const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
    const message = `${resource.resource} is forbidden: User "fake" cannot list resource "${resource.resource}" in API group "${resource.group}" ${scope}`;
    return { status: 403, body: status(403, "Forbidden", message) };
  }
  const token = query.get("continue") ?? "";
  const expire = options.expireContinue;
  if (token && expire?.resource === label && (expire.mode === "always" || !expired.has(label))) {
    expired.add(label);
    const fresh = expire.mode === "fresh-token" ? { continue: token } : {};
    return { status: 410, body: status(410, "Expired", "The provided continue parameter is too old", fresh) };
  }
  const all = (resource.objects ?? []).filter(
    (o) => !namespace || (o.metadata as Json)?.namespace === namespace,
  );
  const offset = token ? Number(token.split("|")[1]) : 0;
  const limit = Number(query.get("limit") ?? all.length) || all.length;
  const items = all.slice(offset, offset + limit);
  const next = offset + limit < all.length ? `${label}|${offset + limit}` : undefined;
  const listKind = `${resource.kind}List`;
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const metadata = {
    resourceVersion: "1000",
    ...(next ? { continue: next, remainingItemCount: all.length - offset - limit } : {}),
  };
  return { status: 200, body: { kind: listKind, apiVersion, metadata, items } };
}

/** Objects of `count` per namespace, named `<prefix>-<namespace>-<n>`. */
function objects(
  prefix: string,
  perNamespace: Record<string, number>,
  extra: (i: number) => Json = () => ({}),
): Json[] {
  return Object.entries(perNamespace).flatMap(([namespace, count]) =>
    Array.from({ length: count }, (_, i) => ({
      metadata: { name: `${prefix}-${namespace}-${i}`, namespace, uid: `${prefix}-${namespace}-${i}-uid` },
      ...extra(i),
    })),
  );
}

/**
 * Core v1 (with subresources, a non-listable resource and Secrets), apps, networking.k8s.io, their
 * legacy aliases (extensions, events.k8s.io) and a CRD group with two versions.
 */
export function defaultResources(): FakeResource[] {
  const ingresses = objects("web", { shop: 2 }, () => ({ spec: { ingressClassName: "alb" } }));
  const events = objects("evt", { default: 1 }, () => ({ reason: "Scheduled" }));
  const crd = (kind: string) => ({ apiVersion: "example.com/v1", kind });
  const widgets = objects("widget", { shop: 2 }, () => ({ ...crd("Widget"), spec: { size: 3 } }));
  const gadgets = [{ ...crd("Gadget"), metadata: { name: "gadget-0", uid: "gadget-0-uid" } }];
  const namespaces = ["default", "shop", "kube-system"].map((name) => ({
    metadata: { name, uid: `ns-${name}` },
  }));
  const secrets = objects("sec", { shop: 1 }, () => ({ data: { password: "aHVudGVyMg==" } }));
  const configMaps = objects("cm", { shop: 1, "kube-system": 1 }, () => ({ data: { mode: "on" } }));
  return [
    resource("/v1/namespaces", "Namespace", false, namespaces, { subresources: ["status", "finalize"] }),
    resource("/v1/pods", "Pod", true, objects("pod", { default: 4, shop: 3 }), {
      subresources: ["status", "log"],
    }),
    resource("/v1/secrets", "Secret", true, secrets),
    resource("/v1/configmaps", "ConfigMap", true, configMaps),
    resource("/v1/bindings", "Binding", true, [], { verbs: ["create"] }),
    resource("/v1/events", "Event", true, events),
    resource("apps/v1/deployments", "Deployment", true, objects("deploy", { default: 1, shop: 1 }), {
      subresources: ["scale", "status"],
    }),
    resource("networking.k8s.io/v1/ingresses", "Ingress", true, ingresses),
    resource("extensions/v1beta1/ingresses", "Ingress", true, ingresses),
    resource("events.k8s.io/v1/events", "Event", true, events),
    resource("example.com/v1alpha1/widgets", "Widget", true, []),
    resource("example.com/v1/widgets", "Widget", true, widgets),
    resource("example.com/v1/gadgets", "Gadget", false, gadgets),
    resource("metrics.k8s.io/v1beta1/pods", "PodMetrics", true, []),
  ];
}

/** A resource from `group/version/resource` (empty group for core: `/v1/pods`). */
function resource(
  gvr: string,
  kind: string,
  namespaced: boolean,
  items: Json[],
  rest: Partial<FakeResource> = {},
): FakeResource {
  const [group = "", version = "", name = ""] = gvr.split("/");
  return { group, version, resource: name, kind, namespaced, objects: items, ...rest };
}
