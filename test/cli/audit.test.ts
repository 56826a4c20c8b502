import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AuditResultContract, AuditResultSchema } from "../../src/report/audit/contract.js";
import { runCli } from "../support/terminal.js";

const SEED = "test/fixtures/audit/seed";
const SEED_ARGS = ["audit", "--snapshot", `${SEED}/snapshot`, "--desired", `${SEED}/desired`, "-t", "1.33"];
const ARGO = "test/corpus/cluster-dumps/argoproj__argo-cd";
const DIFF = `${ARGO}/gitops-engine/pkg/diff/testdata`;
const HARDENEKS = "test/corpus/cluster-dumps/aws-samples__hardeneks/tests/data";

const json = (stdout: string) => JSON.parse(stdout) as AuditResultContract;
const found = (result: AuditResultContract) =>
  result.findings.map((f) => `${f.type} ${f.kind} ${f.namespace ?? "-"}/${f.name}`).sort();

/** Secret values in the seed fixtures, plain and base64, that no output may contain. */
const SECRET_VALUES = [
  "hunter2-prod-db-password",
  "aHVudGVyMi1wcm9kLWRiLXBhc3N3b3Jk",
  "sk_live_51HandMadeStripeKey",
  "c2tfbGl2ZV81MUhhbmRNYWRlU3RyaXBlS2V5",
  "git-s3cret-value",
  "Z2l0LXMzY3JldC12YWx1ZQ==",
];

describe("cutover audit on the seed's cases (end to end)", () => {
  it("finds the kubectl CronJob, the hotfixed ConfigMap, the forgotten cluster-admin binding and the 2am ingress rule", async () => {
    const run = await runCli([...SEED_ARGS, "-o", "json"]);
    const result = json(run.stdout);
    expect(AuditResultSchema.safeParse(result).error).toBeUndefined();
    // Exactly these: system objects (default ServiceAccount, kube-root-ca.crt, Endpoints, EndpointSlice,
    // Event, Lease, the owned ReplicaSet, bootstrap ClusterRoles, EKS add-ons, Argo CD's namespace, Nodes)
    // are not findings, and web's Deployment and Service equal Git once normalised.
    expect(found(result)).toEqual([
      "differs-from-desired ConfigMap shop/settings",
      "differs-from-desired Ingress shop/web",
      "differs-from-desired Secret shop/db-credentials",
      "missing-from-cluster Deployment shop/worker",
      "not-in-desired ConfigMap shop/feature-flags",
      "out-of-band-change ConfigMap shop/settings",
      "out-of-band-change Ingress shop/web",
      "rbac-risk ClusterRoleBinding -/oncall-admin",
      "unmanaged ClusterRoleBinding -/oncall-admin",
      "unmanaged CronJob shop/cleanup-orders",
      "unmanaged Secret shop/stripe-key",
    ]);
    const byKey = (type: string, name: string) =>
      result.findings.find((f) => f.type === type && f.name === name);
    expect(byKey("unmanaged", "cleanup-orders")?.evidence).toContain("kubectl-client-side-apply");
    expect(byKey("unmanaged", "oncall-admin")?.severity).toBe("high");
    expect(byKey("out-of-band-change", "settings")?.details).toMatchObject({
      manager: "kubectl-edit",
      fields: ["data.LOG_LEVEL", "data.DEBUG_SQL"],
    });
    expect(byKey("differs-from-desired", "settings")?.evidence).toBe(
      '2 fields differ from the desired state, desired → cluster: data.LOG_LEVEL: "info" → "debug"; data.DEBUG_SQL: (unset) → "true"',
    );
    expect(byKey("differs-from-desired", "web")?.evidence).toContain(
      'spec.rules[1]: (unset) → {"host":"debug-2am.shop.example.com"',
    );
    expect(byKey("differs-from-desired", "db-credentials")?.evidence).toMatch(
      /data\.password: value differs$/,
    );
    expect(byKey("missing-from-cluster", "worker")?.source).toMatchObject({
      file: `${SEED}/desired/shop.yaml`,
      line: 34,
    });
    expect(result.summary).toMatchObject({
      objects: 24,
      desiredObjects: 7,
      currentVersion: "1.28",
      targetVersion: "1.33",
      byManager: { argocd: 7, owner: 1 },
    });
    const blockers = result.readiness.find((check) => check.check === "upgrade-blockers");
    expect(blockers?.evidence.join("\n")).toContain("CronJob shop/cleanup-orders");
    expect(result.inputErrors).toEqual([]);
    expect(run.code).toBe(1);
  });

  it.each(["json", "yaml", "markdown", "table"])("never prints a Secret value (-o %s)", async (format) => {
    const run = await runCli([...SEED_ARGS, "-o", format, "--fail-on", "none"]);
    expect(run.stdout).toContain("db-credentials");
    for (const value of SECRET_VALUES) {
      expect(run.stdout).not.toContain(value);
      expect(run.stderr).not.toContain(value);
    }
  });

  it("markdown reads recommendation first, then readiness, then findings by type", async () => {
    const run = await runCli([...SEED_ARGS, "-o", "markdown", "--cluster-name", "prod-eu"]);
    const headings = [...run.stdout.matchAll(/^##+ (.+)$/gm)].map((match) => match[1] ?? "");
    expect(headings[0]).toMatch(/^Recommendation: \*\*(in-place|blue-green)\*\*/);
    expect(headings.indexOf("Readiness")).toBeGreaterThan(0);
    expect(headings.filter((h) => /^[a-z][\w-]+ \(\d+\)$/.test(h))).toEqual([
      "unmanaged (3)",
      "out-of-band-change (2)",
      "differs-from-desired (3)",
      "missing-from-cluster (1)",
      "not-in-desired (1)",
      "rbac-risk (1)",
    ]);
    expect(run.stdout.startsWith("# Cutover audit: prod-eu\n")).toBe(true);
  });

  it.each<[string[], number]>([
    [[], 1],
    [["--fail-on", "none"], 0],
    [["--fail-on", "high"], 1],
    [["--fail-on", "info"], 1],
    [["--fail-on", "rbac-risk"], 1],
    [["--fail-on", "missing-from-cluster"], 1],
    [["--fail-on", "none,not-in-desired"], 1],
    [["--fail-on", "bogus"], 2],
    [["--target-version", "1.99"], 2],
    [["--from", "next"], 2],
  ])("exit code with %j is %d", async (flags, code) => {
    const run = await runCli([...SEED_ARGS, "-o", "json", ...flags]);
    expect(run.code).toBe(code);
    if (code === 2) expect(run.stderr).toMatch(/^error: --(fail-on|target-version|from) "/);
  });

  it("without --desired: ownership findings only; exit 0 when nothing is high", async () => {
    const run = await runCli(["audit", "--snapshot", `${SEED}/snapshot`, "-n", "shop", "-o", "json"]);
    const result = json(run.stdout);
    expect(found(result)).toEqual([
      "out-of-band-change ConfigMap shop/settings",
      "out-of-band-change Ingress shop/web",
      "unmanaged CronJob shop/cleanup-orders",
      "unmanaged Secret shop/stripe-key",
    ]);
    expect(result.summary.desiredObjects).toBeNull();
    expect(result.summary.targetVersion).toBeNull();
    expect(run.code).toBe(0);
  });

  it("--from wins over the kubelets", async () => {
    const run = await runCli([...SEED_ARGS, "--from", "v1.30", "-o", "json", "--fail-on", "none"]);
    expect(json(run.stdout).summary.currentVersion).toBe("1.30");
  });

  it("--system-objects adds rules: the listed Secret is no longer unmanaged", async () => {
    const extra = "test/fixtures/audit/extra-system-objects.yaml";
    const run = await runCli([...SEED_ARGS, "--system-objects", extra, "-o", "json", "--fail-on", "none"]);
    expect(found(json(run.stdout))).not.toContain("unmanaged Secret shop/stripe-key");
    expect(found(json(run.stdout))).toContain("unmanaged CronJob shop/cleanup-orders");
  });

  it("a broken --desired file is reported with file and line, the rest is still compared, exit 2", async () => {
    const args = [
      "audit",
      "--snapshot",
      `${SEED}/snapshot`,
      "--desired",
      "test/fixtures/audit/desired-broken",
    ];
    const run = await runCli([...args, "-o", "json", "--fail-on", "none"]);
    const result = json(run.stdout);
    expect(result.inputErrors).toHaveLength(1);
    // The parser notices the unclosed flow sequence of the second document at the end of the file.
    expect(result.inputErrors[0]).toMatchObject({
      file: "test/fixtures/audit/desired-broken/apps.yaml",
      line: 17,
    });
    expect(result.inputErrors[0]?.message).toMatch(/^invalid YAML: Flow sequence/);
    expect(run.stderr).toContain("error: test/fixtures/audit/desired-broken/apps.yaml:");
    expect(found(result)).toContain("differs-from-desired ConfigMap shop/settings");
    expect(run.code).toBe(2);
  });
});

describe("cutover audit on real live/desired pairs (corpus)", () => {
  const pair = async (live: string, desired: string) =>
    json((await runCli(["audit", live, "--desired", desired, "-o", "json", "--fail-on", "none"])).stdout);
  const desiredFindings = (result: AuditResultContract) =>
    result.findings
      .filter((f) => ["differs-from-desired", "missing-from-cluster", "not-in-desired"].includes(f.type))
      .map((f) => `${f.type} ${f.kind} ${f.name}: ${f.evidence}`);

  it.each<[string, string, string[]]>([
    // Argo CD's own fixtures: a synced Deployment with every server default, a Secret whose nil value is
    // "", a v1beta1 webhook with that version's defaults, an aggregated ClusterRole, a service account.
    ["smd-deploy-live.yaml", "smd-deploy-config.yaml", []],
    ["wordpress-live.json", "wordpress-config.json", []],
    ["mutatingwebhookconfig-live.json", "mutatingwebhookconfig-config.json", []],
    ["aggr-clusterrole-live.json", "aggr-clusterrole-config.json", []],
    ["spinnaker-sa-live.json", "spinnaker-sa-config.json", []],
    [
      "ssd-configmap-live.yaml",
      "ssd-configmap-config.yaml",
      [
        'differs-from-desired ConfigMap test-configmap: 1 field differs from the desired state, desired → cluster: data.key3: (unset) → "value3"',
      ],
    ],
    [
      "smd-service-live.yaml",
      "smd-service-config.yaml",
      [
        "differs-from-desired Service multiple-protocol-port-svc: 1 field differs from the desired state, desired → cluster: spec.ports[name=rtmp].targetPort: 1936 → 1935",
      ],
    ],
  ])("gitops-engine diff pair %s / %s", async (live, desired, expected) => {
    expect(desiredFindings(await pair(`${DIFF}/${live}`, `${DIFF}/${desired}`))).toEqual(expected);
  });

  it("Argo CD controller pair: a Deployment scaled and re-annotated by hand", async () => {
    const result = await pair(
      `${ARGO}/controller/testdata/live-deployment.yaml`,
      `${ARGO}/controller/testdata/target-deployment.yaml`,
    );
    expect(desiredFindings(result)).toEqual([
      'differs-from-desired Deployment kustomize-guestbook-ui: 2 fields differ from the desired state, desired → cluster: metadata.annotations.iksm-version: "1.0" → "2.0"; spec.replicas: 1 → 4',
    ]);
  });

  it("Argo CD pair with a Secret: the values in the files never reach the output", async () => {
    const run = await runCli([
      "audit",
      `${DIFF}/wordpress-live.json`,
      "--desired",
      `${DIFF}/wordpress-config.json`,
      "-o",
      "markdown",
    ]);
    expect(run.stdout).toContain("wordpress-wordpress");
    expect(run.stdout).not.toMatch(/Skt2T0|wordpress-password: /);
  });

  const hardeneksCases = readdirSync(HARDENEKS).filter(
    (dir) =>
      existsSync(join(HARDENEKS, dir, "cluster")) &&
      readdirSync(join(HARDENEKS, dir)).some((f) => f.endsWith(".yaml")),
  );

  it("hardeneks has real applied-manifest/cluster-dump pairs to compare", () => {
    expect(hardeneksCases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(hardeneksCases)(
    "hardeneks %s: the applied manifests equal the EKS dump once normalised",
    async (dir) => {
      const manifests = readdirSync(join(HARDENEKS, dir)).filter((f) => f.endsWith(".yaml"));
      const args = [
        "audit",
        join(HARDENEKS, dir, "cluster"),
        ...manifests.flatMap((f) => ["--desired", join(HARDENEKS, dir, f)]),
      ];
      const run = await runCli([...args, "-o", "json", "--fail-on", "none"]);
      const result = json(run.stdout);
      expect(result.summary.desiredObjects).toBeGreaterThan(0);
      expect(desiredFindings(result)).toEqual([]);
      expect(run.code).toBe(0);
    },
  );

  it("hardeneks docker.sock pair: kubectl-applied Pods are unmanaged and the socket mount is a blocker", async () => {
    const dir = join(HARDENEKS, "disallow_container_socket_mount");
    const result = await pair(join(dir, "cluster"), join(dir, "bad.yaml"));
    expect(found(result)).toEqual(["unmanaged Pod test-namespace/bad", "unmanaged Pod test-namespace/good"]);
    const blockers = result.readiness.find((check) => check.check === "upgrade-blockers");
    expect(blockers?.evidence.join("\n")).toContain("docker.sock: Pod test-namespace/bad");
  });
});
