// The demo stage for real on 127.0.0.1: Node backends, /usr/sbin/haproxy and /usr/bin/prometheus started
// by scripts/demo/stack.mjs under a temp dir on free ports, and stopped by their PIDs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoad } from "../../scripts/demo/load.mjs";
import { countSeries, queryValue } from "../../scripts/demo/prom.mjs";
import { readWeights, setWeights } from "../../scripts/demo/runtime-api.mjs";
import { type Stage, startStack } from "../../scripts/demo/stack.mjs";
import { ERROR_RATE_QUERY, forSide } from "../../scripts/demo/stack-config.mjs";

const RUN_SCRIPT = path.resolve("scripts/demo/run.mjs");
let dir: string;
let stage: Stage | undefined;

async function get(url: string): Promise<{ status: number; side: string | null; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return {
    status: response.status,
    side: response.headers.get("x-backend"),
    body,
    ms: performance.now() - started,
  };
}

async function sidesOf(url: string, requests: number): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < requests; i++) {
    const { side, status } = await get(url);
    const key = `${side}:${status}`;
    seen[key] = (seen[key] ?? 0) + 1;
  }
  return seen;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function requireStage(): Stage {
  if (!stage) throw new Error("the stage did not start (see beforeAll)");
  return stage;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cutover-stage-"));
  stage = await startStack({ dir: path.join(dir, "stage"), handleSignals: false });
}, 45_000);

afterAll(async () => {
  await stage?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 15_000);

describe("demo stage", () => {
  it("starts four processes, each recorded in a PID file", () => {
    const { pids } = requireStage();
    expect(Object.keys(pids).sort()).toEqual(["blue", "green", "haproxy", "prometheus"]);
    expect(readdirSync(path.join(dir, "stage", "pids")).sort()).toEqual(
      ["blue.pid", "green.pid", "haproxy.pid", "prometheus.pid"].sort(),
    );
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(true);
  });

  it("routes by the HAProxy weights: blue 100 at start, both sides when shifted", async () => {
    const { frontendUrl, runtimeApi } = requireStage();
    expect(await readWeights(runtimeApi)).toEqual({ blue: 100, green: 0 });
    expect(await sidesOf(frontendUrl, 6)).toEqual({ "blue:200": 6 });
    await setWeights(runtimeApi, { blue: 0, green: 100 });
    expect(await sidesOf(frontendUrl, 6)).toEqual({ "green:200": 6 });
    await setWeights(runtimeApi, { blue: 50, green: 50 });
    expect(await sidesOf(frontendUrl, 10)).toEqual({ "blue:200": 5, "green:200": 5 });
  });

  it("fails or slows one side with the fault switch, and clears it", async () => {
    const s = requireStage();
    const green = `http://127.0.0.1:${s.ports.green}/`;
    const blue = `http://127.0.0.1:${s.ports.blue}/`;
    expect(await s.setFault("green", { rate: 1 })).toEqual({ name: "green", rate: 1, delayMs: 0 });
    expect(await get(green)).toMatchObject({ status: 500, side: "green" });
    expect(await sidesOf(s.frontendUrl, 10)).toEqual({ "blue:200": 5, "green:500": 5 });
    await s.clearFault("green");
    expect(await get(green)).toMatchObject({ status: 200, body: "green\n" });

    await s.setFault("blue", { rate: 0, delayMs: 150 });
    expect((await get(blue)).ms).toBeGreaterThanOrEqual(140);
    await s.clearFault("blue");
    expect((await get(blue)).ms).toBeLessThan(140);
  });

  it("rejects a fault rate outside 0..1 naming the parameter", async () => {
    const s = requireStage();
    await expect(s.setFault("green", { rate: 2 })).rejects.toThrow(/rate must be a number from 0 to 1/);
    const response = await fetch(`http://127.0.0.1:${s.ports.green}/fault?delayMs=-1`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/delayMs must be a number >= 0/);
  });

  it("gives Prometheus series for both sides from HAProxy and from the backends", async () => {
    const s = requireStage();
    for (const side of ["blue", "green"]) {
      expect(
        await countSeries(s.prometheusAddress, `haproxy_server_http_responses_total{cluster="${side}"}`),
      ).toBe(6);
      expect(await countSeries(s.prometheusAddress, `http_requests_total{job="app",cluster="${side}"}`)).toBe(
        2,
      );
      expect(
        await countSeries(s.prometheusAddress, `http_request_duration_seconds_bucket{cluster="${side}"}`),
      ).toBe(11);
    }
  });

  it("counts a steady load by side, and Prometheus sees green's errors through the gate's query", async () => {
    const s = requireStage();
    await setWeights(s.runtimeApi, { blue: 50, green: 50 });
    const load = startLoad({ url: s.frontendUrl, rps: 100, concurrency: 4 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await s.setFault("green", { rate: 1 });
    const query = forSide(ERROR_RATE_QUERY, "green");
    // The rate window may still hold the previous test's errors: wait until this load has met the fault too.
    const seen = await eventually(
      async () =>
        load.stats().bySide.green.failed > 0 && ((await queryValue(s.prometheusAddress, query)) ?? 0) > 0.05,
      10_000,
    );
    await s.clearFault("green");
    const stats = await load.stop();
    expect(seen).toBe(true);
    expect(stats.total).toBeGreaterThan(150);
    expect(stats.bySide.blue).toMatchObject({ failed: 0 });
    expect(stats.bySide.blue.ok).toBeGreaterThan(50);
    expect(stats.bySide.green.failed).toBeGreaterThan(0);
    expect(stats.failed).toBe(stats.failures.length);
    expect(stats.failures.every((f) => f.side === "green" && f.status === 500)).toBe(true);
  }, 20_000);

  it("stop() ends every process it started and removes the PID files", async () => {
    const s = requireStage();
    const pids = Object.values(s.pids);
    await s.stop();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(readdirSync(path.join(dir, "stage", "pids"))).toEqual([]);
    expect(existsSync(s.runtimeApi)).toBe(false);
  });
});

describe("missing binaries", () => {
  // A PATH holding only what is linked into a temp bin dir (node runs by absolute path).
  function runWithPath(links: Record<string, string>) {
    const bin = path.join(dir, `bin-${Object.keys(links).join("-") || "empty"}`);
    mkdirSync(bin, { recursive: true });
    for (const [name, target] of Object.entries(links)) symlinkSync(target, path.join(bin, name));
    const stageDir = path.join(dir, "never");
    const run = spawnSync(process.execPath, [RUN_SCRIPT, "--stage-only", "--dir", stageDir], {
      env: { ...process.env, PATH: bin },
      encoding: "utf8",
      timeout: 20_000,
    });
    return { ...run, startedSomething: existsSync(path.join(stageDir, "pids")) };
  }

  it.each<{ links: Record<string, string>; names: string; install: string }>([
    // No apt-get on this PATH either: the demo names the packages and how to get them, installs nothing.
    { links: {}, names: "haproxy, prometheus", install: "install haproxy prometheus" },
    { links: { haproxy: "/usr/sbin/haproxy" }, names: "prometheus", install: "install prometheus" },
  ])("names the Debian package when $names is not on PATH", ({ links, names, install }) => {
    const run = runWithPath(links);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${names} not installed`);
    expect(run.stderr).toContain(install);
    expect(run.startedSomething).toBe(false);
  });
});
