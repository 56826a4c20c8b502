import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import type { UpgradePlan } from "../../src/core/plan/plan.js";
import type { Finding, ScanResult } from "../../src/core/types.js";
import {
  CLUSTER_OBJECTS,
  clusterWithOldApis,
  EXPECTED_AT_133,
  RELEASE_OBJECTS,
} from "../fixtures/cli/old-api-cluster.js";
import {
  FAKE_TOKEN,
  type FakeApiServer,
  type FakeApiServerOptions,
  OTHER_TOKEN,
  startFakeApiServer,
} from "../support/fake-apiserver.js";
import { type CliRun, runCli } from "../support/terminal.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

let dir: string;
let server: FakeApiServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cutover-cli-snapshot-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const describeFinding = (f: Finding) =>
  [
    f.status,
    f.apiVersion,
    f.kind,
    `${f.namespace ?? "-"}/${f.name}`,
    f.source.origin,
    f.source.manager ?? f.source.release,
  ]
    .filter(Boolean)
    .join(" ");

async function start(
  options: FakeApiServerOptions = {},
): Promise<{ fake: FakeApiServer; kubeconfig: string }> {
  server = await startFakeApiServer({ resources: clusterWithOldApis(), ...options });
  return { fake: server, kubeconfig: server.writeKubeconfig(dir) };
}

function expectNoToken(run: CliRun): void {
  for (const token of [FAKE_TOKEN, OTHER_TOKEN]) {
    expect(run.stdout).not.toContain(token);
    expect(run.stderr).not.toContain(token);
  }
}

describe("cutover snapshot → scan --snapshot (end to end, fake API server)", () => {
  it("writes the cluster to a directory that scan reads back with the same findings", async () => {
    const { kubeconfig } = await start();
    const out = path.join(dir, "snap");
    const snapshot = await runCli([
      "snapshot",
      "--kubeconfig",
      kubeconfig,
      "--context",
      "fake",
      "--out",
      out,
    ]);
    expect(snapshot.code).toBe(0);
    expectNoToken(snapshot);
    const written = /^wrote (\d+) objects in (\d+) files to (.+)$/m.exec(snapshot.stdout);
    expect(written?.[3]).toBe(out);
    const objects = Number(written?.[1]);
    const files = readdirSync(out).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "batch_v1_cronjobs.yaml",
        "core_v1_endpoints.yaml",
        "core_v1_nodes.yaml",
        "core_v1_secrets.yaml",
        "flowcontrol.apiserver.k8s.io_v1_flowschemas.yaml",
        "snapshot.json",
      ]),
    );
    expect(files.filter((f) => f.endsWith(".yaml"))).toHaveLength(Number(written?.[2]));
    for (const file of files) {
      expect(statSync(path.join(out, file)).mode & 0o777, file).toBe(0o600);
      expect(readFileSync(path.join(out, file), "utf8"), file).not.toContain(FAKE_TOKEN);
    }

    const scan = await runCli(["scan", "--snapshot", out, "-t", "1.33", "-o", "json"]);
    expect(scan.code).toBe(1);
    const result = JSON.parse(scan.stdout) as ScanResult;
    expect(result.errors).toEqual([]);
    expect(objects).toBe(CLUSTER_OBJECTS);
    // Every object written is read back, plus the deployed Helm release's 2 objects (the snapshot.json
    // manifest may count as one more).
    expect(result.summary.objects - (objects + RELEASE_OBJECTS)).toBeGreaterThanOrEqual(0);
    expect(result.summary.objects - (objects + RELEASE_OBJECTS)).toBeLessThanOrEqual(1);
    expect(result.findings.map(describeFinding).sort()).toEqual(EXPECTED_AT_133);
    for (const finding of result.findings) {
      expect(finding.source.file.startsWith(out), finding.source.file).toBe(true);
      expect(finding.source.line).toBeGreaterThan(0);
    }
  });

  it("--kubeconfig alone reads that file's current context, as kubectl does", async () => {
    const { kubeconfig } = await start();
    const run = await runCli(["scan", "--kubeconfig", kubeconfig, "-t", "1.33", "-o", "json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result.findings.map(describeFinding).sort()).toEqual(EXPECTED_AT_133);
  });

  it("scans the live cluster directly, with cluster:<context> provenance and json by default", async () => {
    const { fake, kubeconfig } = await start();
    const run = await runCli(["scan", "--context", "fake", "--kubeconfig", kubeconfig, "-t", "1.33"]);
    expect(run.code).toBe(1);
    expectNoToken(run);
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result.findings.map(describeFinding).sort()).toEqual(EXPECTED_AT_133);
    expect(new Set(result.findings.map((f) => `${f.source.file}:${f.source.line}`))).toEqual(
      new Set(["cluster:fake:null"]),
    );
    expect(result.summary.objects).toBe(CLUSTER_OBJECTS + RELEASE_OBJECTS);
    expect(new Set(fake.requests.map((r) => r.authorization))).toEqual(new Set([`Bearer ${FAKE_TOKEN}`]));
  });

  it("finds the cluster through KUBECONFIG, as kubectl does", async () => {
    const { kubeconfig } = await start();
    vi.stubEnv("KUBECONFIG", kubeconfig);
    const run = await runCli(["scan", "--context", "fake", "-t", "1.33", "-o", "json"]);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as ScanResult).findings.map(describeFinding).sort()).toEqual(
      EXPECTED_AT_133,
    );
  });

  it("plans against the live cluster: kubelets and node kinds from its Nodes, APIs on their hops", async () => {
    const { kubeconfig } = await start();
    const run = await runCli([
      "plan",
      ...["--from", "1.31", "--to", "1.33", "--today", "2026-11-26", "-o", "json"],
      ...["--context", "fake", "--kubeconfig", kubeconfig],
    ]);
    expect(run.code).toBe(1);
    const plan = JSON.parse(run.stdout) as UpgradePlan;
    expect(plan.nodesFrom).toBe("1.31");
    expect(plan.nodeKinds).toEqual(["managed-node-group"]);
    const kinds = (version: string) =>
      plan.hops
        .find((hop) => hop.controlPlane === version)
        ?.findings.map((f) => f.kind)
        .sort();
    expect(kinds("1.32")).toEqual(["CronJob", "FlowSchema", "PriorityLevelConfiguration"]);
    expect(kinds("1.33")).toEqual([]);
  });

  it("--no-secret-data writes each Secret value as its SHA-256 (keys kept, last-applied too); the rest whole", async () => {
    const secret = {
      metadata: {
        name: "db",
        namespace: "shop",
        annotations: {
          [LAST_APPLIED]: JSON.stringify({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "db", namespace: "shop" },
            data: { password: "aHVudGVyMg==" },
            stringData: { token: "s3cr3t-tok" },
          }),
        },
      },
      type: "Opaque",
      data: { password: "aHVudGVyMg==", user: "b3Bz" },
    };
    const resources = clusterWithOldApis().map((r) =>
      r.resource === "secrets" ? { ...r, objects: [...(r.objects ?? []), secret] } : r,
    );
    const { kubeconfig } = await start({ resources });
    const out = path.join(dir, "snap");
    const run = await runCli(["snapshot", "--kubeconfig", kubeconfig, "--no-secret-data", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(path.join(out, "core_v1_secrets.yaml"), "utf8");
    for (const value of ["aHVudGVyMg==", "b3Bz", "s3cr3t-tok", "hunter2"]) expect(text).not.toContain(value);
    type Item = { metadata: { name: string; annotations: Record<string, string> }; data?: object };
    const items = (parse(text) as { items: Item[] }).items;
    const db = items.find((item) => item.metadata.name === "db");
    const sha = (value: string) => `sha256:${createHash("sha256").update(value).digest("hex")}`;
    expect(db?.data).toEqual({ password: sha("hunter2"), user: sha("ops") });
    expect(JSON.parse(db?.metadata.annotations[LAST_APPLIED] ?? "")).toMatchObject({
      data: { password: sha("hunter2") },
      stringData: { token: sha("s3cr3t-tok") },
    });
    // Every Secret's values, the default one's too; the manifest says how they were written.
    expect(
      items.every((item) => Object.values(item.data ?? {}).every((v) => String(v).startsWith("sha256:"))),
    ).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, "snapshot.json"), "utf8"))).toMatchObject({
      secretData: "sha256",
    });
    // Other objects are whole: a ConfigMap keeps its data.
    expect(readFileSync(path.join(out, "core_v1_configmaps.yaml"), "utf8")).not.toContain("sha256:");
    const scan = await runCli(["scan", "--snapshot", out, "-t", "1.33", "-o", "json"]);
    // A Helm release record's data is hashed too: scan says so instead of reading a release.
    expect(scan.stdout).toContain(
      "Helm release record Secret shop/sh.helm.release.v1.legacy-api.v2: data.release is a hash, written by `cutover snapshot --no-secret-data`",
    );
  });

  it("-n writes only the objects of that namespace", async () => {
    const { kubeconfig } = await start();
    const out = path.join(dir, "snap");
    const run = await runCli(["snapshot", "--kubeconfig", kubeconfig, "-n", "shop", "--out", out]);
    expect(run.code).toBe(0);
    expect(readdirSync(out)).not.toContain("core_v1_nodes.yaml");
    const scan = await runCli(["scan", "--snapshot", out, "-t", "1.33", "-o", "json"]);
    const result = JSON.parse(scan.stdout) as ScanResult;
    expect(result.findings.map(describeFinding).sort()).toEqual(
      EXPECTED_AT_133.filter((finding) => finding.includes(" shop/")),
    );
  });

  it("warns about a forbidden resource, still writes the rest, and exits 0", async () => {
    const { kubeconfig } = await start({ forbidden: ["core/v1/secrets"] });
    const out = path.join(dir, "snap");
    const run = await runCli(["snapshot", "--kubeconfig", kubeconfig, "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning: skipped core/v1/secrets: forbidden (403)");
    expect(readdirSync(out)).not.toContain("core_v1_secrets.yaml");
    expect(readdirSync(out)).toContain("core_v1_pods.yaml");
  });
});

describe("cutover snapshot and --context usage errors", () => {
  it.each([
    ["snapshot", ["--out", "OUT"]],
    ["scan", ["-t", "1.33"]],
    ["plan", ["--from", "1.31", "--to", "1.33"]],
  ])(
    "%s with an unknown context exits 2 listing the contexts, before any request",
    async (command, flags) => {
      const { fake, kubeconfig } = await start();
      const args = flags.map((flag) => (flag === "OUT" ? path.join(dir, "snap") : flag));
      const run = await runCli([command, ...args, "--context", "prod", "--kubeconfig", kubeconfig]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /context "prod" \(--context\) is not defined .*available contexts: fake, other/,
      );
      expectNoToken(run);
      expect(fake.requests).toEqual([]);
    },
  );

  it("snapshot without --out exits 2 and reads nothing", async () => {
    const { fake, kubeconfig } = await start();
    const run = await runCli(["snapshot", "--kubeconfig", kubeconfig, "--context", "fake"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out DIR is required/);
    expect(fake.requests).toEqual([]);
  });

  it("snapshot refuses a directory that is not empty", async () => {
    const { kubeconfig } = await start();
    const out = path.join(dir, "used");
    mkdirSync(out);
    writeFileSync(path.join(out, "keep.yaml"), "kind: Keep\n");
    const run = await runCli(["snapshot", "--kubeconfig", kubeconfig, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not empty .*choose a new directory/);
    expect(readdirSync(out)).toEqual(["keep.yaml"]);
  });

  it("rejected credentials exit 2 without printing them", async () => {
    server = await startFakeApiServer({ resources: clusterWithOldApis() });
    const kubeconfig = server.writeKubeconfig(dir, "wrong-token-123");
    const run = await runCli(["scan", "--context", "fake", "--kubeconfig", kubeconfig, "-t", "1.33"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/401 Unauthorized/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/wrong-token|Bearer/);
  });
});
