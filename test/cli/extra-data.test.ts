import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiLifecycle } from "../../src/core/knowledge.js";
import type { UpgradePlan } from "../../src/core/plan/plan.js";
import type { ScanResult } from "../../src/core/types.js";
import { runCli } from "../support/terminal.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cutover-extra-data-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** An API entry in the documented format (docs/knowledge.md); `fields` replace its lines from line 5 on. */
const apiFile = (fields = WIDGET_FIELDS, apiVersion = "example.com/v1alpha1", kind = "Widget") =>
  `schemaVersion: 1\napis:\n  - apiVersion: ${apiVersion}\n    kind: ${kind}\n${fields.map((line) => `    ${line}\n`).join("")}`;

const WIDGET_FIELDS = [
  'deprecatedIn: "1.28"',
  'removedIn: "1.30"',
  "replacement: example.com/v1",
  'replacementAvailableIn: "1.28"',
  "notes:",
  '  - "spec.size is renamed spec.replicas."',
  'source: "widget-operator 2.0 release notes"',
];

const WIDGET =
  "apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: shop\nspec:\n  size: 3\n";

const scanJson = async (args: string[]) => {
  const run = await runCli([...args, "-o", "json"]);
  return { ...run, result: run.code === 2 ? undefined : (JSON.parse(run.stdout) as ScanResult) };
};

describe("--extra-data: user API entries (end to end)", () => {
  it("finds a Widget that only the extra data knows is removed in 1.30", async () => {
    const manifest = write("widget.yaml", WIDGET);
    const extra = write("extra.yaml", apiFile());
    const run = await scanJson(["scan", manifest, "--extra-data", extra, "-t", "1.30"]);
    expect(run.code).toBe(1);
    expect(run.result?.findings).toEqual([
      {
        kind: "Widget",
        apiVersion: "example.com/v1alpha1",
        name: "w1",
        namespace: "shop",
        status: "removed",
        deprecatedIn: "1.28",
        removedIn: "1.30",
        replacement: "example.com/v1",
        component: "kubernetes",
        notes: ["spec.size is renamed spec.replicas."],
        source: { file: manifest, line: 1, origin: "manifest" },
      },
    ]);
  });

  it.each([
    ["1.27", [], 0],
    ["1.29", ["deprecated"], 0],
    ["1.30", ["removed"], 1],
  ])("at %s the Widget is %j (exit %d)", async (target, statuses, code) => {
    const manifest = write("widget.yaml", WIDGET);
    const extra = write("extra.yaml", apiFile());
    const run = await scanJson(["scan", manifest, "--extra-data", extra, "-t", target]);
    expect(run.result?.findings.map((f) => f.status)).toEqual(statuses);
    expect(run.code).toBe(code);
  });

  it("without --extra-data the Widget is unknown and clean", async () => {
    const run = await scanJson(["scan", write("widget.yaml", WIDGET), "-t", "1.30"]);
    expect(run.result?.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("lists the entry as set user in `cutover apis`", async () => {
    const extra = write("extra.yaml", apiFile());
    const run = await runCli(["apis", "--extra-data", extra, "--set", "user", "-o", "json"]);
    const { apis } = JSON.parse(run.stdout) as { apis: (ApiLifecycle & { set: string })[] };
    expect(apis.map((api) => `${api.set} ${api.apiVersion} ${api.kind} ${api.source}`)).toEqual([
      "user example.com/v1alpha1 Widget widget-operator 2.0 release notes",
    ]);
  });

  it("places the Widget on the 1.30 hop of a plan", async () => {
    const manifest = write("widget.yaml", WIDGET);
    const extra = write("extra.yaml", apiFile());
    const plain = await runCli(["plan", manifest, "--from", "1.29", "--to", "1.31", "--today", "2026-11-26"]);
    expect(plain.code).toBe(0);
    const withExtra = await runCli([
      "plan",
      manifest,
      ...["--extra-data", extra, "--from", "1.29", "--to", "1.31", "--today", "2026-11-26", "-o", "json"],
    ]);
    expect(withExtra.code).toBe(1);
    const plan = JSON.parse(withExtra.stdout) as UpgradePlan;
    expect(plan.hops.map((hop) => [hop.controlPlane, hop.findings.map((f) => f.kind)])).toEqual([
      ["1.30", ["Widget"]],
      ["1.31", []],
    ]);
  });
});

describe("--extra-data errors exit 2 naming the file", () => {
  it("rejects a duplicate of a built-in API, naming both places", async () => {
    const extra = write(
      "dup.yaml",
      apiFile(
        [
          'deprecatedIn: "1.16"',
          'removedIn: "1.22"',
          "replacement: networking.k8s.io/v1",
          'replacementAvailableIn: "1.19"',
          "source: mine",
        ],
        "extensions/v1beta1",
        "Ingress",
      ),
    );
    const run = await runCli(["scan", write("w.yaml", WIDGET), "--extra-data", extra, "-t", "1.30"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`duplicate API extensions/v1beta1 Ingress: ${extra}:3`);
    expect(run.stderr).toMatch(/repeats src\/knowledge\/data\/apis\.yaml:\d+/);
  });

  it("rejects the same API in two extra-data files", async () => {
    const first = write("first.yaml", apiFile());
    const second = write("second.yaml", apiFile());
    const run = await runCli(["apis", "--extra-data", first, "--extra-data", second]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${second}:3 entry 1 (example.com/v1alpha1 Widget) repeats ${first}:3`);
  });

  const replace = (from: string, to: string) => WIDGET_FIELDS.map((line) => (line === from ? to : line));
  it.each([
    [
      "a version that is not a quoted minor",
      replace('removedIn: "1.30"', "removedIn: v1.30.0"),
      6,
      /removedIn: expected a quoted version like "1\.25", got "v1\.30\.0"/,
    ],
    [
      "an unquoted version read as a number",
      replace('deprecatedIn: "1.28"', "deprecatedIn: 1.20"),
      5,
      /deprecatedIn: expected a quoted version .*got 1\.2$/m,
    ],
    ["a misspelt field", [...WIDGET_FIELDS, 'removedin: "1.31"'], 12, /unknown field "removedin"/],
    [
      "a removal before the deprecation",
      replace('deprecatedIn: "1.28"', 'deprecatedIn: "1.31"'),
      6,
      /removedIn: must not be before deprecatedIn "1\.31"/,
    ],
    [
      "a missing source",
      WIDGET_FIELDS.filter((line) => !line.startsWith("source")),
      3,
      /source: expected text, got nothing/,
    ],
    ["broken YAML", ["deprecatedIn: [1.28", 'removedIn: "1.30"'], 6, /not valid YAML/],
  ])("rejects %s with file:line", async (_, fields, line, message) => {
    const extra = write("broken.yaml", apiFile(fields));
    const run = await runCli(["scan", write("w.yaml", WIDGET), "--extra-data", extra, "-t", "1.30"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${extra}:${line}:`);
    expect(run.stderr).toMatch(message);
  });

  it("names a missing extra-data file", async () => {
    const missing = path.join(dir, "nope.yaml");
    const run = await runCli(["scan", write("w.yaml", WIDGET), "--extra-data", missing, "-t", "1.30"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${missing}: cannot read knowledge data file`);
  });
});
