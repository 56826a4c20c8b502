import { describe, expect, it } from "vitest";
import type { SourceEvent } from "../core/types.js";
import { readFastYaml } from "./fast-yaml.js";
import { parseYamlDocuments, parseYamlDocumentsExactly } from "./yaml-documents.js";

const object = (body: string) => `apiVersion: v1\nkind: ConfigMap\n${body}`;
const fieldOf = (events: SourceEvent[] | undefined, key: string) => {
  const first = events?.[0];
  return first?.type === "object" ? (first.item.object as Record<string, unknown>)[key] : "no object";
};

/** Both parsers, each on its own: the fast one must read the text, and both must agree. */
function bothReaders(text: string): SourceEvent[][] {
  const fast = readFastYaml(text, "in.yaml");
  expect(fast, "the fast path reads it").toBeDefined();
  return [fast ?? [], [...parseYamlDocumentsExactly(text, "in.yaml")]];
}

describe("plain scalars mean what the Kubernetes API server reads (go-yaml v2)", () => {
  it.each([
    ["on", true],
    ["yes", true],
    ["True", true],
    ["off", false],
    ["NO", false],
    ["y", "y"],
    ["n", "n"],
    ['"on"', "on"],
    ["'0777'", "0777"],
    ["0777", 511],
    ["0o777", 511],
    ["0x1F", 31],
    ["-0x10", -16],
    ["0b101", 5],
    ["1_000", 1000],
    ["08", 8],
    ["+12", 12],
    ["1e3", 1000],
    [".5", 0.5],
    ["1.50", 1.5],
    ["18446744073709551615", Number(18446744073709551615n)],
    ["123456789012345678901234", Number("123456789012345678901234")],
    ["0x1FFFFFFFFFFFFFFFFF", "0x1FFFFFFFFFFFFFFFFF"],
    ["1.2.3", "1.2.3"],
    ["2024-01-01", "2024-01-01"],
    ["2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"],
    ["~", null],
    ["null", null],
    ["", null],
    [".inf", Number.POSITIVE_INFINITY],
    ["1:20", "1:20"],
    ["v1", "v1"],
  ])("value: %s", (scalar, expected) => {
    for (const events of bothReaders(object(`value: ${scalar}\n`))) {
      expect(fieldOf(events, "value")).toEqual(expected);
    }
  });

  it("turns boolean keys into the strings the API server's JSON has", () => {
    for (const events of bothReaders(object("data:\n  on: a\n  off: b\n  0777: c\n"))) {
      expect(fieldOf(events, "data")).toEqual({ true: "a", false: "b", 511: "c" });
    }
  });
});

describe("merge keys and duplicate keys", () => {
  it("merges a `<<` mapping, explicit keys winning, in both parsers", () => {
    const text = object("data:\n  <<: {a: x, b: y}\n  b: z\n");
    for (const events of bothReaders(text)) expect(fieldOf(events, "data")).toEqual({ a: "x", b: "z" });
  });

  it("merges through aliases (left to the exact parser)", () => {
    const text = object("base: &b {a: 1}\ndata:\n  <<: *b\n  c: 2\n");
    expect(readFastYaml(text, "in.yaml")).toBeUndefined();
    expect(fieldOf([...parseYamlDocuments(text, "in.yaml")], "data")).toEqual({ a: 1, c: 2 });
  });

  it("keeps the last of repeated keys and warns with the file and line of each repeat", () => {
    const text = object("data:\n  a: 1\n  a: 2\n---\napiVersion: v1\nkind: A\nkind: B\n");
    expect(readFastYaml(text, "in.yaml")).toBeUndefined();
    const events = [...parseYamlDocuments(text, "in.yaml")];
    expect(events.map((e) => e.type)).toEqual(["object", "warning", "object", "warning"]);
    expect(fieldOf(events, "data")).toEqual({ a: 2 });
    const warnings = events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
    expect(warnings[0]).toMatch(/^in\.yaml:5: duplicate key "a" in a mapping; .*kubectl rejects/);
    expect(warnings[1]).toMatch(/^in\.yaml:9: duplicate key "kind"/);
  });
});

describe("readFastYaml", () => {
  it("places documents, List items and # Source: comments as the exact parser does", () => {
    const text = [
      "# Source: a.yaml",
      "---",
      "---",
      "# Source: chart/templates/list.yaml",
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- apiVersion: v1",
      "  kind: A",
      "  data: |",
      "    - not an item",
      "# a comment",
      "-",
      "  apiVersion: v1",
      "  kind: B",
      "---",
      "- apiVersion: v1",
      "  kind: C",
      "- apiVersion: v1",
      "  kind: D",
      "",
    ].join("\n");
    const [fast, exact] = bothReaders(text);
    expect(fast).toEqual(exact);
    expect(
      fast?.map((e) =>
        e.type === "object" ? [e.item.object.kind, e.item.source.line, e.item.source.template] : e,
      ),
    ).toEqual([
      ["A", 8, "chart/templates/list.yaml"],
      ["B", 14, "chart/templates/list.yaml"],
      ["C", 17, undefined],
      ["D", 19, undefined],
    ]);
  });

  it.each([
    ["a syntax error", 'apiVersion: v1\nkind: A\nx: "open\n'],
    ["a tag on the marker line", "--- !!map\napiVersion: v1\nkind: A\n"],
    ["an anchor before the content", "&a\napiVersion: v1\nkind: A\n"],
    ["a directive", "%YAML 1.1\n---\napiVersion: v1\nkind: A\n"],
    ["a document end marker", "apiVersion: v1\nkind: A\n...\n"],
    ["a flow List", "apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: A}]\n"],
    ["an unknown tag", "apiVersion: v1\nkind: A\nx: !Ref y\n"],
    ["a template expression as a key", "apiVersion: v1\nkind: A\nx: {{ .Values.x }}\n"],
  ])("leaves %s to the exact parser", (_label, text) => {
    expect(readFastYaml(text, "in.yaml")).toBeUndefined();
  });
});
