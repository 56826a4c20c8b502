// The bundled knowledge base, parsed and validated once by `npm run build` (scripts/cache-knowledge.mjs)
// and stored as JSON beside the compiled loader, so that a command starts without the YAML parser and the
// schema library (about 0.3 s of every start). The cache names a hash of the data files it was made
// from: after any edit of those files it no longer matches and the data files are read again.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { KnowledgeBase } from "../core/knowledge.js";
import { DATA_FILES } from "./data-dir.js";

/** What the cache file holds. */
interface BundledCache {
  dataHash: string;
  knowledge: KnowledgeBase;
}

/** Where the compiled loader keeps the cache (dist/knowledge/); under vitest, src/ has none. */
export const BUNDLED_CACHE_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "bundled-knowledge.json",
);

/** sha256 over every data file's name and bytes, in DATA_FILES order. */
export function dataHash(dataDir: string): string {
  const hash = createHash("sha256");
  for (const name of Object.values(DATA_FILES)) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(path.join(dataDir, name)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** The cached knowledge base when `cacheFile` exists and was made from the data files in `dataDir`. */
export function readBundledCache(dataDir: string, cacheFile = BUNDLED_CACHE_FILE): KnowledgeBase | undefined {
  let cache: BundledCache;
  try {
    cache = JSON.parse(readFileSync(cacheFile, "utf8")) as BundledCache;
  } catch {
    return undefined;
  }
  return cache.dataHash === dataHash(dataDir) ? cache.knowledge : undefined;
}

/** Stores `knowledge`, loaded and validated from `dataDir`, as the cache. */
export function writeBundledCache(
  knowledge: KnowledgeBase,
  dataDir: string,
  cacheFile = BUNDLED_CACHE_FILE,
): void {
  const cache: BundledCache = { dataHash: dataHash(dataDir), knowledge };
  writeFileSync(cacheFile, `${JSON.stringify(cache)}\n`);
}
