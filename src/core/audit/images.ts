// Container image references: "registry/path:tag@digest" split into the parts the audit needs to name a
// component and its version ("quay.io/argoproj/argocd:v2.8.4" → argoproj/argocd, tag v2.8.4, 2.8.4).

export interface ImageRef {
  /** The reference as written. */
  image: string;
  /** "quay.io", "602401143452.dkr.ecr.us-west-2.amazonaws.com", "localhost:5000"; null for Docker Hub short names. */
  registry: string | null;
  /** Repository path without registry, tag or digest; Docker Hub's "library/" prefix is dropped. */
  path: string;
  /** Last segment of the path ("argocd"). */
  name: string;
  tag: string | null;
  /** "sha256:…" when pinned by digest. */
  digest: string | null;
  /** The dotted version the tag starts with ("v1.10.1-eksbuild.1" → "1.10.1"); null for "latest", "alpine", none. */
  version: string | null;
}

/** A first path segment is a registry when it looks like a host: a dot, a port, or localhost. */
function isRegistryHost(segment: string): boolean {
  return segment.includes(".") || segment.includes(":") || segment === "localhost";
}

/** Versions are dotted numbers at the start of a tag, after an optional v / release- / stable- prefix. */
const TAG_VERSION = /^(?:v|release-|stable-)?(\d+\.\d+(?:\.\d+)?)/i;

export function versionOfTag(tag: string | null): string | null {
  if (tag === null) return null;
  return TAG_VERSION.exec(tag)?.[1] ?? null;
}

export function parseImage(image: string): ImageRef {
  const trimmed = image.trim();
  const at = trimmed.indexOf("@");
  const digest = at === -1 ? null : trimmed.slice(at + 1) || null;
  const withoutDigest = at === -1 ? trimmed : trimmed.slice(0, at);
  const slash = withoutDigest.indexOf("/");
  const first = slash === -1 ? "" : withoutDigest.slice(0, slash);
  const registry = slash !== -1 && isRegistryHost(first) ? first : null;
  const remainder = registry === null ? withoutDigest : withoutDigest.slice(slash + 1);
  // A colon after the last slash separates the tag; one before it belongs to a registry port.
  const colon = remainder.lastIndexOf(":");
  const hasTag = colon > remainder.lastIndexOf("/");
  const tag = hasTag ? remainder.slice(colon + 1) || null : null;
  const repository = hasTag ? remainder.slice(0, colon) : remainder;
  const dockerHub = registry === null || registry === "docker.io" || registry === "index.docker.io";
  const path =
    dockerHub && repository.startsWith("library/") ? repository.slice("library/".length) : repository;
  const name = path.slice(path.lastIndexOf("/") + 1);
  return { image, registry, path, name, tag, digest, version: versionOfTag(tag) };
}

/** What evidence shows for an image's version: the tag, else the short digest, else "untagged". */
export function displayVersion(ref: ImageRef): string {
  if (ref.tag !== null) return ref.tag;
  if (ref.digest !== null) return `@${ref.digest.slice(0, 19)}`;
  return "untagged";
}
