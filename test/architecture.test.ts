// The layout is a rule, not a habit: core is pure, imports never go round in a circle, only the CLI prints
// or exits, and the README's architecture tree is the tree on disk.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve("src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry) && !/\.test\.ts$/.test(entry) ? [full] : [];
  });
}

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(IMPORT)].map((match) => match[1] as string);
}

function resolveLocal(file: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  return path.resolve(path.dirname(file), specifier).replace(/\.js$/, ".ts");
}

const files = sourceFiles(SRC);
const graph = new Map(
  files.map((file) => [
    file,
    importsOf(file)
      .map((specifier) => resolveLocal(file, specifier))
      .filter((target): target is string => target !== null),
  ]),
);

/** Every cycle's first closing path, found by depth-first search (white/grey/black). */
function cycles(): string[][] {
  const state = new Map<string, "grey" | "black">();
  const found: string[][] = [];
  const visit = (file: string, trail: string[]) => {
    state.set(file, "grey");
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "grey") found.push([...trail.slice(trail.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, [...trail, next]);
    }
    state.set(file, "black");
  };
  for (const file of files) if (!state.has(file)) visit(file, [file]);
  return found.map((cycle) => cycle.map((file) => path.relative(SRC, file)));
}

describe("the layout", () => {
  it("has no import cycles", () => {
    expect(cycles()).toEqual([]);
  });

  const coreFiles = files.filter((file) => file.startsWith(path.join(SRC, "core") + path.sep));
  it.each(coreFiles.map((file) => [path.relative(SRC, file)]))(
    "core stays pure: %s imports no node: module, adapter, source, report, app or cli",
    (relative) => {
      const file = path.join(SRC, relative);
      const outside = importsOf(file).filter((specifier) => {
        if (specifier.startsWith("node:")) return true;
        const target = resolveLocal(file, specifier);
        if (!target) return false;
        const top = path.relative(SRC, target).split(path.sep)[0];
        return ["adapters", "sources", "report", "app", "cli"].includes(top ?? "");
      });
      expect(outside).toEqual([]);
    },
  );

  it("only the CLI prints or exits", () => {
    const printing = /process\.exit\(|console\.(?:log|error|warn)\(|process\.(?:stdout|stderr)\.write\(/;
    const offenders = files
      .filter((file) => !file.startsWith(path.join(SRC, "cli") + path.sep))
      .filter((file) => printing.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it("the README's architecture tree names every folder of src/ and of each command home", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Architecture"));
    const tree = section.slice(section.indexOf("```"), section.indexOf("```", section.indexOf("```") + 3));
    const listed = (indent: string) =>
      [...tree.matchAll(new RegExp(`^${indent}([a-z-]+)/`, "gm"))].map((match) => match[1]).sort();
    const onDisk = (dir: string) =>
      readdirSync(dir)
        .filter((entry) => statSync(path.join(dir, entry)).isDirectory() && entry !== "data")
        .sort();
    expect(listed("  ")).toEqual(onDisk(SRC));
    // Second level: the folders inside core/, report/ and app/ (one per command) appear under their parent.
    for (const parent of ["core", "report", "app"]) {
      const block = tree.slice(tree.indexOf(`  ${parent}/`));
      const next = block.slice(1).search(/^ {2}[a-z-]+\//m);
      const own = next === -1 ? block : block.slice(0, next + 1);
      const children = [...own.matchAll(/^ {4}([a-z-]+)\//gm)].map((match) => match[1]).sort();
      expect(children, `${parent}/`).toEqual(onDisk(path.join(SRC, parent)));
    }
  });
});
