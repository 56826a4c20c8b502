import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SourceEvent } from "../core/types.js";
import { jsonItemOffsets, parseJsonDocument } from "./json-documents.js";
import { walkPath } from "./walk.js";
import { parseYamlDocuments } from "./yaml-documents.js";

const CLUSTER_DUMPS = "test/corpus/cluster-dumps";

const lines = (events: Iterable<SourceEvent> | undefined) =>
  [...(events ?? [])].map((e) =>
    e.type === "object" ? `${e.item.object.kind}@${e.item.source.line}` : e.type,
  );

describe("parseJsonDocument", () => {
  it("reads one object at the line of its opening brace", () => {
    expect(lines(parseJsonDocument('\n\n  {"apiVersion": "v1", "kind": "Pod"}\n', "a.json"))).toEqual([
      "Pod@3",
    ]);
  });

  it("gives List items their own lines, also when strings hold brackets, quotes and escapes", () => {
    const text = [
      "{",
      '  "apiVersion": "v1",',
      '  "metadata": {"items": ["not", "these"]},',
      '  "items": [',
      '    {"apiVersion": "v1", "kind": "A", "note": "a ] } [ { \\" \\\\"},',
      "",
      '    {"apiVersion": "v1", "kind": "B", "data": {"items": [1, 2]}},',
      '    {"apiVersion": "v1",',
      '     "kind": "C"}',
      "  ],",
      '  "kind": "List"',
      "}",
    ].join("\n");
    expect(lines(parseJsonDocument(text, "l.json"))).toEqual(["A@5", "B@7", "C@8"]);
  });

  it("reads a top-level array of objects (support bundles store custom resources so)", () => {
    const text = '[\n {"apiVersion": "v1", "kind": "A"},\n {"apiVersion": "v1", "kind": "B"}\n]';
    expect(lines(parseJsonDocument(text, "a.json"))).toEqual(["A@2", "B@3"]);
  });

  it.each([
    ["YAML", "apiVersion: v1\nkind: Pod\n"],
    ["invalid JSON", '{"apiVersion": "v1",\n"kind": }'],
    ["two JSON objects", '{"kind": "A"}\n{"kind": "B"}'],
    ["empty text", "  \n"],
  ])("leaves %s to the YAML parser", (_label, text) => {
    expect(parseJsonDocument(text, "x.json")).toBeUndefined();
  });
});

describe("jsonItemOffsets", () => {
  it.each([
    ['{"items": []}', []],
    ['{"items": [1, "two", {"a": [3]}]}', [11, 14, 21]],
    ['{"kind": "X", "spec": {"items": [1]}}', []],
    ['{"a": "items", "b": [1]}', []],
  ])("%s", (text, expected) => {
    expect(jsonItemOffsets(text)).toEqual(expected);
  });
});

describe("the JSON fast path against the YAML parser on the cluster dumps", () => {
  it("finds the same objects at the same lines in every JSON file", async () => {
    let compared = 0;
    let lists = 0;
    for await (const entry of walkPath(CLUSTER_DUMPS)) {
      if (entry.type !== "file" || !entry.file.endsWith(".json")) continue;
      const text = readFileSync(entry.path, "utf8");
      const fast = parseJsonDocument(text, entry.file);
      if (fast === undefined) continue;
      const viaJson = lines(fast);
      expect(viaJson, entry.file).toEqual(lines(parseYamlDocuments(text, entry.file)));
      compared++;
      if (viaJson.length > 1) lists++;
    }
    expect(compared).toBeGreaterThan(250);
    expect(lists).toBeGreaterThan(90);
  });
});
