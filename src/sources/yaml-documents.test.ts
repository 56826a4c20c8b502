import { describe, expect, it } from "vitest";
import type { SourceEvent } from "../core/types.js";
import { sourceComment } from "./source-comments.js";
import { parseYamlDocuments, splitAtDocumentMarkers, yamlErrorMessage } from "./yaml-documents.js";

const events = (text: string) => [...parseYamlDocuments(text, "in.yaml")];
const objects = (list: SourceEvent[]) =>
  list.flatMap((e) => (e.type === "object" ? [{ kind: e.item.object.kind, line: e.item.source.line }] : []));
const errors = (list: SourceEvent[]) => list.flatMap((e) => (e.type === "error" ? [e.error] : []));

describe("parseYamlDocuments", () => {
  it("reads every document with the line its content starts on", () => {
    const text = [
      "---",
      "apiVersion: v1",
      "kind: A",
      "---",
      "",
      "# a comment",
      "apiVersion: v1",
      "kind: B",
      "",
    ].join("\n");
    expect(objects(events(text))).toEqual([
      { kind: "A", line: 2 },
      { kind: "B", line: 7 },
    ]);
  });

  it.each([
    ["an empty document", "---\n---\napiVersion: v1\nkind: A\n"],
    ["a document without kind", "apiVersion: v1\nmetadata: {name: x}\n---\napiVersion: v1\nkind: A\n"],
    ["a scalar document", "just text\n---\napiVersion: v1\nkind: A\n"],
    ["a comment-only document", "# nothing\n---\napiVersion: v1\nkind: A\n"],
  ])("ignores %s", (_label, text) => {
    const result = events(text);
    expect(objects(result).map((o) => o.kind)).toEqual(["A"]);
    expect(errors(result)).toEqual([]);
  });

  it("keeps the documents before and after a malformed one, and reports its line and the parser's message", () => {
    const text = [
      "apiVersion: v1",
      "kind: Before",
      "---",
      "apiVersion: v1",
      "kind: Broken",
      "metadata: {name: x",
      "---",
      "apiVersion: v1",
      "kind: After",
    ].join("\n");
    const result = events(text);
    expect(objects(result)).toEqual([
      { kind: "Before", line: 1 },
      { kind: "After", line: 8 },
    ]);
    const [error] = errors(result);
    expect(error?.file).toBe("in.yaml");
    expect(error?.line).toBeGreaterThanOrEqual(6);
    expect(error?.line).toBeLessThanOrEqual(7);
    expect(error?.message).toMatch(/^invalid YAML: Flow map/);
    expect(error?.message).not.toContain("\n");
  });

  it("does not let an unclosed quote swallow the documents after it", () => {
    const text = ["apiVersion: v1", "kind: A", 'note: "open', "---", "apiVersion: v1", "kind: B", ""].join(
      "\n",
    );
    const result = events(text);
    expect(objects(result)).toEqual([{ kind: "B", line: 5 }]);
    expect(errors(result)).toHaveLength(1);
    expect(errors(result)[0]?.message).toContain("Missing closing");
  });

  it("gives every List item its own line, and the items inherit the List's # Source", () => {
    const text = [
      "# Source: chart/templates/all.yaml",
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- apiVersion: apps/v1",
      "  kind: Deployment",
      "  metadata: {name: a}",
      "-   apiVersion: v1",
      "    kind: Service",
      "- kind: NoApiVersion",
      "- apiVersion: v1",
      "  kind: ConfigMap",
    ].join("\n");
    const result = events(text);
    expect(objects(result)).toEqual([
      { kind: "Deployment", line: 5 },
      { kind: "Service", line: 8 },
      { kind: "ConfigMap", line: 11 },
    ]);
    for (const event of result)
      if (event.type === "object") expect(event.item.source.template).toBe("chart/templates/all.yaml");
  });

  it.each([
    ["PodList without apiVersion", "kind: PodList\nitems:\n- apiVersion: v1\n  kind: Pod\n"],
    ["a typed list", "apiVersion: v1\nkind: ServiceList\nitems:\n- apiVersion: v1\n  kind: Pod\n"],
    ["a bare sequence", "- apiVersion: v1\n  kind: Pod\n"],
  ])("unpacks %s", (_label, text) => {
    expect(objects(events(text)).map((o) => o.kind)).toEqual(["Pod"]);
  });

  it("unpacks a List inside a List at the inner items' position", () => {
    const text = "kind: List\nitems:\n- kind: List\n  items:\n  - apiVersion: v1\n    kind: Pod\n";
    expect(objects(events(text))).toEqual([{ kind: "Pod", line: 3 }]);
  });

  it("records the # Source: of Helm-rendered output per document, after or before the marker", () => {
    const text = [
      "---",
      "# Source: app/templates/a.yaml",
      "apiVersion: v1",
      "kind: A",
      "# Source: app/templates/b.yaml",
      "---",
      "apiVersion: v1",
      "kind: B",
      "---",
      "apiVersion: v1",
      "kind: NoSource",
    ].join("\n");
    const templates = events(text).map((e) => (e.type === "object" ? e.item.source.template : "?"));
    expect(templates).toEqual(["app/templates/a.yaml", "app/templates/b.yaml", undefined]);
  });

  it("reads repeated keys as kubectl does (last wins) and honours merge keys", () => {
    const text = "apiVersion: v1\nkind: A\nkind: B\nbase: &b {x: 1}\nspec:\n  <<: *b\n  y: 2\n";
    const [event] = events(text);
    expect(event?.type === "object" && event.item.object).toMatchObject({ kind: "B", spec: { x: 1, y: 2 } });
  });

  it("reports a document whose aliases explode instead of expanding it, and reads the next", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 8; level++) {
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(", ")}]`,
      );
    }
    const result = events(
      `apiVersion: v1\nkind: Bomb\n${bomb.join("\n")}\n---\napiVersion: v1\nkind: Fine\n`,
    );
    expect(objects(result).map((o) => o.kind)).toEqual(["Fine"]);
    expect(errors(result)[0]).toMatchObject({ file: "in.yaml", line: 1 });
    expect(errors(result)[0]?.message).toMatch(/alias/i);
  });

  it("counts lines the same with CRLF line ends", () => {
    const text = "apiVersion: v1\r\nkind: A\r\n---\r\napiVersion: v1\r\nkind: B\r\n";
    expect(objects(events(text))).toEqual([
      { kind: "A", line: 1 },
      { kind: "B", line: 4 },
    ]);
  });
});

describe("splitAtDocumentMarkers", () => {
  it.each([
    ["no marker", "a: 1\nb: 2\n", [1]],
    ["leading marker", "---\na: 1\n", [1]],
    ["two documents", "a: 1\n---\nb: 2\n", [1, 2]],
    ["marker with content", "a: 1\n--- !tag\nb: 2\n--- # c\n", [1, 2, 4]],
    ["indented dashes are not markers", "a: |\n  ---\n----\n", [1]],
    ["CRLF", "a: 1\r\n---\r\nb: 2\r\n", [1, 2]],
  ])("%s", (_label, text, firstLines) => {
    const chunks = splitAtDocumentMarkers(text);
    expect(chunks.map((c) => c.firstLine)).toEqual(firstLines);
    expect(chunks.map((c) => c.text).join("")).toBe(text);
  });
});

describe("sourceComment", () => {
  it.each([
    ["# Source: a/b.yaml\nkind: X", "a/b.yaml"],
    ["#Source:   a/b c.yaml  \nkind: X", "a/b c.yaml"],
    ["# Source: first.yaml\n# Source: second.yaml\nkind: X", "second.yaml"],
    ["# Sources are nice\nkind: X", undefined],
    ["kind: X", undefined],
  ])("%j", (text, expected) => {
    expect(sourceComment(text, 0, text.indexOf("kind"))).toBe(expected);
  });
});

describe("yamlErrorMessage", () => {
  it("keeps the first line and the column, drops the file-relative line", () => {
    const message = 'Missing closing "quote at line 21, column 7:\n\n  a: "x\n     ^\n';
    expect(yamlErrorMessage(message)).toBe('invalid YAML: Missing closing "quote (column 7)');
  });
});
