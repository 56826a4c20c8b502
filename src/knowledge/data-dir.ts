// Where the bundled knowledge data files are, and their names. Imports no parser: the cached start-up
// path (load-cached.ts) needs only this.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { KnowledgeError } from "./knowledge-error.js";

/** The data files of the knowledge base (the others are loaded by the commands that need them). */
export const DATA_FILES = {
  versions: "versions.yaml",
  apis: "apis.yaml",
  crdApis: "crd-apis.yaml",
  platformNotes: "platform-notes.yaml",
  eksCalendar: "eks-calendar.yaml",
  addons: "addons.yaml",
  skew: "skew.yaml",
} as const;

/**
 * The bundled data directory. From src/ (vitest, tsx) it sits next to this module; from the compiled
 * dist/knowledge/ it is ../../src/knowledge/data (the package ships src/knowledge/data).
 */
export function defaultDataDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "data"), path.resolve(here, "../../src/knowledge/data")];
  const found = candidates.find((dir) => existsSync(path.join(dir, DATA_FILES.apis)));
  if (!found) {
    throw new KnowledgeError(
      `knowledge data not found: looked for ${DATA_FILES.apis} in ${candidates.join(" and ")}; reinstall the package`,
      candidates[0] ?? here,
    );
  }
  return found;
}
