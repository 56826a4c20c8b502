import { describe, expect, it } from "vitest";
import { COMPARED_RULES, copyWithoutNulls, METADATA_RULES, OBJECT_RULES } from "./normalize-copy.js";

// The rules leave fields out during the copy; the result is what copying and then deleting them gave.
describe("copyWithoutNulls", () => {
  it.each<[string, unknown, unknown]>([
    ["nulls are absent", { a: 1, b: null }, { a: 1 }],
    ["a map of only nulls is dropped", { a: 1, b: { c: null } }, { a: 1 }],
    ["an empty map is kept", { a: {} }, { a: {} }],
    ["a list element of only nulls stays as an empty map", [{ a: null }, 1], [{}, 1]],
    ["scalars are themselves", "x", "x"],
  ])("%s", (_, input, expected) => {
    expect(copyWithoutNulls(input)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    [
      "server-set metadata, writer annotations and labels are left out",
      {
        uid: "1",
        name: "a",
        annotations: { "deployment.kubernetes.io/revision": "3", team: "x" },
        labels: { "app.kubernetes.io/instance": "a" },
      },
      { name: "a", annotations: { team: "x" } },
    ],
    ["metadata that held only server-set fields stays, empty", { uid: "1", other: null }, {}],
    ["metadata that held only nulls is dropped", { uid: null, annotations: { team: null } }, undefined],
    ["annotations left empty are dropped", { name: "a", annotations: {} }, { name: "a" }],
  ])("metadata: %s", (_, metadata, expected) => {
    expect(copyWithoutNulls(metadata, METADATA_RULES)).toEqual(expected);
  });

  it("leaves status and managedFields out of an object", () => {
    const object = { kind: "X", metadata: { name: "a", managedFields: [{}] }, status: { ready: true } };
    expect(copyWithoutNulls(object, OBJECT_RULES)).toEqual({ kind: "X", metadata: { name: "a" } });
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ["identity and metadata left empty are left out", { name: "a", namespace: "n", uid: "1" }, { spec: 1 }],
    [
      "other metadata stays",
      { name: "a", labels: { team: "x" } },
      { metadata: { labels: { team: "x" } }, spec: 1 },
    ],
  ])("without identity: %s", (_, metadata, expected) => {
    const object = { apiVersion: "v1", kind: "X", metadata, spec: 1 };
    expect(copyWithoutNulls(object, COMPARED_RULES)).toEqual(expected);
  });

  it("does not modify its input", () => {
    const input = { metadata: { uid: "1", name: "a" }, status: {} };
    copyWithoutNulls(input, OBJECT_RULES);
    expect(input).toEqual({ metadata: { uid: "1", name: "a" }, status: {} });
  });
});
