// `snapshot --no-secret-data`: a Secret's values replaced by the SHA-256 of each value (of the decoded
// bytes for `data`, of the text for `stringData`), its keys kept, so that two snapshots (or a snapshot and
// the desired manifests) can still tell whether a value changed without holding it. The copy kubectl
// keeps in the last-applied-configuration annotation is hashed the same way.
import { createHash } from "node:crypto";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

type Json = Record<string, unknown>;

/** "sha256:<hex>" of `bytes`. */
export function secretValueHash(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** A copy of the Secret `item` whose data, stringData and last-applied copy hold hashes, not values. */
export function hashSecretValues(item: unknown): unknown {
  if (!isObject(item)) return item;
  const hashed: Json = { ...item };
  if (isObject(item.data)) hashed.data = mapValues(item.data, (value) => Buffer.from(value, "base64"));
  if (isObject(item.stringData)) hashed.stringData = mapValues(item.stringData, (value) => value);
  const metadata = item.metadata;
  const annotations = isObject(metadata) ? metadata.annotations : undefined;
  const lastApplied = isObject(annotations) ? annotations[LAST_APPLIED] : undefined;
  if (isObject(metadata) && isObject(annotations) && typeof lastApplied === "string") {
    hashed.metadata = {
      ...metadata,
      annotations: { ...annotations, [LAST_APPLIED]: hashLastApplied(lastApplied) },
    };
  }
  return hashed;
}

/** The annotation's JSON with its values hashed; text that is not JSON is hashed whole. */
function hashLastApplied(text: string): string {
  try {
    return JSON.stringify(hashSecretValues(JSON.parse(text)));
  } catch {
    return secretValueHash(text);
  }
}

function mapValues(values: Json, bytesOf: (value: string) => Buffer | string): Json {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, secretValueHash(bytesOf(String(value ?? "")))]),
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
