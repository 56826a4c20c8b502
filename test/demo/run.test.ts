// `npm run demo` end to end: the real stage (HAProxy, Prometheus, two backends, client load) and two real
// migrations through the built CLI: bin/cutover.js → dist (`npm test` builds before vitest). The demo is
// run with CUTOVER_DEMO_CLI removed from its environment, so no other entry point (tsx) can stand in for
// the build. Runs under a temp dir on free ports; about 45 s.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoReport } from "../../scripts/demo/report.mjs";

const RUN_SCRIPT = path.resolve("scripts/demo/run.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "cutover-demo-"));
let exitCode: number | null = null;
let output = "";
let report: DemoReport;

interface RunRecord {
  name: string;
  exitCode: number;
  rolledBack?: boolean;
  frozen?: boolean;
  requests: { total: number; failed: number };
  events: { type: string }[];
}

function builtCliOnly(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CUTOVER_DEMO_CLI;
  return env;
}

const ms = (iso: unknown) => Date.parse(String(iso));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  const reportPath = path.join(dir, "demo-report.json");
  const child = spawn(
    process.execPath,
    [RUN_SCRIPT, "--dir", path.join(dir, "stage"), "--report", reportPath],
    { stdio: ["ignore", "pipe", "pipe"], env: builtCliOnly() },
  );
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  report = JSON.parse(readFileSync(reportPath, "utf8")) as DemoReport;
}, 150_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run demo", () => {
  it("exits 0, printing progress as it goes", () => {
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/run 1 │ .*ROLLBACK/);
    expect(output).toMatch(/run 2 │ .*completed/);
    expect(output).toMatch(/── summary ──/);
    expect(report.cli).toBe("bin/cutover.js");
  });

  it("rolls run 1 back by itself within the target after the fault at 50 %", () => {
    const [first] = report.runs as RunRecord[];
    expect(first).toMatchObject({ name: "demo-rollback", rolledBack: true, exitCode: 1 });
    expect(first?.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["rollback-started", "rolled-back"]),
    );
    const { rollback } = report;
    expect(rollback.detectedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(rollback.rolledBackAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(rollback.source).toMatch(/^engine events/);
    expect(rollback.targetMs).toBe(4_000);
    expect(rollback.detectionToRollbackMs).toBe(ms(rollback.rolledBackAt) - ms(rollback.detectedAt));
    // Order, not speed (the rollback bench measures speed): fault, then detection, then blue 100 %, which
    // the stage also saw on HAProxy on its own, after the engine decided to roll back.
    expect(rollback.faultToDetectionMs).toBeGreaterThanOrEqual(0);
    expect(rollback.detectionToRollbackMs).toBeGreaterThanOrEqual(0);
    expect(ms(rollback.stageSawBlue100At)).toBeGreaterThanOrEqual(ms(rollback.detectedAt));
  });

  it("shifts run 2 fully to green with no failed request, and freezes blue", () => {
    const second = (report.runs as RunRecord[])[1];
    expect(second).toMatchObject({ name: "demo-cutover", exitCode: 0, frozen: true });
    expect(second?.requests.total).toBeGreaterThan(1_000);
    expect(second?.requests.failed).toBe(0);
    expect(report.final.greenWeight).toBe(100);
    expect(report.requests.failedOtherwise).toBe(0);
    expect(report.requests.failed).toBe(report.requests.failedWhileFaultInjected);
  });

  it("names each run's store in the summary, and the printed command finds the migration", async () => {
    // Both runs write the store the demo's dashboard watches (scripts/demo/dashboard.mjs).
    for (const name of ["demo-rollback", "demo-cutover"]) {
      const store = path.join(dir, "stage", "dashboard", "state.db");
      const line = `node bin/cutover.js migrate history ${name} --store ${store}`;
      expect(output).toContain(line);
      const history = spawnSync(
        process.execPath,
        ["bin/cutover.js", "migrate", "history", name, "--store", store, "-o", "json"],
        {
          encoding: "utf8",
        },
      );
      expect(history.status, history.stderr).toBe(0);
      expect(JSON.parse(history.stdout).events.length).toBeGreaterThan(5);
    }
  });

  it("prints the URL of its read-only dashboard before the stage starts", () => {
    const url = /watch it live: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
    expect(url).not.toBeNull();
    expect(output.indexOf("watch it live")).toBeLessThan(output.indexOf("starting the stage"));
    const dashboard = path.join(dir, "stage", "dashboard");
    expect(readFileSync(path.join(dashboard, "logs", "dashboard.log"), "utf8")).toContain("read-only");
    expect(existsSync(path.join(dashboard, "pids", "dashboard.pid"))).toBe(false);
  });

  it("leaves none of the processes it started running", () => {
    const pids = Object.values(report.stage.pids);
    expect(pids).toHaveLength(4);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });
});
