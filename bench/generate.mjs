// Generates the synthetic manifest tree of the scan benchmark, a mix of:
//  - plain multi-document manifests (`---` between documents), as they sit in a Git repository;
//  - Helm-rendered files (`# Source: chart/templates/…` before each document);
//  - `kubectl get -o yaml` Lists of live objects (last-applied annotation, managedFields, status);
//  - files of live objects printed one by one (`kubectl get -o yaml` of single objects, joined by `---`).
// Files hold 1 to 120 documents, spread over two directory levels. Deterministic for a given size.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { liveObject, manifestObject } from "./objects.mjs";
import { emitYaml } from "./yaml-emit.mjs";

const DOCUMENTS_PER_FILE = [1, 8, 25, 50, 120, 40, 3];

function plainFile(ids) {
  return ids.map((i) => emitYaml(manifestObject(i))).join("---\n");
}

function helmFile(ids) {
  return ids
    .map(
      (i) =>
        `---\n# Source: suite/templates/${manifestObject(i).kind.toLowerCase()}.yaml\n${emitYaml(manifestObject(i))}`,
    )
    .join("");
}

function liveListFile(ids) {
  const list = {
    apiVersion: "v1",
    items: ids.map(liveObject),
    kind: "List",
    metadata: { resourceVersion: "" },
  };
  return emitYaml(list, { indentSeq: false });
}

function liveObjectsFile(ids) {
  return ids.map((i) => emitYaml(liveObject(i), { indentSeq: false })).join("---\n");
}

/** One cycle of 20 files: 14 manifests, 3 Helm-rendered, 2 live Lists, 1 file of live objects. */
const LAYOUT = [
  ["manifests", plainFile],
  ["manifests", plainFile],
  ["helm-rendered", helmFile],
  ["manifests", plainFile],
  ["snapshot", liveListFile],
  ["manifests", plainFile],
  ["manifests", plainFile],
  ["manifests", plainFile],
  ["helm-rendered", helmFile],
  ["manifests", plainFile],
  ["manifests", plainFile],
  ["snapshot", liveObjectsFile],
  ["manifests", plainFile],
  ["manifests", plainFile],
  ["helm-rendered", helmFile],
  ["manifests", plainFile],
  ["snapshot", liveListFile],
  ["manifests", plainFile],
  ["manifests", plainFile],
  ["manifests", plainFile],
];

/**
 * Writes `documents` objects (List items count one each) under `dir`, replacing what was there.
 * Returns { files, documents, bytes, live }: live = objects printed as live objects.
 */
export function generateTree(dir, documents) {
  rmSync(dir, { recursive: true, force: true });
  let written = 0;
  let bytes = 0;
  let live = 0;
  let files = 0;
  for (let f = 0; written < documents; f++) {
    const [area, render] = LAYOUT[f % LAYOUT.length];
    const count = Math.min(DOCUMENTS_PER_FILE[f % DOCUMENTS_PER_FILE.length], documents - written);
    const ids = Array.from({ length: count }, (_, k) => written + k);
    const sub = join(dir, area, `team-${f % 23}`, `app-${f % 7}`);
    mkdirSync(sub, { recursive: true });
    const text = render(ids);
    writeFileSync(join(sub, `file-${f}.yaml`), text);
    bytes += Buffer.byteLength(text);
    if (area === "snapshot") live += count;
    written += count;
    files++;
  }
  return { files, documents: written, bytes, live };
}
