// The fast reading path against the exact one, over every manifest the repository carries (examples/,
// test fixtures, test/corpus when present) and a generated benchmark tree: the same objects, lines,
// # Source: templates, errors and warnings; and the same stream and scan output at --jobs 1 and 4.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM module of the benchmark, without types
import { generateTree } from "../../bench/generate.mjs";
import type { SourceEvent } from "../../src/core/types.js";
import { readFastYaml } from "../../src/sources/fast-yaml.js";
import { decodeText, readPaths } from "../../src/sources/files.js";
import { parseJsonDocument } from "../../src/sources/json-documents.js";
import { parseYamlDocumentsExactly } from "../../src/sources/yaml-documents.js";
import { runCli } from "../support/terminal.js";

/** Workers load TypeScript through tsx under vitest: seconds each on a loaded machine. */
const WORKERS_TIMEOUT = 120_000;
const ROOTS = ["examples", "test/fixtures", "test/corpus"].filter((root) => existsSync(root));
const tree = mkdtempSync(join(tmpdir(), "cutover-differential-"));
generateTree(tree, 800);
afterAll(() => rmSync(tree, { recursive: true, force: true }));

/**
 * Files the exact parser rejects and go-yaml (so kubectl and the API server) reads: a multi-line quoted
 * scalar whose continuation lines are no more indented than its key. The fast path reads them.
 */
const READ_AS_GO_YAML_DOES = [
  "AtlasSchema/testdata/healthy.yaml",
  "work.karmada.io/ClusterResourceBinding/testdata/progressing.yaml",
  "work.karmada.io/ResourceBinding/testdata/progressing.yaml",
];

function* manifestFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* manifestFiles(path);
    else if (/\.(ya?ml|json)$/i.test(name)) yield path;
  }
}

/** The YAML texts of a tree (JSON files take the JSON path before either YAML reader). */
function yamlTexts(root: string): [string, string][] {
  return [...manifestFiles(root)].flatMap((path) => {
    const loaded = decodeText(path, readFileSync(path));
    if (loaded.type !== "text" || parseJsonDocument(loaded.text, path) !== undefined) return [];
    return [[path, loaded.text] as [string, string]];
  });
}

async function collect(stream: AsyncIterable<SourceEvent>): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("the fast YAML path reads what the exact parser reads", () => {
  it.each([...ROOTS, tree])("%s", (root) => {
    let fastFiles = 0;
    for (const [path, text] of yamlTexts(root)) {
      const fast = readFastYaml(text, path);
      if (fast === undefined) continue;
      fastFiles++;
      const exact = [...parseYamlDocumentsExactly(text, path)];
      if (READ_AS_GO_YAML_DOES.some((suffix) => path.endsWith(suffix))) {
        expect(exact.some((event) => event.type === "error")).toBe(true);
        continue;
      }
      expect(fast, path).toEqual(exact);
    }
    expect(fastFiles).toBeGreaterThan(0);
  });
});

describe("worker threads change nothing but the speed", () => {
  it.each([...ROOTS, tree])(
    "readPaths(%s) at --jobs 1 and 4",
    async (root) => {
      const one = await collect(readPaths([root], { jobs: 1 }));
      const four = await collect(readPaths([root], { jobs: 4 }));
      expect(four).toEqual(one);
      expect(one.length).toBeGreaterThan(0);
    },
    WORKERS_TIMEOUT,
  );

  it(
    "gives byte-identical scan JSON at --jobs 1 and 4",
    async () => {
      const args = ["scan", ...ROOTS, tree, "-t", "1.33", "-o", "json", "--fail-on", "none"];
      const one = await runCli([...args, "--jobs", "1"]);
      const four = await runCli([...args, "--jobs", "4"]);
      expect(four.code).toBe(one.code);
      expect(four.stdout).toBe(one.stdout);
      expect(JSON.parse(one.stdout).summary.objects).toBeGreaterThan(800);
    },
    WORKERS_TIMEOUT,
  );
});
