// `cutover migrate` end to end through the CLI, in-process: real migrations on a real HAProxy with a
// Prometheus double and a SQLite store in a temp dir (test/support/migrate-stack.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { MigrateOutputSchema } from "../../src/report/migrate/contract.js";
import {
  type MigrateStack,
  startMigrateStack,
  storedEvents,
  w,
  waitFor,
  weightsSet,
} from "../support/migrate-stack.js";
import { runCli } from "../support/terminal.js";

describe("cutover migrate on a real HAProxy", () => {
  let stack: MigrateStack;
  beforeAll(async () => {
    stack = await startMigrateStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(async () => {
    await stack.reset();
  });

  it("start → completed: weights 20/50/80/100 once each, progress lines, HAProxy at green 100", async () => {
    const store = stack.newStore();
    const run = await runCli(["migrate", "start", stack.spec("happy"), "--store", store]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(weightsSet(await storedEvents(store, "happy"))).toEqual([w(20), w(50), w(80), w(100)]);
    expect(await stack.haproxy.weights()).toEqual(w(100));
    for (const line of [
      "phase preflight",
      "preflight passed; the provider carries blue 100 / green 0",
      "smoke tests passed (1 check)",
      "weights set: blue 80 / green 20",
      "measured step 1 (green 20 %): error-rate successful (green and blue are both 0); min-samples successful (green has seen 100 requests)",
      "weights set: blue 0 / green 100",
      "phase draining",
      "happy completed: green carries all traffic.",
    ]) {
      expect(run.stdout).toContain(line);
    }

    const status = await runCli(["migrate", "status", "happy", "--store", store, "-o", "json"]);
    expect(status.code).toBe(0);
    const json = MigrateOutputSchema.parse(JSON.parse(status.stdout));
    expect(json).toMatchObject({ kind: "MigrationStatus", name: "happy", phase: "completed" });
    expect(json.kind === "MigrationStatus" && json.weights.applied).toEqual(w(100));

    const history = await runCli(["migrate", "history", "happy", "--store", store, "-o", "json"]);
    const events = MigrateOutputSchema.parse(JSON.parse(history.stdout));
    expect(events.kind === "MigrationHistory" && events.events.map((event) => event.type).at(-1)).toBe(
      "completed",
    );

    const table = await runCli(["migrate", "history", "happy", "--store", store]);
    expect(table.stdout).toMatch(/^SEQ\s+TIME\s+EVENT\s+DETAILS/);
    expect(table.stdout).toMatch(/weights-set\s+weights set: blue 50 \/ green 50/);

    const list = await runCli(["migrate", "status", "--store", store]);
    expect(list.stdout).toMatch(
      /^NAME\s+PHASE\s+STEP\s+WEIGHTS\s+UPDATED\s+NOTE\nhappy\s+completed\s+-\s+blue 0 \/ green 100/,
    );
  });

  it("a failing metric at 50 % rolls back to blue 100 by itself: exit 1, the reason in the log", async () => {
    stack.prometheus.respond(async (metric, labels) => {
      if (metric !== "error_ratio") return 100;
      return labels.cluster === "green" && (await stack.haproxy.weights()).green >= 50 ? 0.5 : 0;
    });
    const store = stack.newStore();
    const run = await runCli(["migrate", "start", stack.spec("failing"), "--store", store]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("measured step 2 (green 50 %): error-rate failed (green 0.5 > max 0.05)");
    expect(run.stdout).toContain(
      "ROLLBACK: step 2 of 4 (green 50 %): error-rate: failed (1) > failureLimit (0) (by cutover (automatic))",
    );
    expect(run.stdout).toContain("failing rolled back to blue 100 %");
    expect(weightsSet(await storedEvents(store, "failing"))).toEqual([w(20), w(50), w(0)]);
    expect(await stack.haproxy.weights()).toEqual(w(0));

    const status = await runCli(["migrate", "status", "failing", "--store", store, "-o", "json"]);
    const json = MigrateOutputSchema.parse(JSON.parse(status.stdout));
    expect(json).toMatchObject({
      kind: "MigrationStatus",
      phase: "rolled-back",
      rollback: { fromPhase: "stepping" },
    });

    const again = await runCli(["migrate", "start", stack.spec("failing"), "--store", store]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      "failing is already rolled-back in this store; a new attempt needs another metadata.name",
    );
  });

  it("no data for green is never a pass: holds, then rolls back past inconclusiveLimit", async () => {
    stack.prometheus.respond((metric, labels) =>
      metric === "error_ratio" && labels.cluster === "green" ? "no-data" : metric === "error_ratio" ? 0 : 100,
    );
    const store = stack.newStore();
    const run = await runCli(["migrate", "start", stack.spec("nodata"), "--store", store]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("holding: step 1 of 4 (green 20 %): error-rate: inconclusive");
    expect(run.stdout).toContain("error-rate: inconclusive (3) > inconclusiveLimit (2)");
    expect(weightsSet(await storedEvents(store, "nodata"))).toEqual([w(20), w(0)]);
  });

  it("unreachable HAProxy and Prometheus stop the run at preflight, before any change (exit 2)", async () => {
    const store = stack.newStore();
    const values = { RUNTIME_API: `unix:${stack.dir}/no-such.sock`, PROMETHEUS: "http://127.0.0.1:9" };
    const run = await runCli(["migrate", "start", stack.spec("unreachable", { values }), "--store", store]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("preflight FAILED:");
    expect(run.stdout).toContain("no-such.sock");
    expect(run.stdout).toContain("cannot reach Prometheus at http://127.0.0.1:9");
    expect(run.stdout).toContain("unreachable is blocked: preflight failed:");
    expect(run.stdout).toContain("Fix it, then run `cutover migrate resume unreachable`.");
    expect(weightsSet(await storedEvents(store, "unreachable"))).toEqual([]);
    expect(await stack.haproxy.weights()).toEqual(w(0));
  });

  it("an unhealthy blue holds the step (never judged, never rolled back) until a person acts", async () => {
    stack.prometheus.respond((metric, labels) => {
      if (metric !== "error_ratio") return 100;
      return labels.cluster === "blue" ? 0.5 : 0;
    });
    const store = stack.newStore();
    const started = runCli(["migrate", "start", stack.spec("bluebad"), "--store", store, "-o", "json"]);
    await waitFor(
      async () => (await storedEvents(store, "bluebad")).filter((e) => e.type === "measurement").length >= 3,
    );
    const status = await runCli(["migrate", "status", "bluebad", "--store", store, "-o", "json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({
      phase: "stepping",
      step: { number: 1, stage: "analysing" },
      analysis: { heldRounds: expect.any(Number), tallies: {} },
    });
    const abort = await runCli(["migrate", "abort", "bluebad", "--store", store]);
    expect(abort.code).toBe(0);
    const run = await started;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "holding: step 1 of 4 (green 20 %): blue is unhealthy: error-rate 0.5 > max 0.05; holding, green is not judged against a broken blue",
    );
    expect(run.stderr.match(/holding: /g)?.length).toBe(1);
    expect(MigrateOutputSchema.parse(JSON.parse(run.stdout))).toMatchObject({
      kind: "MigrationRun",
      stopped: "aborted",
      exitCode: 1,
    });
    expect(weightsSet(await storedEvents(store, "bluebad"))).toEqual([w(20)]);
    expect(await stack.haproxy.weights()).toEqual(w(20));
  });

  it("refuses a second driver while the lease is held, naming the holder and the expiry", async () => {
    const store = stack.newStore();
    const other = openSqliteStore(store);
    await other.acquireLease("leased", "ops@bastion:4242", 60_000);
    await other.close();
    const run = await runCli(["migrate", "start", stack.spec("leased"), "--store", store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/leased is held by ops@bastion:4242 until \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(await stack.haproxy.weights()).toEqual(w(0));
    expect(await storedEvents(store, "leased")).toEqual([]);
  });

  it("waits for a manual approval given by another command, then completes", async () => {
    const store = stack.newStore();
    const started = runCli([
      "migrate",
      "start",
      stack.spec("manual", { step2Approval: "manual" }),
      "--store",
      store,
    ]);
    await waitFor(async () =>
      (await storedEvents(store, "manual")).some((e) => e.type === "approval-requested"),
    );
    const early = await runCli(["migrate", "approve", "nope", "--store", store]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('no migration named "nope" (known migrations: manual)');
    const approve = await runCli(["migrate", "approve", "manual", "--store", store, "-o", "json"]);
    expect(approve.code).toBe(0);
    const result = MigrateOutputSchema.parse(JSON.parse(approve.stdout));
    expect(result).toMatchObject({
      kind: "MigrationCommandResult",
      command: "approve",
      event: { type: "approved" },
    });
    const run = await started;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("step 2 (green 50 %) awaits approval");
    expect(run.stdout).toContain("step 2 (green 50 %) approved by");
    expect(weightsSet(await storedEvents(store, "manual"))).toEqual([w(20), w(50), w(80), w(100)]);
    const twice = await runCli(["migrate", "approve", "manual", "--store", store]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("manual is completed; there is nothing left to approve");
  });

  it("--dry-run prints every change and leaves HAProxy and the store untouched", async () => {
    const store = stack.newStore();
    const run = await runCli(["migrate", "start", stack.spec("dry"), "--store", store, "--dry-run"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Dry run of dry on haproxy backend app");
    expect(run.stdout).toContain("Preflight: ready.");
    for (const green of [20, 50, 80, 100])
      expect(run.stdout).toMatch(new RegExp(`set-weights\\s+set blue ${100 - green} / green ${green}`));
    expect(run.stdout).toMatch(/wait\s+drain blue \(weight 0\) for 1s/);
    expect(await stack.haproxy.weights()).toEqual(w(0));
    expect(existsSync(store)).toBe(false);

    const json = await runCli([
      "migrate",
      "start",
      stack.spec("dry"),
      "--store",
      store,
      "--dry-run",
      "-o",
      "json",
    ]);
    const contract = MigrateOutputSchema.parse(JSON.parse(json.stdout));
    expect(
      contract.kind === "MigrationRun" &&
        contract.dryRun?.changes.filter((c) => c.kind === "set-weights").map((c) => c.weights),
    ).toEqual([w(20), w(50), w(80), w(100)]);
    expect(existsSync(store)).toBe(false);
  });

  it("--dry-run reports preflight problems (weights not as expected) with exit 2", async () => {
    await stack.haproxy.setWeights(w(30));
    const run = await runCli([
      "migrate",
      "start",
      stack.spec("dry2"),
      "--store",
      stack.newStore(),
      "--dry-run",
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("carries blue 70 / green 30, expected blue 100 / green 0");
    expect(await stack.haproxy.weights()).toEqual(w(30));
  });

  it("pause and abort reach the running driver; abort leaves the traffic as it is (exit 1)", async () => {
    const store = stack.newStore();
    const started = runCli([
      "migrate",
      "start",
      stack.spec("manual-rb", { step2Approval: "manual" }),
      "--store",
      store,
    ]);
    await waitFor(async () =>
      (await storedEvents(store, "manual-rb")).some((e) => e.type === "approval-requested"),
    );
    const pause = await runCli(["migrate", "pause", "manual-rb", "--store", store]);
    expect(pause.code).toBe(0);
    const abortRun = await runCli([
      "migrate",
      "abort",
      "manual-rb",
      "--store",
      store,
      "--reason",
      "test over",
    ]);
    expect(abortRun.code).toBe(0);
    const run = await started;
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/aborted: test over \(by .+@.+:\d+\)/);
    expect(await stack.haproxy.weights()).toEqual(w(50));
    const refused = await runCli(["migrate", "rollback", "manual-rb", "--store", store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("manual-rb is aborted; there is nothing left to rollback");
  });

  it("green's manifests, relative to the spec file, are scanned at green's version: a removed API blocks preflight; fixed, resume completes", async () => {
    const store = stack.newStore();
    const gitops = path.join(stack.dir, "gitops");
    mkdirSync(gitops, { recursive: true });
    const manifest = (apiVersion: string) =>
      `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec: {}\n`;
    writeFileSync(path.join(gitops, "web.yaml"), manifest("extensions/v1beta1"));
    const file = stack.spec("gitops");
    const green = 'green: { labels: { cluster: green }, version: "1.33", manifests: [gitops] }';
    writeFileSync(file, readFileSync(file, "utf8").replace("green: { labels: { cluster: green } }", green));
    // cutover runs elsewhere: "gitops" only resolves against the spec file's directory.
    expect(process.cwd()).not.toBe(stack.dir);

    const run = await runCli(["migrate", "start", file, "--store", store]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `${gitops}/web.yaml:1: Deployment shop/web uses extensions/v1beta1, removed in Kubernetes 1.16, green runs 1.33`,
    );
    expect(run.stdout).toContain("(fix: migrate to apps/v1)");
    expect(weightsSet(await storedEvents(store, "gitops"))).toEqual([]);
    expect(await stack.haproxy.weights()).toEqual(w(0));

    writeFileSync(path.join(gitops, "web.yaml"), manifest("apps/v1"));
    const resumed = await runCli(["migrate", "resume", "gitops", "--store", store]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("preflight passed");
    expect(weightsSet(await storedEvents(store, "gitops"))).toEqual([w(20), w(50), w(80), w(100)]);
  });
});
