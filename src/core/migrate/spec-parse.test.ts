// What `migrate validate` says about files that are not Migration specs: the file, what it is, and what a
// spec looks like; never the parser's or the schema library's own wording.
import { describe, expect, it } from "vitest";
import { parseMigrationSpec } from "./spec-parse.js";

function messages(text: string): string[] {
  const parsed = parseMigrationSpec(text, "shop.yaml");
  return "errors" in parsed ? parsed.errors.map((error) => `${error.path}: ${error.message}`) : [];
}

const HEAD = "apiVersion: cutover.dev/v1alpha1\nkind: Migration\nmetadata: {name: x}\n";

describe("parseMigrationSpec on files that are not a spec", () => {
  it("a multi-document manifest file names the file, its documents and the shape of a spec", () => {
    const [message, ...rest] = messages(
      "apiVersion: v1\nkind: Namespace\n---\napiVersion: v1\nkind: Service\n",
    );
    expect(rest).toEqual([]);
    expect(message).toContain("shop.yaml holds 2 YAML documents");
    expect(message).toContain("kind: Migration");
    expect(message).not.toMatch(/parseAllDocuments/);
  });

  it("a Kubernetes object is named as such, not as five schema errors", () => {
    const found = messages("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("shop.yaml is a Kubernetes Namespace (v1), not a Migration spec");
    expect(found[0]).toContain("apiVersion: cutover.dev/v1alpha1");
  });

  it.each([
    ["spec: {}", "spec.traffic"],
    ["spec: {}", "spec.steps"],
  ])("%s: %s is explained without the schema library's words", (body, path) => {
    const found = messages(`${HEAD}${body}\n`).find((line) => line.startsWith(`${path}:`));
    expect(found).toBeDefined();
    expect(found).not.toMatch(/Invalid input|received undefined/);
  });

  it("an empty spec names what it needs", () => {
    const found = messages(`${HEAD}spec:\n`);
    expect(found.join("\n")).toMatch(/spec: expected a mapping with blue, green, traffic/);
  });
});
