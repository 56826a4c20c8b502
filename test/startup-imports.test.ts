// `cutover --version` must start fast: what src/cli/main.ts loads before any command runs is only the
// flag registrations. Each command's implementation (app, sources, adapters, heavy packages) is imported
// by a dynamic import() in its action, so the STATIC import graph from main.ts must not reach it.
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Folders of src/ that start-up must not load. */
const FORBIDDEN_DIRS = ["app/", "sources/", "adapters/"];
/**
 * Packages that start-up must not load; an entry ending in "/" is a whole scope. The knowledge base starts
 * from the build's JSON cache (knowledge/load-cached.ts), so neither the YAML parser nor zod is needed.
 */
const FORBIDDEN_PACKAGES = [
  "zod",
  "yaml",
  "js-yaml",
  "cli-table3",
  "@aws-sdk/",
  "hono",
  "@hono/",
  "better-sqlite3",
  "pg",
  "@kubernetes/",
];

const SRC = path.resolve("src");
const ENTRY = path.join(SRC, "cli/main.ts");

/** The specifiers a module loads when it is loaded: no `import type`, no all-type `{ type A }`, no import(). */
function staticImports(source: string): string[] {
  const file = ts.createSourceFile("module.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      const exported = statement.exportClause;
      const typeOnly =
        statement.isTypeOnly ||
        (exported !== undefined &&
          ts.isNamedExports(exported) &&
          exported.elements.length > 0 &&
          exported.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

const matchesPackage = (name: string, list: readonly string[]) =>
  list.some((entry) => (entry.endsWith("/") ? name.startsWith(entry) : name === entry));

interface Walk {
  /** Every src/ module loaded at start-up, relative to src/. */
  modules: Set<string>;
  /** Every package loaded at start-up (node: built-ins left out). */
  packages: Set<string>;
  /** Forbidden modules and packages, each with the chain of imports that reaches it. */
  forbidden: string[];
}

function walk(entry: string): Walk {
  const result: Walk = { modules: new Set(), packages: new Set(), forbidden: [] };
  const visit = (file: string, chain: string[]) => {
    const relative = path.relative(SRC, file).split(path.sep).join("/");
    if (result.modules.has(relative)) return;
    result.modules.add(relative);
    const trail = [...chain, relative];
    if (FORBIDDEN_DIRS.some((dir) => relative.startsWith(dir))) {
      result.forbidden.push(trail.join(" → "));
      return;
    }
    for (const specifier of staticImports(readFileSync(file, "utf8"))) {
      if (specifier.startsWith("node:")) continue;
      if (specifier.startsWith(".")) {
        visit(path.resolve(path.dirname(file), specifier).replace(/\.js$/, ".ts"), trail);
        continue;
      }
      const name = packageOf(specifier);
      result.packages.add(name);
      if (matchesPackage(name, FORBIDDEN_PACKAGES)) {
        result.forbidden.push([...trail, name].join(" → "));
      }
    }
  };
  visit(entry, []);
  return result;
}

describe("what `cutover` loads before a command runs", () => {
  it.each([
    ['import { a } from "./a.js";', ["./a.js"]],
    ['import "./side-effect.js";', ["./side-effect.js"]],
    ['import * as all from "zod";', ["zod"]],
    ['import def, { type T } from "./d.js";', ["./d.js"]],
    ['import { type T, value } from "./mixed.js";', ["./mixed.js"]],
    ['export { x } from "./re.js";', ["./re.js"]],
    ['export * from "./star.js";', ["./star.js"]],
    ['import type { T } from "./types.js";', []],
    ['import { type T, type U } from "./types.js";', []],
    ['export type { T } from "./types.js";', []],
    ['export { type T } from "./types.js";', []],
    ['const m = await import("./lazy.js");', []],
    ['run(async () => (await import("./lazy.js")).go());', []],
  ])("staticImports(%s) is %j", (source, expected) => {
    expect(staticImports(source)).toEqual(expected);
  });

  const startup = walk(ENTRY);

  it("reaches no app, source or adapter module and no heavy package", () => {
    expect(startup.forbidden).toEqual([]);
  });

  it("loads every command's registration, and none of their implementations", () => {
    for (const command of ["scan", "plan", "audit", "compare", "snapshot", "apis", "migrate", "dashboard"]) {
      expect(startup.modules, command).toContain(`cli/commands/${command}.ts`);
    }
    expect([...startup.modules].filter((module) => /-run\.ts$/.test(module))).toEqual([]);
  });

  it("loads no renderer: the flags' choices come from report/<command>/formats.ts", () => {
    const report = [...startup.modules].filter((module) => module.startsWith("report/"));
    expect(report.every((module) => module.endsWith("/formats.ts"))).toBe(true);
    expect(report.length).toBeGreaterThan(0);
  });
});
