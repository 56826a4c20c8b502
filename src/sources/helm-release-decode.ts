// Helm v3 release records: how to recognise them and decode the release they store.
// Secret driver: data.release = base64(Helm's base64(gzip(JSON))), the Secret adding its own base64 layer.
// ConfigMap driver: data.release = Helm's base64(gzip(JSON)), ConfigMap data being plain text.
import { gunzipSync } from "node:zlib";
import { CutoverError, messageOf } from "../core/errors.js";
import type { KubeObject } from "../core/types.js";

export const HELM_SECRET_TYPE = "helm.sh/release.v1";

/** gzip's magic bytes and deflate method, which Helm checks before gunzipping (older records are plain). */
const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** A decoded release that inflates past this is not a release record (and would exhaust memory). */
const MAX_RELEASE_BYTES = 512 * 1024 * 1024;

/** A release record found in an object: its name for messages, and Helm's encoded release or the problem. */
export type ReleaseRecord = { record: string; payload: string } | { record: string; problem: string };

/** What a release says about itself, plus its rendered manifest. */
export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  /** info.status: deployed, superseded, failed, uninstalled, pending-install, … */
  status: string;
  manifest: string;
  chart?: string;
}

/** The release record an object is, if it is a Helm v3 Secret or ConfigMap record; undefined otherwise. */
export function releaseRecordOf(object: KubeObject): ReleaseRecord | undefined {
  const isSecret = object.kind === "Secret" && object.type === HELM_SECRET_TYPE;
  const isConfigMap = object.kind === "ConfigMap" && object.metadata?.labels?.owner === "helm";
  if (!isSecret && !isConfigMap) return undefined;
  const record = recordName(object);
  const data = object.data as Record<string, unknown> | undefined;
  const release = data?.release;
  if (typeof release !== "string" || release === "") {
    return { record, problem: "has no data.release (was it dumped without its data?)" };
  }
  if (isConfigMap) return { record, payload: release };
  if (release.startsWith("sha256:"))
    return { record, problem: "data.release is a hash, written by `cutover snapshot --no-secret-data`" };
  if (!isBase64(release)) return { record, problem: "data.release is not base64, as Secret data must be" };
  return { record, payload: Buffer.from(release, "base64").toString("latin1") };
}

/** "Secret namespace/name" (or ConfigMap), to name the record in messages. */
export function recordName(object: KubeObject): string {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind} ${namespace ? `${namespace}/` : ""}${name ?? "(unnamed)"}`;
}

/** Error thrown when a payload does not decode; the message says which layer failed. */
export class ReleaseDecodeError extends CutoverError {}

/**
 * The release in Helm's encoded payload: base64, gunzipped when it starts with the gzip magic, JSON.
 * `fallbackNamespace` is used when the release JSON does not say its namespace (Helm 3.0 records).
 */
export function decodeRelease(payload: string, fallbackNamespace = "default"): HelmRelease {
  if (!isBase64(payload)) throw new ReleaseDecodeError("the release payload is not base64");
  let bytes: Buffer = Buffer.from(payload, "base64");
  if (GZIP_MAGIC.every((byte, index) => bytes[index] === byte)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES });
    } catch (error) {
      throw new ReleaseDecodeError(`the release payload is not valid gzip (${messageOf(error)})`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new ReleaseDecodeError(`the release is not JSON (${messageOf(error)})`);
  }
  return releaseFromJson(json, fallbackNamespace);
}

function releaseFromJson(json: unknown, fallbackNamespace: string): HelmRelease {
  if (typeof json !== "object" || json === null)
    throw new ReleaseDecodeError("the release JSON is not an object");
  const { name, namespace, version, info, manifest, chart } = json as Record<string, unknown>;
  if (typeof name !== "string" || name === "") throw new ReleaseDecodeError("the release JSON has no name");
  if (typeof version !== "number") throw new ReleaseDecodeError("the release JSON has no numeric version");
  const status = (info as { status?: unknown } | undefined)?.status;
  const chartMeta = (chart as { metadata?: { name?: unknown; version?: unknown } } | undefined)?.metadata;
  return {
    name,
    namespace: typeof namespace === "string" && namespace !== "" ? namespace : fallbackNamespace,
    revision: version,
    status: typeof status === "string" ? status : "unknown",
    manifest: typeof manifest === "string" ? manifest : "",
    ...(typeof chartMeta?.name === "string"
      ? { chart: `${chartMeta.name}-${String(chartMeta.version ?? "")}` }
      : {}),
  };
}

/** Standard or URL-safe base64, padding optional, line breaks allowed (kubectl never wraps, others do). */
function isBase64(text: string): boolean {
  return !/[^A-Za-z0-9+/=_\-\s]/.test(text);
}
