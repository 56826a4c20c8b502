// Single namespaced objects of the fake API server: GET one, and PATCH one with a JSON merge patch
// (RFC 7386), as the ExternalDNS traffic provider does with annotations.
import type http from "node:http";
import type { FakeResource, RecordedRequest } from "./fake-apiserver.js";

type Json = Record<string, unknown>;

export interface ObjectTarget {
  resource: FakeResource;
  name: string;
  item: Json | undefined;
}

export interface ServeObjectContext {
  /** PATCH answers 403 (the resource is in `forbiddenPatch`). */
  forbidden: boolean;
  /** The request's record, completed with the PATCH's Content-Type and body. */
  recorded: RecordedRequest | undefined;
  send: (status: number, body: Json) => void;
  status: (code: number, reason: string, message: string) => Json;
}

/** `/api/v1/namespaces/NS/RESOURCE/NAME` or `/apis/GROUP/VERSION/namespaces/NS/RESOURCE/NAME`. */
export function findObject(pathname: string, resources: FakeResource[]): ObjectTarget | undefined {
  const match = /^\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(
    pathname,
  );
  if (!match) return undefined;
  const [, coreVersion, group, groupVersion, namespace, plural, name = ""] = match;
  const resource = resources.find(
    (r) =>
      r.namespaced &&
      r.resource === plural &&
      (coreVersion
        ? r.group === "" && r.version === coreVersion
        : r.group === group && r.version === groupVersion),
  );
  if (!resource) return undefined;
  const item = (resource.objects ?? []).find((o) => {
    const meta = o.metadata as Json | undefined;
    return meta?.name === name && meta?.namespace === decodeURIComponent(namespace ?? "");
  });
  return { resource, name, item };
}

export function serveObject(
  req: http.IncomingMessage,
  target: ObjectTarget,
  context: ServeObjectContext,
): void {
  const { send, status } = context;
  const notFound = () =>
    send(404, status(404, "NotFound", `${target.resource.resource} "${target.name}" not found`));
  if (req.method !== "PATCH") {
    if (target.item) send(200, withTypeMeta(target.resource, target.item));
    else notFound();
    return;
  }
  let text = "";
  req.on("data", (chunk) => {
    text += chunk;
  });
  req.on("end", () => {
    const contentType = String(req.headers["content-type"] ?? "");
    const body = JSON.parse(text || "null") as unknown;
    if (context.recorded) Object.assign(context.recorded, { contentType, body });
    if (context.forbidden) {
      const resource = target.resource.resource;
      const message = `${resource} "${target.name}" is forbidden: User "fake" cannot patch resource "${resource}"`;
      return send(403, status(403, "Forbidden", message));
    }
    if (!target.item) return notFound();
    if (!contentType.startsWith("application/merge-patch+json")) {
      return send(
        415,
        status(415, "UnsupportedMediaType", `only merge patches are supported, not ${contentType}`),
      );
    }
    const merged = mergePatch(target.item, body) as Json;
    for (const key of Object.keys(target.item)) delete target.item[key];
    Object.assign(target.item, merged);
    send(200, withTypeMeta(target.resource, target.item));
  });
}

function withTypeMeta(resource: FakeResource, item: Json): Json {
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  return { apiVersion, kind: resource.kind, ...item };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const result: Json =
    typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [key, value] of Object.entries(patch as Json)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
