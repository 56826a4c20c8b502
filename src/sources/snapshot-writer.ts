// Writes what was read from a live cluster as a snapshot directory: one `kind: List` YAML file per
// resource, as `kubectl get -o yaml` prints it, so `--snapshot DIR` reads it back like any manifests.
// Objects are kept whole (Secrets included: it is the user's own copy), so the directory is 0700 and
// its files 0600; with `secretData: "sha256"` a Secret's values are replaced by their hashes
// (secret-hash.ts). Pages are appended as they come: memory holds one page, not the cluster.
import { appendFile, chmod, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import type { ResourceInfo } from "./cluster-discovery.js";
import type { ResourcePage } from "./cluster-list.js";
import { hashSecretValues } from "./secret-hash.js";

export interface SnapshotMeta {
  context?: string;
  /** Server URL without credentials. */
  server?: string;
  namespace?: string;
  /** Warnings of the read (complete once the pages are read); ClusterPages carries them itself. */
  warnings?: readonly string[];
  /** When the snapshot was taken (default: now). */
  now?: Date;
  /** Secrets' values as read ("keep", the default) or as SHA-256 hashes (`--no-secret-data`). */
  secretData?: "keep" | "sha256";
}

export interface SnapshotFile {
  file: string;
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  objects: number;
}

export interface SnapshotSummary {
  files: number;
  objects: number;
  warnings: string[];
}

/** The manifest's own file name; it is a Kubernetes-style object so file readers take it in stride. */
export const MANIFEST_FILE = "snapshot.json";

// YAML 1.1 quoting ("on", "yes", "1:20" stay strings for go-yaml readers such as kubectl too), no line
// folding (annotations holding JSON stay on one line), no anchors.
const YAML_OPTIONS = { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * Writes every page to `<group or core>_<version>_<resource>.yaml` under `outDir` (created, or an
 * existing empty directory) and a `snapshot.json` manifest. Context, server and warnings come from
 * `meta`, or from the pages themselves when they are a cluster's ClusterPages.
 */
export async function writeSnapshot(
  pages: AsyncIterable<ResourcePage>,
  outDir: string,
  meta: SnapshotMeta = {},
): Promise<SnapshotSummary> {
  const source = { ...metaOf(pages), ...meta };
  await prepareDirectory(outDir);
  const files = new Map<string, SnapshotFile>();
  for await (const page of pages) {
    if (page.items.length === 0) continue;
    const name = fileName(page.resource);
    const target = path.join(outDir, name);
    const items =
      source.secretData === "sha256" && isSecret(page.resource)
        ? page.items.map(hashSecretValues)
        : page.items;
    const text = stringify(items, YAML_OPTIONS);
    const entry = files.get(name);
    if (entry) {
      await appendFile(target, text, { mode: 0o600 });
      entry.objects += page.items.length;
    } else {
      await writeFile(target, `apiVersion: v1\nkind: List\nitems:\n${text}`, { mode: 0o600, flag: "wx" });
      files.set(name, { file: name, ...describe(page.resource), objects: page.items.length });
    }
  }
  const entries = [...files.values()].sort((a, b) => a.file.localeCompare(b.file));
  const objects = entries.reduce((sum, entry) => sum + entry.objects, 0);
  const warnings = [...(source.warnings ?? [])];
  await writeFile(path.join(outDir, MANIFEST_FILE), manifest(source, entries, objects, warnings), {
    mode: 0o600,
    flag: "wx",
  });
  return { files: entries.length, objects, warnings };
}

function isSecret(resource: ResourceInfo): boolean {
  return resource.group === "" && resource.kind === "Secret";
}

/** `<group or core>_<version>_<resource>.yaml`, with anything unusual in a name replaced by `_`. */
export function fileName(resource: Pick<ResourceInfo, "group" | "version" | "resource">): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9.-]/g, "_").replace(/^\.+/, "_");
  return `${safe(resource.group || "core")}_${safe(resource.version)}_${safe(resource.resource)}.yaml`;
}

/** Creates the directory 0700, or takes an existing empty one (and makes it 0700): never mixes snapshots. */
async function prepareDirectory(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const existing = await readdir(outDir);
  if (existing.length > 0) {
    throw new Error(
      `snapshot directory ${outDir} is not empty (${existing.length} entries); choose a new directory`,
    );
  }
  await chmod(outDir, 0o700);
}

function metaOf(pages: AsyncIterable<ResourcePage>): SnapshotMeta {
  const candidate = pages as Partial<Record<"context" | "server" | "namespace" | "warnings", unknown>>;
  return {
    context: typeof candidate.context === "string" ? candidate.context : undefined,
    server: typeof candidate.server === "string" ? candidate.server : undefined,
    namespace: typeof candidate.namespace === "string" ? candidate.namespace : undefined,
    warnings: Array.isArray(candidate.warnings) ? (candidate.warnings as string[]) : undefined,
  };
}

function describe(resource: ResourceInfo): Omit<SnapshotFile, "file" | "objects"> {
  const { group, version, resource: name, kind, namespaced } = resource;
  return { group, version, resource: name, kind, namespaced };
}

function manifest(source: SnapshotMeta, files: SnapshotFile[], objects: number, warnings: string[]): string {
  const document = {
    apiVersion: "cutover.dev/v1alpha1",
    kind: "Snapshot",
    metadata: { name: "snapshot" },
    context: source.context ?? null,
    server: source.server ?? null,
    namespace: source.namespace ?? null,
    createdAt: (source.now ?? new Date()).toISOString(),
    secretData: source.secretData ?? "keep",
    objects,
    files,
    warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
