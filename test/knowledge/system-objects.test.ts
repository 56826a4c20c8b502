// The system-object rules file: the bundled data is complete and documented, users can extend it, and a
// broken file is a KnowledgeError naming file, line, rule and field.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isSystemObject } from "../../src/core/audit/system-objects.js";
import { defaultDataDir } from "../../src/knowledge/load.js";
import { loadSystemObjectRules, SYSTEM_OBJECTS_FILE } from "../../src/knowledge/load-system-objects.js";
import { loadError } from "../support/knowledge-error.js";

const scratch = mkdtempSync(path.join(tmpdir(), "cutover-system-objects-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function file(content: string): string {
  const written = path.join(scratch, `rules-${++counter}.yaml`);
  writeFileSync(written, content);
  return written;
}

function dataDirWith(content: string): string {
  const dir = path.join(scratch, `data-${++counter}`);
  cpSync(defaultDataDir(), dir, { recursive: true });
  writeFileSync(path.join(dir, SYSTEM_OBJECTS_FILE), content);
  return dir;
}

describe("the bundled system-object rules", () => {
  const { rules, fieldManagers } = loadSystemObjectRules();

  it("gives every rule a unique id and a reason", () => {
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    for (const rule of rules) expect(rule.reason.length, rule.id).toBeGreaterThan(20);
  });

  it("covers the exclusion classes the audit promises", () => {
    const ids = rules.map((rule) => rule.id);
    for (const id of [
      "owned-child",
      "default-service-account",
      "kube-root-ca",
      "endpoints",
      "events",
      "leases",
      "controller-revisions",
      "service-account-token",
      "helm-release-secret",
      "helm-release-configmap",
      "eks-component-label",
      "eks-default-add-ons",
      "bootstrap-rbac-label",
      "bootstrap-rbac-system-names",
      "gitops-tool-namespace",
      "default-namespaces",
      "apf-defaults",
    ]) {
      expect(ids).toContain(id);
    }
  });

  it("lists each tool's managers and the people's tools", () => {
    expect(fieldManagers.gitops.argocd).toContain("argocd-controller");
    expect(fieldManagers.gitops.flux).toEqual(
      expect.arrayContaining(["kustomize-controller", "helm-controller"]),
    );
    expect(fieldManagers.gitops.helm).toEqual(["helm"]);
    expect(fieldManagers.imperative).toEqual(
      expect.arrayContaining(["kubectl-edit", "kubectl-patch", "kubectl-scale", "kubectl-set"]),
    );
    expect(fieldManagers.apply).toEqual(["kubectl-client-side-apply", "kubectl"]);
    expect(fieldManagers.legitimate).toContain("kube-controller-manager");
  });

  it("is read from the package's data directory", () => {
    const text = readFileSync(path.join(defaultDataDir(), SYSTEM_OBJECTS_FILE), "utf8");
    expect(text).toContain("schemaVersion: 1");
  });
});

describe("user rule files", () => {
  it("add rules after the bundled ones, and managers to the lists", () => {
    const extra = file(`schemaVersion: 1
rules:
  - id: team-sandboxes
    reason: Sandboxes are made by the platform's self-service portal and expire on their own.
    match:
      namespaces: ["sandbox-*"]
fieldManagers:
  legitimate: [portal-controller]
  gitops:
    argocd: [argocd-custom]
`);
    const loaded = loadSystemObjectRules([extra]);
    expect(loaded.rules.at(-1)?.id).toBe("team-sandboxes");
    expect(loaded.fieldManagers.legitimate).toContain("portal-controller");
    expect(loaded.fieldManagers.legitimate).toContain("kube-controller-manager");
    expect(loaded.fieldManagers.gitops.argocd).toEqual(
      expect.arrayContaining(["argocd-controller", "argocd-custom"]),
    );
    const sandboxed = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x", namespace: "sandbox-ana" },
    };
    expect(isSystemObject(sandboxed, loaded)).toEqual({ rule: "team-sandboxes" });
  });

  it("may hold only managers", () => {
    const extra = file("schemaVersion: 1\nfieldManagers:\n  imperative: [my-ui]\n");
    expect(loadSystemObjectRules([extra]).fieldManagers.imperative).toContain("my-ui");
  });
});

describe("broken rule files", () => {
  const rule = (match: string, id = "mine") =>
    `schemaVersion: 1\nrules:\n  - id: ${id}\n    reason: a reason long enough\n    match:\n${match}\n`;

  it.each([
    [
      "an unknown match field",
      rule("      kind: [Secret]"),
      /rules-\d+\.yaml:6: entry 1 \(mine\): match: unknown field "kind"/,
    ],
    [
      "an empty match",
      rule("      exceptKinds: [Secret]"),
      /entry 1 \(mine\): match: must name at least one field to match/,
    ],
    ["an empty list", rule("      names: []"), /entry 1 \(mine\): match\.names: must not be empty/],
    [
      "a non-boolean owned",
      rule("      owned: yes-please"),
      /match\.owned: expected true or false, got "yes-please"/,
    ],
    [
      "a bad id",
      rule("      kinds: [Secret]", "My Rule"),
      /entry 1 \(My Rule\): id: expected a kebab-case id/,
    ],
    [
      "a missing reason",
      "schemaVersion: 1\nrules:\n  - id: mine\n    match:\n      kinds: [Secret]\n",
      /entry 1 \(mine\): reason: expected text, got nothing/,
    ],
    ["a wrong schema version", "schemaVersion: 2\n", /schemaVersion: expected 1/],
    [
      "an unknown manager list",
      "schemaVersion: 1\nfieldManagers:\n  people: [me]\n",
      /fieldManagers: unknown field "people"/,
    ],
  ])("%s", (_name, content, message) => {
    const error = loadError(() => loadSystemObjectRules([file(content)]));
    expect(error.message).toMatch(message);
    expect(error.file).toMatch(/rules-\d+\.yaml$/);
  });

  it("reports a misspelt field as such, not also as an empty match", () => {
    const error = loadError(() => loadSystemObjectRules([file(rule("      kind: [Secret]"))]));
    expect(error.message).not.toContain("must name at least one field");
  });

  it("rejects a rule id that repeats a bundled one, naming both places", () => {
    const error = loadError(() => loadSystemObjectRules([file(rule("      kinds: [Secret]", "events"))]));
    expect(error.message).toMatch(
      /rules-\d+\.yaml:3: rule "events" repeats the rule of .*system-objects\.yaml:\d+; give it another id/,
    );
  });

  it("names the line of invalid YAML", () => {
    const error = loadError(() =>
      loadSystemObjectRules([file("schemaVersion: 1\nrules:\n  - id: [unclosed\n")]),
    );
    expect(error.message).toMatch(/rules-\d+\.yaml:\d+: not valid YAML/);
    expect(error.line).not.toBeNull();
  });

  it("names a missing file", () => {
    const missing = path.join(scratch, "nope.yaml");
    expect(loadError(() => loadSystemObjectRules([missing])).message).toContain(
      "nope.yaml: cannot read system-object rules (no such file)",
    );
  });

  it("requires every manager list in the bundled file", () => {
    const dir = dataDirWith(
      "schemaVersion: 1\nrules: []\nfieldManagers:\n  gitops: { argocd: [a], flux: [b], helm: [c] }\n",
    );
    const error = loadError(() => loadSystemObjectRules([], { dataDir: dir }));
    expect(error.message).toMatch(
      /fieldManagers\.imperative: expected a list of names or globs, got nothing/,
    );
  });
});
