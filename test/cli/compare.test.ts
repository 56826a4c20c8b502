import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CompareResultContract, CompareResultSchema } from "../../src/report/compare/contract.js";
import { blueObjects, greenObjects, type Json, SECRET_TEXTS, writePair } from "../support/compare-pair.js";
import { type FakeApiServer, type FakeResource, startFakeApiServer } from "../support/fake-apiserver.js";
import { runCli } from "../support/terminal.js";

let dir: string;
let pair: { blue: string; green: string };
const SIDES = () => ["--blue-snapshot", pair.blue, "--green-snapshot", pair.green];
const json = (stdout: string) => JSON.parse(stdout) as CompareResultContract;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cutover-compare-"));
  pair = writePair(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cutover compare on a planted pair of snapshots", () => {
  it("reports the planted differences per application, blocking first, and exits 1", async () => {
    const run = await runCli(["compare", ...SIDES(), "-o", "json"]);
    expect(run.code).toBe(1);
    const result = json(run.stdout);
    expect(CompareResultSchema.safeParse(result).error).toBeUndefined();
    expect(result.verdict).toBe("not-ready");
    expect(
      result.items.map(
        (item) => `${item.level} ${item.app} ${item.type} ${item.object?.kind} ${item.field ?? "-"}`,
      ),
    ).toEqual([
      "blocking argocd:shop not-ready Application -",
      "blocking argocd:shop not-ready PersistentVolumeClaim -",
      "blocking namespace:shop missing-on-green CronJob -",
      "drift argocd:shop differs ConfigMap data.LOG_LEVEL",
      "drift argocd:shop differs Deployment containers[web].image",
      "drift argocd:shop differs Secret data.password",
    ]);
    expect(result.items[4]?.message).toContain("(green is behind)");
    expect(result.expected.map((entry) => entry.reason).sort()).toEqual([
      "cluster-address",
      "irsa-role-arn",
      "load-balancer-hostname",
      "node-names",
      "set-identifier",
    ]);
    expect(result.blue.source).toBe(`--blue-snapshot ${pair.blue}`);
    expect(result.versionGap).toContain("2 minor versions ahead");
  });

  it.each(["json", "yaml", "markdown", "table"])("never prints a Secret value (-o %s)", async (format) => {
    const run = await runCli(["compare", ...SIDES(), "-o", format]);
    expect(run.stdout).toContain("db-credentials");
    for (const secret of SECRET_TEXTS) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });

  it("markdown has the verdict, the blocking items first and one section per application", async () => {
    const run = await runCli(["compare", ...SIDES(), "-o", "markdown"]);
    const text = run.stdout;
    expect(text.startsWith("## Blue-green compare: not ready\n")).toBe(true);
    expect(text.indexOf("### Blocking")).toBeLessThan(text.indexOf("### argocd:shop"));
    expect(text).toContain("### namespace:shop");
    expect(text).toContain("| irsa-role-arn | argocd:shop | ServiceAccount shop/web |");
  });

  it("the table starts with the verdict and lists the expected differences apart", async () => {
    const run = await runCli(["compare", ...SIDES(), "-o", "table"]);
    expect(run.stdout.split("\n")[0]).toMatch(/^NOT READY: green is not ready: 3 blocking items/);
    expect(run.stdout).toContain("Expected differences (never counted as drift):");
  });

  it("--fail-on none exits 0; --fail-on missing-on-green exits 1", async () => {
    expect((await runCli(["compare", ...SIDES(), "--fail-on", "none"])).code).toBe(0);
    expect((await runCli(["compare", ...SIDES(), "--fail-on", "missing-on-green"])).code).toBe(1);
  });

  it("--ignore takes rules in audit's system-object syntax; their differences are expected", async () => {
    const ignore = join(dir, "ignore.yaml");
    writeFileSync(
      ignore,
      [
        "schemaVersion: 1",
        "rules:",
        "  - id: nightly-report-retired",
        "    reason: The nightly report is not moved to green.",
        "    match: { kinds: [CronJob], names: [nightly-report] }",
      ].join("\n"),
    );
    const result = json((await runCli(["compare", ...SIDES(), "--ignore", ignore, "-o", "json"])).stdout);
    expect(result.items.some((item) => item.object?.kind === "CronJob")).toBe(false);
    expect(result.expected.find((entry) => entry.reason === "ignore-rule")).toMatchObject({
      rule: "nightly-report-retired",
      object: { kind: "CronJob", name: "nightly-report" },
    });
  });

  it("identical sides are at parity and exit 0", async () => {
    const run = await runCli(["compare", "--blue-snapshot", pair.blue, "--green", pair.blue, "-o", "json"]);
    expect(run.code).toBe(0);
    expect(json(run.stdout).verdict).toBe("at-parity");
  });
});

describe("cutover compare: bad input", () => {
  it("an unreadable source exits 2 and names it", async () => {
    const missing = join(dir, "no-such-snapshot");
    const run = await runCli([
      "compare",
      "--blue-snapshot",
      pair.blue,
      "--green-snapshot",
      missing,
      "-o",
      "json",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(missing);
    expect(run.stderr).toContain("green");
  });

  it("a side with nothing to read exits 2 with the flags to use", async () => {
    const run = await runCli(["compare", "--blue-snapshot", pair.blue]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nothing to read for green: give --green-snapshot DIR");
  });

  it("an empty directory exits 2 naming the side", async () => {
    const empty = join(dir, "empty");
    mkdirSync(empty, { recursive: true });
    const run = await runCli(["compare", "--blue-snapshot", empty, "--green-snapshot", pair.green]);
    expect(run.code).toBe(2);
    // The source names the empty path itself (an input error), before compare's own check of the side.
    expect(run.stderr).toContain(`blue: ${empty}: no Kubernetes object in ${empty}`);
  });

  it("--allow-empty makes an empty directory a warning; the compare goes on", async () => {
    const empty = freshDir("empty-allowed");
    const args = ["compare", "--blue-snapshot", empty, "--green-snapshot", pair.green, "-o", "json"];
    const run = await runCli([...args, "--allow-empty", "--jobs", "1", "--fail-on", "none"]);
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report.inputErrors).toEqual([]);
    expect(JSON.stringify(report.warnings)).toContain(`no Kubernetes object in ${empty}`);
  });

  it("--jobs must be a whole number", async () => {
    const run = await runCli([
      "compare",
      "--blue-snapshot",
      pair.blue,
      "--green-snapshot",
      pair.green,
      "--jobs",
      "0",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--jobs "0" is not a whole number from 1 to 256');
  });
});

function freshDir(name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
}

/** One side as fake API server resources: built-in objects without apiVersion/kind, as lists return them. */
function resourcesOf(objects: Json[]): FakeResource[] {
  const byKind = new Map<string, FakeResource>();
  const plural = (kind: string) => {
    const lower = kind.toLowerCase();
    return lower.endsWith("s")
      ? `${lower}es`
      : lower.endsWith("y")
        ? `${lower.slice(0, -1)}ies`
        : `${lower}s`;
  };
  for (const object of objects) {
    const [group, version] = object.apiVersion.includes("/")
      ? object.apiVersion.split("/")
      : ["", object.apiVersion];
    // A live server serves each kind at one version: Ingresses at networking.k8s.io/v1.
    const served =
      object.kind === "Ingress" ? { group: "networking.k8s.io", version: "v1" } : { group, version };
    const key = `${served.group}/${object.kind}`;
    const resource: FakeResource = byKind.get(key) ?? {
      ...served,
      resource: plural(object.kind),
      kind: object.kind,
      namespaced: object.metadata?.namespace !== undefined,
      objects: [] as Json[],
    };
    const { apiVersion: _a, kind: _k, ...rest } = object;
    resource.objects?.push(rest);
    byKind.set(key, resource);
  }
  return [...byKind.values()];
}

describe("cutover compare live, one fake API server per side", () => {
  const servers: FakeApiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("reads both clusters and finds the same planted differences", async () => {
    const blue = await startFakeApiServer({ resources: resourcesOf(blueObjects()) });
    const green = await startFakeApiServer({ resources: resourcesOf(greenObjects()) });
    servers.push(blue, green);
    const blueConfig = blue.writeKubeconfig(freshDir("blue-kube"));
    const greenConfig = green.writeKubeconfig(freshDir("green-kube"));
    const run = await runCli([
      "compare",
      ...["--blue-kubeconfig", blueConfig, "--blue-context", "fake"],
      ...["--green-kubeconfig", greenConfig],
      "-o",
      "json",
    ]);
    expect(run.stderr).toBe("");
    const result = json(run.stdout);
    expect(result.verdict).toBe("not-ready");
    expect(result.items.map((item) => `${item.type} ${item.object?.kind} ${item.field ?? "-"}`)).toEqual([
      "not-ready Application -",
      "not-ready PersistentVolumeClaim -",
      "missing-on-green CronJob -",
      "differs ConfigMap data.LOG_LEVEL",
      "differs Deployment containers[web].image",
      "differs Secret data.password",
    ]);
    expect(result.blue.source).toBe(`--blue-context fake --blue-kubeconfig ${blueConfig}`);
    for (const secret of SECRET_TEXTS) expect(run.stdout).not.toContain(secret);
  });

  it("an unreachable cluster exits 2 naming the side", async () => {
    const blue = await startFakeApiServer({ resources: resourcesOf(blueObjects()) });
    servers.push(blue);
    const config = blue.writeKubeconfig(freshDir("blue-kube-2"));
    const run = await runCli([
      "compare",
      "--blue-snapshot",
      pair.blue,
      "--green-kubeconfig",
      config,
      "--green-context",
      "other",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: green \(--green-context other --green-kubeconfig /);
  });
});
