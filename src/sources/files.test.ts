import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { SourceEvent } from "../core/types.js";
import { readPaths } from "./files.js";

const CORPUS = "test/corpus";
const PLUTO = `${CORPUS}/pluto-fixtures`;

async function collect(paths: string[], stdin?: string): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  const options = stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) };
  for await (const event of readPaths(paths, options)) events.push(event);
  return events;
}

const objectsOf = (events: SourceEvent[]) => events.flatMap((e) => (e.type === "object" ? [e.item] : []));
const errorsOf = (events: SourceEvent[]) => events.flatMap((e) => (e.type === "error" ? [e.error] : []));
const skippedOf = (events: SourceEvent[]) => events.flatMap((e) => (e.type === "skipped" ? [e.skipped] : []));

const scratch = mkdtempSync(join(tmpdir(), "cutover-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes files (path → content) under a fresh directory and returns its path. */
function tree(name: string, files: Record<string, string | Buffer>): string {
  const root = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;

describe("readPaths on files and directories", () => {
  it("walks directories recursively in sorted order, reporting paths as given joined with forward slashes", async () => {
    const root = tree("walk", {
      "b.yaml": pod("b"),
      "a/z.yml": pod("az"),
      "a/b.json": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ab"}}',
      "c/notes.txt": "apiVersion: v1\nkind: Pod\n",
      "c/README.md": "# nothing",
    });
    const events = await collect([`${root}/`]);
    expect(objectsOf(events).map((o) => [o.object.metadata?.name, o.source.file, o.source.line])).toEqual([
      ["ab", `${root}/a/b.json`, 1],
      ["az", `${root}/a/z.yml`, 1],
      ["b", `${root}/b.yaml`, 1],
    ]);
    expect(events.filter((e) => e.type !== "object")).toEqual([]);
  });

  it("reports a missing path and goes on with the next one", async () => {
    const root = tree("missing", { "ok.yaml": pod("ok") });
    const missing = join(root, "nope.yaml");
    const events = await collect([missing, root]);
    expect(errorsOf(events)).toEqual([
      { file: missing, line: null, message: `no such file or directory: ${missing} — check the path` },
    ]);
    expect(objectsOf(events).map((o) => o.object.metadata?.name)).toEqual(["ok"]);
  });

  it("skips a binary file (NUL byte in the first 8 KiB) and reads the others", async () => {
    const root = tree("binary", {
      "blob.yaml": Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x02]),
      "z.yaml": pod("z"),
    });
    const events = await collect([root]);
    expect(skippedOf(events)).toEqual([{ file: `${root}/blob.yaml`, reason: "binary file", recovered: 0 }]);
    expect(objectsOf(events)).toHaveLength(1);
  });

  it("reads a file named explicitly whatever its extension", async () => {
    const root = tree("explicit", { "manifest.txt": pod("txt") });
    const events = await collect([join(root, "manifest.txt")]);
    expect(objectsOf(events).map((o) => o.object.metadata?.name)).toEqual(["txt"]);
  });

  it("reads stdin for -, reported as -", async () => {
    const events = await collect(["-"], `${pod("one")}---\n${pod("two")}`);
    expect(objectsOf(events).map((o) => [o.object.metadata?.name, o.source.file, o.source.line])).toEqual([
      ["one", "-", 1],
      ["two", "-", 6],
    ]);
  });

  it("strips a UTF-8 byte order mark before parsing JSON", async () => {
    const root = tree("bom", { "a.json": `\uFEFF{"apiVersion": "v1", "kind": "Pod"}` });
    expect(objectsOf(await collect([root]))).toHaveLength(1);
  });

  it("does not loop on a symlink back up the tree", async () => {
    const root = tree("loop", { "sub/a.yaml": pod("a") });
    symlinkSync(root, join(root, "sub", "up"));
    const events = await collect([root]);
    expect(objectsOf(events).map((o) => o.source.file)).toEqual([`${root}/sub/a.yaml`]);
  });

  it("keeps the documents around a malformed one and reports the error with file and line", async () => {
    const root = tree("malformed", { "m.yaml": `${pod("first")}---\nkind: [oops\n---\n${pod("last")}` });
    const events = await collect([root]);
    expect(objectsOf(events).map((o) => o.object.metadata?.name)).toEqual(["first", "last"]);
    const [error] = errorsOf(events);
    expect(error).toMatchObject({ file: `${root}/m.yaml`, line: expect.any(Number) });
    expect(error?.message).toMatch(/^invalid YAML: /);
  });
});

describe("readPaths on templates", () => {
  it("reports a templates/ file with {{ as skipped and recovers its literal objects", async () => {
    const root = tree("chart", {
      "templates/pdb.yaml":
        'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: "{{ .Release.Name }}"\n',
      "values.yaml": "replicaCount: 1\n",
    });
    const events = await collect([root]);
    expect(events[0]).toEqual({
      type: "skipped",
      skipped: { file: `${root}/templates/pdb.yaml`, reason: "unrendered Helm template", recovered: 1 },
    });
    expect(objectsOf(events).map((o) => [o.object.kind, o.object.metadata, o.source.line])).toEqual([
      ["PodDisruptionBudget", {}, 1],
    ]);
  });

  it("parses templated values in valid YAML outside templates/, and treats unparsable {{ as a template", async () => {
    const root = tree("gitops", {
      "appset.yaml":
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nspec:\n  name: '{{path.basename}}'\n",
      "broken.yaml": "apiVersion: v1\nkind: ConfigMap\ndata:\n  {{- toYaml .Values.data | nindent 2 }}\n",
    });
    const events = await collect([root]);
    expect(objectsOf(events).map((o) => o.object.kind)).toEqual(["ApplicationSet", "ConfigMap"]);
    expect(skippedOf(events).map((s) => s.file)).toEqual([`${root}/broken.yaml`]);
    expect(errorsOf(events)).toEqual([]);
  });
});

describe("readPaths on the pluto fixtures", () => {
  const expected = JSON.parse(readFileSync(`${PLUTO}/expected.json`, "utf8")) as {
    fixtures: Record<
      string,
      { objects: { name: string; namespace: string | null; kind: string; apiVersion: string }[] }
    >;
  };

  it.each([
    "pkg/finder/testdata/deployment-extensions-v1beta1.yaml",
    "pkg/finder/testdata/deployment-extensions-v1beta1.json",
    "e2e/tests/assets/deprecated116/deployment-extensions-v1beta1.yaml",
    "e2e/tests/assets/list/list-deployment-deprecated-and-non-deprecated.yaml",
    "e2e/tests/assets/list/list-deployment-non-deprecated.yaml",
    "e2e/tests/assets/non-deprecated/deployment-apps-v1.yaml",
  ])("%s has the objects pluto's tests expect", async (file) => {
    const objects = objectsOf(await collect([`${PLUTO}/${file}`]));
    const want = expected.fixtures[file]?.objects ?? [];
    expect(
      objects.map(({ object }) => ({
        name: object.metadata?.name,
        namespace: object.metadata?.namespace ?? null,
        kind: object.kind,
        apiVersion: object.apiVersion,
      })),
    ).toEqual(want);
  });

  it("gives the items of the kind: List their own lines", async () => {
    const file = `${PLUTO}/e2e/tests/assets/list/list-deployment-deprecated-and-non-deprecated.yaml`;
    expect(objectsOf(await collect([file])).map((o) => o.source.line)).toEqual([3, 39]);
  });

  it("ignores other.txt in a directory, and reports the chart templates as skipped with their APIs", async () => {
    const events = await collect([PLUTO]);
    expect(errorsOf(events)).toEqual([]);
    expect(objectsOf(events).some((o) => o.source.file.endsWith("other.txt"))).toBe(false);
    const skipped = skippedOf(events);
    expect(skipped.map((s) => s.file.slice(PLUTO.length + 1))).toEqual([
      "e2e/tests/assets/chart/templates/deployment-deprecated.yaml",
      "e2e/tests/assets/chart/templates/deployment.yaml",
    ]);
    const fromTemplates = objectsOf(events).filter((o) => o.source.file.includes("/templates/"));
    expect(fromTemplates.map((o) => o.object.apiVersion)).toEqual(["extensions/v1beta1", "apps/v1"]);
  });
});

describe("readPaths on the corpus", () => {
  const stats = JSON.parse(readFileSync(`${CORPUS}/stats.json`, "utf8")) as Record<
    string,
    { total: { parsedObjects: number; unparsableFiles: number; objects: number } }
  >;

  it("reads or skips every helm-rendered file, with the counts of stats.json", async () => {
    const events = await collect([`${CORPUS}/helm-rendered`]);
    const total = stats["helm-rendered"]?.total;
    expect(errorsOf(events)).toEqual([]);
    const skipped = skippedOf(events);
    expect(skipped).toHaveLength(total?.unparsableFiles ?? -1);
    expect(skipped.every((s) => s.reason === "unrendered Helm template")).toBe(true);
    const parsed = objectsOf(events).filter((o) => !skipped.some((s) => s.file === o.source.file));
    expect(parsed).toHaveLength(total?.parsedObjects ?? -1);
    // Templates whose apiVersion depends on a conditional are not guessed: a few fewer than a plain regex.
    const recovered = skipped.reduce((sum, s) => sum + s.recovered, 0);
    expect(recovered).toBeGreaterThan((total?.objects ?? 0) - (total?.parsedObjects ?? 0) - 20);
  });

  it("reads the cluster dumps: Lists unpacked with item lines, only spec-invalid YAML reported", async () => {
    const events = await collect([`${CORPUS}/cluster-dumps`]);
    const objects = objectsOf(events);
    expect(objects.length).toBeGreaterThanOrEqual((stats["cluster-dumps"]?.total.parsedObjects ?? 0) - 3);
    expect(objects.every((o) => typeof o.source.line === "number" && o.source.line >= 1)).toBe(true);
    // Every List item has a line of its own: no two objects of a file share one.
    expect(new Set(objects.map((o) => `${o.source.file}:${o.source.line}`)).size).toBe(objects.length);
    expect(objects.filter((o) => o.source.line !== null && o.source.line > 1).length).toBeGreaterThan(900);
    // Three argo-cd test files fold quoted strings with too little indentation (invalid YAML 1.2).
    const errors = errorsOf(events);
    expect(errors.length).toBeLessThanOrEqual(3);
    for (const error of errors) expect(error.message).toContain("Missing closing");
    expect(skippedOf(events)).toEqual([]);
  });
});
