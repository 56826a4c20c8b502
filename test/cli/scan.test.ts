import { describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/core/types.js";
import { runCli } from "../support/terminal.js";

const PLUTO = "test/corpus/pluto-fixtures";
const json = (stdout: string) => JSON.parse(stdout) as ScanResult;

describe("cutover scan (end to end)", () => {
  it("finds the removed and deprecated APIs of the bundled examples", async () => {
    const run = await runCli(["scan", "examples", "--target-version", "1.33", "-o", "json"]);
    expect(run.code).toBe(1);
    const result = json(run.stdout);
    const found = result.findings.map((f) => `${f.status} ${f.apiVersion} ${f.kind} ${f.source.origin}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "removed extensions/v1beta1 Ingress manifest",
        "removed policy/v1beta1 PodDisruptionBudget manifest",
        "removed batch/v1beta1 CronJob manifest",
        "removed autoscaling/v2beta2 HorizontalPodAutoscaler manifest",
        "removed flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema manifest",
        "deprecated v1 Endpoints manifest",
        "removed batch/v1beta1 CronJob last-applied",
        "removed flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema managed-fields",
        "removed flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration helm-release",
        "removed autoscaling/v2beta1 HorizontalPodAutoscaler manifest",
        "removed networking.k8s.io/v1beta1 Ingress manifest",
      ]),
    );
    // Only the latest deployed Helm revision counts: revision 1's policy/v1beta1 PDB is not reported.
    expect(result.findings.filter((f) => f.source.origin === "helm-release").map((f) => f.kind)).toEqual([
      "PriorityLevelConfiguration",
    ]);
    expect(result.skipped.map((s) => s.file)).toEqual(["examples/helm-chart/templates/ingress.yaml"]);
    expect(result.errors).toEqual([]);
  });

  it.each([
    [["--fail-on", "none"], 0],
    [["--fail-on", "removed"], 1],
    [["--fail-on", "deprecated"], 1],
  ])("exit code with %j is %d", async (flags, code) => {
    const run = await runCli(["scan", "examples/manifests", "-t", "1.33", "-o", "json", ...flags]);
    expect(run.code).toBe(code);
  });

  it("deprecated-only findings pass --fail-on removed", async () => {
    const run = await runCli(["scan", "examples/manifests/platform.yaml", "-t", "1.31", "-o", "json"]);
    const result = json(run.stdout);
    expect(result.findings.map((f) => f.status)).toEqual(["deprecated"]);
    expect(run.code).toBe(0);
  });

  it("pluto e2e: deprecated116 is removed at 1.16 and exits 1; 1.15 is outside the data and exits 2", async () => {
    const file = `${PLUTO}/e2e/tests/assets/deprecated116/deployment-extensions-v1beta1.yaml`;
    const at116 = await runCli(["scan", file, "-t", "1.16", "-o", "json"]);
    expect(json(at116.stdout).findings.map((f) => [f.name, f.status, f.replacement])).toEqual([
      ["utilities", "removed", "apps/v1"],
    ]);
    expect(at116.code).toBe(1);
    const at115 = await runCli(["scan", file, "-t", "1.15", "-o", "json"]);
    expect(at115.code).toBe(2);
    expect(at115.stderr).toMatch(/known: 1\.16,/);
  });

  it("pluto e2e: the non-deprecated assets are clean at 1.16 and exit 0", async () => {
    const run = await runCli([
      "scan",
      `${PLUTO}/e2e/tests/assets/non-deprecated`,
      "-t",
      "1.16",
      "-o",
      "json",
    ]);
    expect(json(run.stdout).findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("pluto e2e: Helm 3 release secrets report the deployed release's old APIs", async () => {
    const run = await runCli(["scan", `${PLUTO}/e2e/tests/assets/helm3`, "-t", "1.25", "-o", "json"]);
    const found = json(run.stdout).findings.map((f) => `${f.source.release} ${f.kind} ${f.apiVersion}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Deployment extensions\/v1beta1$/),
        expect.stringMatching(/PodDisruptionBudget policy\/v1beta1$/),
        expect.stringMatching(/HorizontalPodAutoscaler autoscaling\/v2beta1$/),
      ]),
    );
    expect(run.code).toBe(1);
  });

  it("pluto e2e: a List with one old and one current Deployment reports only the old one", async () => {
    const run = await runCli(["scan", `${PLUTO}/e2e/tests/assets/list`, "-t", "1.16", "-o", "json"]);
    const result = json(run.stdout);
    expect(result.findings.map((f) => f.apiVersion)).toEqual(["extensions/v1beta1"]);
  });

  it("reads stdin with -", async () => {
    const manifest = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: c, namespace: x }\n";
    const run = await runCli(["scan", "-", "-t", "1.25", "-o", "json"], manifest);
    expect(json(run.stdout).findings[0]).toMatchObject({
      kind: "CronJob",
      status: "removed",
      source: { file: "-" },
    });
  });

  it.each([
    [["scan", "examples", "-t", "1.99"], /not a known Kubernetes version; known: 1\.16, .*1\.36/],
    [["scan", "examples", "-t", "1.33", "-o", "xml"], /--output "xml" is not one of: table, json/],
    [["scan", "examples", "-t", "1.33", "--fail-on", "warn"], /--fail-on "warn" is not one of/],
    [["scan", "-t", "1.33"], /nothing to read/],
  ])("usage error %j exits 2 naming the problem", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("a missing path is an input error naming it, and the other paths are still scanned", async () => {
    const run = await runCli(["scan", "no/such/dir", "examples/manifests", "-t", "1.33", "-o", "json"]);
    expect(run.code).toBe(2);
    const result = json(run.stdout);
    expect(result.errors[0]?.message).toContain("no/such/dir");
    expect(result.findings.length).toBeGreaterThan(3);
  });

  it.each([
    [["--exclude-kinds", "Ingress,CronJob"], ["Ingress", "CronJob"], false],
    [["--ignore", "PodDisruptionBudget/web"], ["PodDisruptionBudget"], false],
    [["-n", "kube-system"], ["Ingress"], false],
    [["-n", "shop"], ["Ingress"], true],
  ])("filters %j", async (flags, kinds, present) => {
    const run = await runCli(["scan", "examples/manifests", "-t", "1.33", "-o", "json", ...flags]);
    const seen = json(run.stdout).findings.map((f) => f.kind);
    for (const kind of kinds) expect(seen.includes(kind)).toBe(present);
  });
});

describe("cutover version", () => {
  it("matches package.json and is the SARIF tool version", async () => {
    const { readFileSync } = await import("node:fs");
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const version = await runCli(["--version"]);
    expect(version.stdout.trim()).toBe(pkg.version);
    const sarif = JSON.parse(
      (await runCli(["scan", "examples/manifests", "-t", "1.33", "-o", "sarif"])).stdout,
    );
    expect(sarif.runs[0].tool.driver.version).toBe(pkg.version);
  });
});
