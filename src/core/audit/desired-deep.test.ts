// One desired object too deeply nested to compare is reported with its file and line; the audit goes on.
import { describe, expect, it } from "vitest";
import type { KubeObject, SourcedObject } from "../types.js";
import { createDesiredDiff } from "./desired-diff.js";

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

const item = (object: KubeObject, file: string, line: number): SourcedObject => ({
  object,
  source: { file, line, origin: "manifest" },
});

const configMap = (name: string, data: unknown): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "shop" },
  data: data as Record<string, string>,
});

describe("createDesiredDiff on a deeply nested object", () => {
  it("names the object's file:line and compares the others", () => {
    const live = [
      item(configMap("deep", { x: "1" }), "live.yaml", 1),
      item(configMap("flat", { x: "1" }), "live.yaml", 9),
    ];
    const diff = createDesiredDiff(live);
    diff.add(item(configMap("deep", nested(200_000)), "desired/deep.json", 3));
    diff.add(item(configMap("flat", { x: "2" }), "desired/flat.yaml", 1));
    expect(diff.findings().map((finding) => finding.type)).toEqual(["differs-from-desired"]);
    expect(diff.problems).toEqual([
      {
        file: "desired/deep.json",
        line: 3,
        message: expect.stringMatching(/^ConfigMap shop\/deep is nested too deeply to compare/),
      },
    ]);
  });
});
