// The build's cache of the bundled knowledge: read back it is the knowledge base the data files give, and
// it is not used once any data file differs from the files it was made from.
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataHash, readBundledCache, writeBundledCache } from "./bundled-cache.js";
import { DATA_FILES, defaultDataDir } from "./data-dir.js";
import { loadKnowledge } from "./load.js";
import { loadKnowledgeCached } from "./load-cached.js";

const scratch = mkdtempSync(path.join(tmpdir(), "cutover-kb-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the bundled data directory and a cache made from it. */
function cachedCopy(name: string): { dataDir: string; cacheFile: string } {
  const dataDir = path.join(scratch, name);
  cpSync(defaultDataDir(), dataDir, { recursive: true });
  const cacheFile = path.join(scratch, `${name}.json`);
  writeBundledCache(loadKnowledge({ dataDir }), dataDir, cacheFile);
  return { dataDir, cacheFile };
}

describe("the bundled knowledge cache", () => {
  it("reads back exactly the knowledge base the data files give", () => {
    const { dataDir, cacheFile } = cachedCopy("same");
    expect(readBundledCache(dataDir, cacheFile)).toStrictEqual(loadKnowledge({ dataDir }));
  });

  it.each(Object.values(DATA_FILES))("is not used once %s differs", (file) => {
    const { dataDir, cacheFile } = cachedCopy(`edited-${file}`);
    appendFileSync(path.join(dataDir, file), "\n# edited\n");
    expect(readBundledCache(dataDir, cacheFile)).toBeUndefined();
  });

  it.each([
    ["missing", undefined],
    ["not JSON", "{ not json"],
  ])("is not used when the cache file is %s", (_case, content) => {
    const dataDir = defaultDataDir();
    const cacheFile = path.join(scratch, `cache-${_case.replace(" ", "-")}.json`);
    if (content !== undefined) writeFileSync(cacheFile, content);
    expect(readBundledCache(dataDir, cacheFile)).toBeUndefined();
  });

  it("hashes names and bytes: the same files give the same hash, another byte another", () => {
    const { dataDir } = cachedCopy("hash");
    const before = dataHash(dataDir);
    expect(dataHash(defaultDataDir())).toBe(before);
    appendFileSync(path.join(dataDir, DATA_FILES.skew), " ");
    expect(dataHash(dataDir)).not.toBe(before);
  });

  it("start-up with --extra-data reads the files, so extra entries are in the result", async () => {
    const extra = path.join(scratch, "extra.yaml");
    writeFileSync(
      extra,
      'schemaVersion: 1\napis:\n  - apiVersion: example.com/v1alpha1\n    kind: Widget\n    deprecatedIn: "1.30"\n    removedIn: null\n    replacement: null\n    replacementAvailableIn: null\n    source: test\n',
    );
    const kb = await loadKnowledgeCached({ extraDataFiles: [extra] });
    expect(kb.apis.find((api) => api.kind === "Widget")?.set).toBe("user");
    expect((await loadKnowledgeCached()).apis.some((api) => api.kind === "Widget")).toBe(false);
  });
});
