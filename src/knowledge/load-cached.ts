// The knowledge base as a command starts: from the build's cache when only bundled data is used and the
// cache matches it, else loaded and validated from the data files (load.ts, imported only then).
import type { KnowledgeBase } from "../core/knowledge.js";
import { readBundledCache } from "./bundled-cache.js";
import { defaultDataDir } from "./data-dir.js";
import type { LoadOptions } from "./load.js";

export async function loadKnowledgeCached(options: LoadOptions = {}): Promise<KnowledgeBase> {
  const bundledOnly = options.dataDir === undefined && (options.extraDataFiles ?? []).length === 0;
  const cached = bundledOnly ? readBundledCache(defaultDataDir()) : undefined;
  if (cached) return cached;
  const { loadKnowledge } = await import("./load.js");
  return loadKnowledge(options);
}
