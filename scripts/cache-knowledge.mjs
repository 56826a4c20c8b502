// Part of `npm run build`: loads and validates the bundled knowledge data once and writes the cache the
// CLI starts from (dist/knowledge/bundled-knowledge.json; see src/knowledge/bundled-cache.ts).
import { writeBundledCache } from "../dist/knowledge/bundled-cache.js";
import { defaultDataDir } from "../dist/knowledge/data-dir.js";
import { loadKnowledge } from "../dist/knowledge/load.js";

const dataDir = defaultDataDir();
writeBundledCache(loadKnowledge({ dataDir }), dataDir);
