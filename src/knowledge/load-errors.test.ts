// Broken data files and --extra-data files: every problem is a KnowledgeError naming file, line, entry,
// field, what was expected and what was found.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadError } from "../../test/support/knowledge-error.js";
import { defaultDataDir, loadKnowledge } from "./load.js";

const scratch = mkdtempSync(path.join(tmpdir(), "cutover-knowledge-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** A copy of the bundled data directory with some files replaced. */
function dataDirWith(files: Record<string, string>): string {
  const dir = path.join(scratch, `data-${++counter}`);
  cpSync(defaultDataDir(), dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

function extraFile(content: string): string {
  const file = path.join(scratch, `extra-${++counter}.yaml`);
  writeFileSync(file, content);
  return file;
}

/** An apis-format file with one entry; `fields` override the valid defaults (undefined removes a field). */
function apiFile(fields: Record<string, string | undefined> = {}, kind = "PodSecurityPolicy"): string {
  const defaults: Record<string, string | undefined> = {
    apiVersion: "policy/v1beta1",
    kind,
    deprecatedIn: '"1.21"',
    removedIn: '"1.25"',
    replacement: "null",
    replacementAvailableIn: "null",
    source: "test",
  };
  const lines = Object.entries({ ...defaults, ...fields })
    .filter(([, value]) => value !== undefined)
    .map(([field, value], index) => `${index === 0 ? "  - " : "    "}${field}: ${value}`);
  return `schemaVersion: 1\napis:\n${lines.join("\n")}\n`;
}

describe("broken entries in the bundled data", () => {
  it.each([
    [
      "a version with a v and a patch",
      { removedIn: '"v1.25.0"' },
      'removedIn: expected a quoted version like "1.25", got "v1.25.0"',
    ],
    [
      "an unquoted version (YAML reads 1.20 as 1.2)",
      { removedIn: "1.20" },
      'removedIn: expected a quoted version like "1.25", got 1.2',
    ],
    [
      "a removal after the covered span",
      { removedIn: '"1.37"' },
      "removedIn: is after 1.36, the newest version the data covers",
    ],
    [
      "a removal before the covered span",
      { deprecatedIn: '"1.9"', removedIn: '"1.15"' },
      "removedIn: is before 1.16",
    ],
    [
      "a removal before the deprecation",
      { removedIn: '"1.20"' },
      'removedIn: must not be before deprecatedIn "1.21"',
    ],
    ["an unknown field", { removedin: '"1.25"' }, 'unknown field "removedin"'],
    ["a missing source", { source: undefined }, "source: expected text, got nothing (the field is missing)"],
    [
      "an apiVersion without a version",
      { apiVersion: "rbac.istio.io" },
      'apiVersion: expected an apiVersion like "apps/v1"',
    ],
    [
      "an availability without a replacement",
      { replacementAvailableIn: '"1.21"' },
      "replacementAvailableIn: is set but replacement is null",
    ],
  ])("rejects %s", (_, fields, expected) => {
    const error = loadError(() => loadKnowledge({ dataDir: dataDirWith({ "apis.yaml": apiFile(fields) }) }));
    expect(error.message).toContain(expected);
    expect(error.message).toMatch(
      /apis\.yaml:\d+: entry 1 \((policy\/v1beta1|rbac\.istio\.io) PodSecurityPolicy\): /,
    );
    expect(error.file).toMatch(/apis\.yaml$/);
  });

  it("names the line of the broken field", () => {
    const error = loadError(() =>
      loadKnowledge({ dataDir: dataDirWith({ "apis.yaml": apiFile({ removedIn: '"v1.25.0"' }) }) }),
    );
    // schemaVersion, apis:, then apiVersion, kind, deprecatedIn, removedIn.
    expect(error.message).toMatch(
      /^.*apis\.yaml:6: entry 1 \(policy\/v1beta1 PodSecurityPolicy\): removedIn: /,
    );
    expect(error.line).toBe(6);
  });

  it("checks CRD entries against their own project's version format", () => {
    const crd = apiFile(
      { apiVersion: "cert-manager.io/v1alpha2", component: "cert-manager", removedIn: '"v1.6"' },
      "Issuer",
    );
    const error = loadError(() => loadKnowledge({ dataDir: dataDirWith({ "crd-apis.yaml": crd }) }));
    expect(error.message).toContain(
      'crd-apis.yaml:6: entry 1 (cert-manager.io/v1alpha2 Issuer): removedIn: expected a quoted cert-manager version like "1.6", got "v1.6"',
    );
  });

  it.each([
    ["not YAML", "apis.yaml", "schemaVersion: 1\napis: [\n", /apis\.yaml:\d+: not valid YAML: /],
    [
      "a wrong schema version",
      "apis.yaml",
      "schemaVersion: 2\napis: []\n",
      /apis\.yaml:1: schemaVersion: expected 1/,
    ],
    [
      "EKS dates out of order",
      "eks-calendar.yaml",
      'schemaVersion: 1\nreleases:\n  - version: "1.30"\n    upstreamRelease: null\n    eksRelease: "2024-05-23"\n    endOfStandardSupport: "2026-07-23"\n    endOfExtendedSupport: "2025-07-23"\n    source: test\n',
      /eks-calendar\.yaml:7: entry 1 \(1\.30\): endOfExtendedSupport: must come after endOfStandardSupport "2026-07-23", got "2025-07-23"/,
    ],
    [
      "an impossible date",
      "eks-calendar.yaml",
      'schemaVersion: 1\nreleases:\n  - version: "1.30"\n    upstreamRelease: "2024-02-30"\n    eksRelease: null\n    endOfStandardSupport: null\n    endOfExtendedSupport: null\n    source: test\n',
      /entry 1 \(1\.30\): upstreamRelease: expected a real date written YYYY-MM-DD/,
    ],
    [
      "a platform note outside the covered span",
      "platform-notes.yaml",
      'schemaVersion: 1\nnotes:\n  - id: x\n    version: "1.40"\n    severity: info\n    title: t\n    detail: d\n    action: a\n    scope: eks\n    source: s\n',
      /platform-notes\.yaml:4: entry 1 \(x\): version: is after 1\.36/,
    ],
    [
      "a skew rule with half a narrower window",
      "skew.yaml",
      'schemaVersion: 1\nrules:\n  - component: kubelet\n    maxOlder: 3\n    narrowerBelow: "1.25"\n    mayBeNewer: false\n    source: s\n',
      /entry 1 \(kubelet\): narrowerMaxOlder: narrowerBelow and narrowerMaxOlder must be given together/,
    ],
    [
      "an add-on version that is not a version",
      "addons.yaml",
      'schemaVersion: 1\naddons:\n  - addon: coredns\n    versions:\n      "1.30": latest\n    source: s\n',
      /addons\.yaml:5: entry 1 \(coredns\): versions\.1\.30: expected an add-on version like "v1\.11\.4-eksbuild\.2", got "latest"/,
    ],
  ])("rejects %s", (_, file, content, expected) => {
    const error = loadError(() => loadKnowledge({ dataDir: dataDirWith({ [file]: content }) }));
    expect(error.message).toMatch(expected);
  });

  it("rejects the same API in the built-in and CRD files, naming both places", () => {
    const crd = apiFile(
      { apiVersion: "extensions/v1beta1", deprecatedIn: '"1.14"', removedIn: '"1.22"' },
      "Ingress",
    );
    const error = loadError(() => loadKnowledge({ dataDir: dataDirWith({ "crd-apis.yaml": crd }) }));
    expect(error.message).toMatch(
      /duplicate API extensions\/v1beta1 Ingress: .*crd-apis\.yaml:3 entry 1 \(extensions\/v1beta1 Ingress\) repeats .*apis\.yaml:\d+ entry \d+ \(extensions\/v1beta1 Ingress\)/,
    );
  });

  it("rejects a repeated platform note id", () => {
    const note =
      '  - id: x\n    version: "1.30"\n    severity: info\n    title: t\n    detail: d\n    action: a\n    scope: eks\n    source: s\n';
    const error = loadError(() =>
      loadKnowledge({
        dataDir: dataDirWith({ "platform-notes.yaml": `schemaVersion: 1\nnotes:\n${note}${note}` }),
      }),
    );
    expect(error.message).toMatch(/platform-notes\.yaml: notes entry 2 repeats "x" of entry 1/);
  });
});

describe("--extra-data files", () => {
  // The equivalents of pluto's e2e additional-versions/new.yaml and duplicate.yaml in our format.
  const newCrd = apiFile(
    {
      apiVersion: "someother/v1beta1",
      deprecatedIn: '"1.9"',
      removedIn: '"1.16"',
      replacement: "apps/v1",
      component: "other",
    },
    "AnotherCRD",
  );
  const duplicate = apiFile(
    {
      apiVersion: "extensions/v1beta1",
      deprecatedIn: '"1.9"',
      removedIn: '"1.16"',
      replacement: "apps/v1",
      component: "other",
    },
    "Deployment",
  );

  it("adds a user entry", () => {
    const kb = loadKnowledge({ extraDataFiles: [extraFile(newCrd)] });
    expect(kb.apis.find((api) => api.kind === "AnotherCRD")).toMatchObject({
      apiVersion: "someother/v1beta1",
      set: "user",
      component: "other",
      removedIn: "1.16",
      notes: [],
    });
  });

  it("defaults the component to kubernetes and then checks Kubernetes versions", () => {
    const kb = loadKnowledge({
      extraDataFiles: [extraFile(apiFile({ apiVersion: "example.com/v1alpha1" }, "Widget"))],
    });
    expect(kb.apis.find((api) => api.kind === "Widget")).toMatchObject({
      set: "user",
      component: "kubernetes",
    });
    const outOfSpan = extraFile(
      apiFile({ apiVersion: "example.com/v1alpha1", removedIn: '"1.40"' }, "Widget"),
    );
    expect(loadError(() => loadKnowledge({ extraDataFiles: [outOfSpan] })).message).toContain(
      "is after 1.36",
    );
  });

  it("rejects an entry that repeats a built-in API, naming both places", () => {
    const file = extraFile(duplicate);
    const error = loadError(() => loadKnowledge({ extraDataFiles: [file] }));
    expect(error.message).toMatch(/duplicate API extensions\/v1beta1 Deployment: /);
    expect(error.message).toContain(
      `${path.basename(file)}:3 entry 1 (extensions/v1beta1 Deployment) repeats`,
    );
    expect(error.message).toMatch(/apis\.yaml:\d+ entry \d+ \(extensions\/v1beta1 Deployment\)/);
  });

  it("rejects the same API in two extra-data files", () => {
    const error = loadError(() => loadKnowledge({ extraDataFiles: [extraFile(newCrd), extraFile(newCrd)] }));
    expect(error.message).toMatch(
      /duplicate API someother\/v1beta1 AnotherCRD: .*extra-\d+\.yaml:3 .* repeats .*extra-\d+\.yaml:3/,
    );
  });

  it("names a missing extra-data file", () => {
    const missing = path.join(scratch, "no-such-file.yaml");
    const error = loadError(() => loadKnowledge({ extraDataFiles: [missing] }));
    expect(error.message).toContain("no-such-file.yaml: cannot read knowledge data file (no such file)");
  });
});
