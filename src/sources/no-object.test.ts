// Nothing passes on no input: a path that yields no Kubernetes object is named with what it is, and links
// that cannot be followed inside a directory are reported, not dropped.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { SourceEvent } from "../core/types.js";
import { readPaths } from "./files.js";

const scratch = mkdtempSync(join(tmpdir(), "cutover-noobj-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function read(paths: string[], options: { stdin?: string; allowEmpty?: boolean } = {}) {
  const events: SourceEvent[] = [];
  const stdin = Readable.from([Buffer.from(options.stdin ?? "")]);
  for await (const event of readPaths(paths, { stdin, allowEmpty: options.allowEmpty })) events.push(event);
  return {
    objects: events.filter((e) => e.type === "object").length,
    errors: events.flatMap((e) => (e.type === "error" ? [`${e.error.file}: ${e.error.message}`] : [])),
    warnings: events.flatMap((e) => (e.type === "warning" ? [e.message] : [])),
    skipped: events.flatMap((e) => (e.type === "skipped" ? [e.skipped.reason] : [])),
  };
}

function directory(name: string): string {
  mkdirSync(join(scratch, name), { recursive: true });
  return join(scratch, name);
}

const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n";

describe("a path that yields no Kubernetes object", () => {
  it.each([
    [
      "an empty directory",
      () => directory("empty"),
      /no Kubernetes object in .*empty: it holds no \.yaml, \.yml or \.json file/,
    ],
    [
      "a directory of non-objects",
      () => join(file("vals/values.yaml", "replicas: 2\n"), ".."),
      /no Kubernetes object in .*vals: none of its 1 manifest file holds one/,
    ],
    [
      "package.json",
      () => file("package.json", '{"name": "x"}'),
      /package\.json holds no Kubernetes object: a mapping without apiVersion and kind/,
    ],
    [
      "a YAML scalar",
      () => file("scalar.yaml", "just text\n"),
      /scalar\.yaml holds no Kubernetes object: a plain scalar/,
    ],
    [
      "a YAML list",
      () => file("list.yaml", "- a\n- b\n"),
      /list\.yaml holds no Kubernetes object: a list of 2 items that are not objects/,
    ],
    ["an empty file", () => file("blank.yaml", ""), /blank\.yaml holds no Kubernetes object: it is empty/],
    [
      "a binary file",
      () => file("ls", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])),
      /ls is a binary file, not a YAML or JSON manifest/,
    ],
    [
      "a README with {{",
      () => file("README.md", "# Title\n\nRun `x: {{ .Values }}`\n- a: b\nkey: [\n"),
      /README\.md is not YAML or JSON: invalid YAML/,
    ],
    ["meow.txt", () => file("meow.txt", "meow\n"), /meow\.txt holds no Kubernetes object: a plain scalar/],
  ])("%s is an error naming the path and what it holds", async (_name, make, message) => {
    const result = await read([make()]);
    expect(result.objects).toBe(0);
    expect(result.errors).toEqual([expect.stringMatching(message)]);
    expect(result.skipped.join()).not.toMatch(/unrendered Helm template/);
  });

  it("empty stdin is named as stdin", async () => {
    expect((await read(["-"], { stdin: "" })).errors).toEqual([
      expect.stringMatching(
        /^-: -: stdin holds no Kubernetes object: it is empty — check the path, or pass --allow-empty/,
      ),
    ]);
  });

  it("--allow-empty turns it into a warning", async () => {
    const result = await read([file("pkg2/package.json", "{}")], { allowEmpty: true });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expect.stringMatching(/package\.json holds no Kubernetes object/)]);
  });

  it("a path with objects next to an empty one: only the empty one is named", async () => {
    const result = await read([file("ok/pod.yaml", pod), join(scratch, "empty")]);
    expect(result.objects).toBe(1);
    expect(result.errors).toEqual([expect.stringMatching(/no Kubernetes object in .*empty/)]);
  });

  it("a malformed manifest is its own error, not also an empty input", async () => {
    const result = await read([file("bad.yaml", "kind: [oops\n")]);
    expect(result.errors).toEqual([expect.stringMatching(/bad\.yaml: invalid YAML/)]);
  });
});

describe("symbolic links inside a directory", () => {
  it("reports a broken and a looping link named like manifests, and reads the rest", async () => {
    const root = join(scratch, "links");
    file("links/pod.yaml", pod);
    symlinkSync(join(root, "gone.yaml"), join(root, "dangling.yaml"));
    symlinkSync(join(root, "loop.yaml"), join(root, "loop.yaml"));
    symlinkSync(join(root, "nowhere"), join(root, "notes.txt"));
    const result = await read([root]);
    expect(result.objects).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/dangling\.yaml is a broken symbolic link .* fix or remove the link$/),
      expect.stringMatching(/loop\.yaml is a symbolic link loop/),
    ]);
  });
});
