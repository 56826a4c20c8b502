// A clone anywhere must pass: no code, test, benchmark or script names a path outside the repository
// (the team's sibling folder beside the clone, this machine's work folder, or someone's home directory). Test data lives in
// test/corpus (see its SOURCES.md). Recorded fixtures (JSON/YAML captured from runs) and the corpus are
// data, not code, and are not checked.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOTS = ["src", "test", "bench", "scripts"];
const CODE = /\.(ts|mts|cts|js|mjs|cjs|sh)$/;
const SKIP = [/^test\/corpus\//, /^test\/repo-paths\.test\.ts$/, /(^|\/)node_modules\//];

// The sibling folder's name is put together here so that this file does not itself name the path it forbids.
const SIBLING = ["..", "shared"].join("/");
const WORK = ["", "work", ""].join("/");
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Patterns that point outside the repository, each with why it is wrong. */
const OUTSIDE: { pattern: RegExp; why: string }[] = [
  { pattern: new RegExp(`${escaped(SIBLING)}\\b`), why: "the sibling folder beside the clone" },
  { pattern: /(^|[^\w.-])\/work\//, why: "this machine's /work/ directory" },
  { pattern: /(^|[^\w.-])\/(home|Users)\/[\w.-]+/, why: "a home directory" },
  { pattern: /(^|[^\w.-])\/root\//, why: "root's home directory" },
];

function codeFiles(): string[] {
  return ROOTS.flatMap((root) =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && CODE.test(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name).split(path.sep).join("/"))
      .filter((file) => !SKIP.some((skip) => skip.test(file))),
  );
}

/** `file:line: text (why)` for each line naming a path outside the repository. */
function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    for (const { pattern, why } of OUTSIDE) {
      if (pattern.test(line)) found.push(`${file}:${index + 1}: ${line.trim()} (${why})`);
    }
  });
  return found;
}

describe("paths outside the repository", () => {
  it.each([
    [`const CORPUS = "${WORK}shared/corpus";`, 1],
    [`const PLUTO = "${SIBLING}/corpus/pluto-fixtures";`, 1],
    ['readFileSync("/home/alice/kubeconfig")', 1],
    ['const out = "/Users/bob/tmp";', 1],
    ["cd /root/cutover && npm test", 1],
    ['const CORPUS = "test/corpus";', 0],
    ['import { x } from "../../src/shared.js";', 0],
    ['const url = "https://example.com/work/page";', 0],
    ["// the shared matcher", 0],
  ])("%s → %i finding(s)", (line, count) => {
    expect(outsidePaths("x.ts", line)).toHaveLength(count);
  });

  it("finds none in src/, test/, bench/ or scripts/", () => {
    const files = codeFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => outsidePaths(file, readFileSync(file, "utf8")))).toEqual([]);
  });
});
