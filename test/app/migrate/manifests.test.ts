// Preflight scans green's desired manifests (spec.green.manifests) at green's version (spec.green.version)
// with the real scanner and knowledge base, on pluto's fixtures from the corpus: a Deployment in
// extensions/v1beta1 (removed in 1.16) and the same Deployment in apps/v1.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanIssues } from "../../../src/app/migrate/manifest-check.js";
import { manifestScanner } from "../../../src/app/migrate/wiring.js";
import type { Finding, ScanResult } from "../../../src/core/types.js";
import type { PreflightIssue } from "../../../src/ports/traffic.js";
import { healthy } from "../../support/fake-metrics.js";
import { BASE_SPEC } from "../../support/migration-spec.js";
import { harness, NAME, w } from "./driver-harness.js";

const ASSETS = "test/corpus/pluto-fixtures/e2e/tests/assets";
const REMOVED = `${ASSETS}/deprecated116`;
const REMOVED_FILE = `${REMOVED}/deployment-extensions-v1beta1.yaml`;
const CLEAN = `${ASSETS}/non-deprecated`;
const HELM_RENDERED = `${ASSETS}/helm3/decoded/secret-demo2.manifest.yaml`;

const EMPTY = mkdtempSync(path.join(tmpdir(), "cutover-no-manifests-"));
writeFileSync(path.join(EMPTY, "README.md"), "# rendered output goes here\n");
afterAll(() => rmSync(EMPTY, { recursive: true, force: true }));

/** BASE_SPEC with green's version and manifests. */
function specWith(version: string, manifests: string[]): string {
  const green = `green: { labels: { cluster: green }, version: "${version}", manifests: ${JSON.stringify(manifests)} }`;
  return BASE_SPEC.replace("green: { labels: { cluster: green } }", green);
}

async function preflightIssues(h: ReturnType<typeof harness>): Promise<PreflightIssue[]> {
  const [failed] = await h.eventsOf("preflight-failed");
  return (failed?.data.issues as PreflightIssue[] | undefined) ?? [];
}

describe("preflight: green's manifests at green's version", () => {
  it("a removed API blocks the migration at preflight, before any weight change", async () => {
    const h = harness(healthy, specWith("1.33", [REMOVED]));
    const result = await h.run({ scanManifests: manifestScanner() });
    expect(result.stopped).toBe("blocked");
    expect(await h.weightsSet()).toEqual([]);
    expect(h.traffic.changes).toEqual([]);
    expect(await preflightIssues(h)).toEqual([
      {
        provider: "scan",
        message: `${REMOVED_FILE}:1: Deployment utilities uses extensions/v1beta1, removed in Kubernetes 1.16, green runs 1.33`,
        fix: "migrate to apps/v1",
      },
    ]);
    expect(result.reason).toContain("preflight failed:");
    expect(result.reason).toContain("(fix: migrate to apps/v1)");
    expect(await h.store.types(NAME)).not.toContain("weights-intended");
  });

  it.each([
    ["1.24", "deprecated there: they still work, so they do not block", []],
    [
      "1.25",
      "removed there: one issue each, with the line of each object",
      [
        `${HELM_RENDERED}:3: PodDisruptionBudget demo2-basic-demo (from basic-demo/templates/pdb.yaml) uses policy/v1beta1, removed in Kubernetes 1.25, green runs 1.25`,
        `${HELM_RENDERED}:97: HorizontalPodAutoscaler demo2-basic-demo (from basic-demo/templates/hpa.yaml) uses autoscaling/v2beta1, removed in Kubernetes 1.25, green runs 1.25`,
      ],
    ],
  ])("a Helm-rendered manifest at %s: its PDB and HPA APIs are %s", async (version, _, messages) => {
    const h = harness(healthy, specWith(version, [HELM_RENDERED]));
    const result = await h.run({ scanManifests: manifestScanner() });
    expect(result.stopped).toBe(messages.length === 0 ? "completed" : "blocked");
    expect((await preflightIssues(h)).map((issue) => issue.message)).toEqual(messages);
  });

  it("clean manifests pass, and the migration completes", async () => {
    const h = harness(healthy, specWith("v1.33", [CLEAN]));
    const result = await h.run({ scanManifests: manifestScanner() });
    expect(result.stopped).toBe("completed");
    expect(await h.weightsSet()).toEqual([w(20), w(50), w(80), w(100)]);
  });

  it("--dry-run lists the removed API among the preflight issues and changes nothing", async () => {
    const h = harness(healthy, specWith("1.33", [CLEAN, REMOVED]));
    const result = await h.run({ scanManifests: manifestScanner(), dryRun: true });
    expect(result.stopped).toBe("dry-run");
    expect(result.preflightIssues.map((issue) => issue.fix)).toEqual(["migrate to apps/v1"]);
    expect(await h.store.get(NAME)).toBeNull();
  });

  it.each([
    [
      "a version cutover does not know",
      specWith("1.99", [CLEAN]),
      /^spec\.green\.version "1\.99" is not a Kubernetes version cutover knows; known: 1\.16, .*1\.33/,
    ],
    [
      "a path that does not exist",
      specWith("1.33", ["/nonexistent/gitops"]),
      /^cannot read green's manifests: \/nonexistent\/gitops/,
    ],
    [
      "a directory with no manifests",
      specWith("1.33", [EMPTY]),
      /^green's manifests \(.*\) hold no Kubernetes objects, so nothing was checked at 1\.33$/,
    ],
  ])("%s blocks preflight with a clear issue", async (_, spec, message) => {
    const h = harness(healthy, spec);
    const result = await h.run({ scanManifests: manifestScanner() });
    expect(result.stopped).toBe("blocked");
    const issues = await preflightIssues(h);
    expect(issues.map((issue) => issue.message)).toEqual([expect.stringMatching(message)]);
    expect(h.traffic.changes).toEqual([]);
  });

  it("without a scanner, a spec that names manifests is not silently passed", async () => {
    const h = harness(healthy, specWith("1.33", [CLEAN]));
    const result = await h.run();
    expect(result.stopped).toBe("blocked");
    expect((await preflightIssues(h))[0]?.message).toContain("without a manifest scanner");
  });
});

describe("scanIssues", () => {
  const finding = (overrides: Partial<Finding> = {}): Finding => ({
    kind: "Ingress",
    apiVersion: "extensions/v1beta1",
    name: "web",
    namespace: "shop",
    status: "removed",
    deprecatedIn: "1.14",
    removedIn: "1.22",
    replacement: "networking.k8s.io/v1",
    component: "kubernetes",
    notes: [],
    source: { file: "/gitops/web.yaml", line: 12, origin: "manifest" },
    ...overrides,
  });
  const result = (findings: Finding[]): ScanResult => ({
    targetVersion: "1.33",
    findings,
    errors: [],
    skipped: [],
    warnings: [],
    summary: { objects: findings.length + 1, removed: 0, deprecated: 0, files: 1 },
  });

  it.each<[string, Finding, string, string]>([
    [
      "a namespaced object",
      finding(),
      "/gitops/web.yaml:12: Ingress shop/web uses extensions/v1beta1, removed in Kubernetes 1.22, green runs 1.33",
      "migrate to networking.k8s.io/v1",
    ],
    [
      "an API seen in the last-applied annotation",
      finding({ source: { file: "/gitops/web.yaml", line: 3, origin: "last-applied" } }),
      "/gitops/web.yaml:3: Ingress shop/web uses extensions/v1beta1 (in its last-applied), removed in Kubernetes 1.22, green runs 1.33",
      "migrate to networking.k8s.io/v1",
    ],
    [
      "a CRD API removed by its project, without a replacement",
      finding({
        kind: "Certificate",
        apiVersion: "certmanager.k8s.io/v1alpha1",
        namespace: null,
        component: "cert-manager",
        removedIn: "v0.11",
        replacement: null,
      }),
      "/gitops/web.yaml:12: Certificate web uses certmanager.k8s.io/v1alpha1, removed by cert-manager v0.11",
      "move Certificate to an API version green serves (see `cutover apis`)",
    ],
  ])("%s", (_, removed, message, fix) => {
    expect(scanIssues(result([removed]), "1.33", ["/gitops"])).toEqual([{ provider: "scan", message, fix }]);
  });

  it("deprecated APIs do not block", () => {
    expect(scanIssues(result([finding({ status: "deprecated" })]), "1.33", ["/gitops"])).toEqual([]);
  });

  it("lists 20 removed APIs and counts the rest, pointing at cutover scan", () => {
    const many = Array.from({ length: 23 }, (_, index) => finding({ name: `web-${index}` }));
    const issues = scanIssues(result(many), "1.33", ["/gitops"]);
    expect(issues).toHaveLength(21);
    expect(issues.at(-1)).toEqual({
      provider: "scan",
      message: "green's manifests use 3 more APIs removed at 1.33",
      fix: "run `cutover scan --target-version 1.33 /gitops` for the full list",
    });
  });
});
