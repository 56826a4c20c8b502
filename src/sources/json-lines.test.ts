import { describe, expect, it } from "vitest";
import { jsonItemOffsets } from "./json-documents.js";
import { prettyItemLines } from "./json-lines.js";

/** The lines the character scan gives: the reference. */
function scannedLines(text: string): number[] {
  return jsonItemOffsets(text).map((offset) => text.slice(0, offset).split("\n").length);
}

const list = (items: unknown[]) => ({ apiVersion: "v1", items, kind: "List", metadata: {} });
const objects = [
  { apiVersion: "v1", kind: "A", metadata: { name: "a", items: [1, 2] } },
  { apiVersion: "v1", kind: "B", data: { "x\ny": "}\n  {" } },
  { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "C" }] },
];

describe("prettyItemLines", () => {
  it.each([
    ["a List, 2 spaces", JSON.stringify(list(objects), null, 2)],
    ["a List, 4 spaces", JSON.stringify(list(objects), null, 4)],
    ["a top-level array", JSON.stringify(objects, null, 2)],
    ["a List after other keys", JSON.stringify({ kind: "List", apiVersion: "v1", items: objects }, null, 2)],
  ])("places the items of %s as the character scan does", (_label, text) => {
    expect(prettyItemLines(text, 3)).toEqual(scannedLines(text));
  });

  it.each([
    ["compact JSON", JSON.stringify(list(objects)), 3],
    ["items that are arrays", JSON.stringify(list([[1], [2]]), null, 2), 2],
    [
      "a nested items key first",
      JSON.stringify({ metadata: { items: [1, 2, 3] }, items: objects }, null, 2),
      3,
    ],
  ])("leaves %s to the character scan", (_label, text, count) => {
    expect(prettyItemLines(text, count)).toBeUndefined();
  });
});
