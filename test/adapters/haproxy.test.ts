// The HAProxy provider against a real /usr/sbin/haproxy on 127.0.0.1: two tiny Node backends, a temp
// config with a unix and a TCP admin socket and a server-state file. Kills only the PIDs it started.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHaproxyTraffic, type HaproxyTrafficOptions } from "../../src/adapters/haproxy.js";
import { parseServersState, runtimeCommand } from "../../src/adapters/haproxy-runtime.js";
import { TrafficError } from "../../src/ports/traffic.js";

const HAPROXY = "/usr/sbin/haproxy";
let dir: string;
let config: string;
let stateFile: string;
let frontendPort: number;
let tcpAdminPort: number;
let haproxy: ChildProcess | undefined;
const backends: http.Server[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startBackend(name: string): Promise<number> {
  const server = http.createServer((_req, res) => res.end(name));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  backends.push(server);
  return (server.address() as net.AddressInfo).port;
}

const unixAddress = () => `unix:${path.join(dir, "admin.sock")}`;

function haproxyConfig(bluePort: number, greenPort: number): string {
  return `global
    stats socket "${path.join(dir, "admin.sock")}" mode 600 level admin
    stats socket 127.0.0.1:${tcpAdminPort} level admin
    server-state-file "${stateFile}"
    nbthread 2
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    load-server-state-from-file global
frontend fe
    bind 127.0.0.1:${frontendPort}
    default_backend be
backend be
    balance roundrobin
    server blue 127.0.0.1:${bluePort} weight 100
    server green 127.0.0.1:${greenPort} weight 0
backend be_static
    balance static-rr
    server blue 127.0.0.1:${bluePort} weight 100
    server green 127.0.0.1:${greenPort} weight 0
`;
}

async function startHaproxy(): Promise<void> {
  haproxy = spawn(HAPROXY, ["-db", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  haproxy.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const started = Date.now();
  while (Date.now() - started < 5000) {
    if (haproxy.exitCode !== null) throw new Error(`haproxy exited: ${stderr}`);
    const ready = await runtimeCommand(unixAddress(), "show version", 500).then(
      () => true,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`haproxy did not open its admin socket: ${stderr}`);
}

async function stopHaproxy(): Promise<void> {
  const child = haproxy;
  haproxy = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Sends `total` requests, `concurrency` at a time, and counts the answers per backend. */
async function distribution(total = 400, concurrency = 10): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent++;
      const body = await (await fetch(`http://127.0.0.1:${frontendPort}/`)).text();
      counts[body] = (counts[body] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}

const options = (overrides: Partial<HaproxyTrafficOptions> = {}): HaproxyTrafficOptions => ({
  runtimeApi: unixAddress(),
  backend: "be",
  blueServer: "blue",
  greenServer: "green",
  stateFile,
  ...overrides,
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cutover-haproxy-"));
  config = path.join(dir, "haproxy.cfg");
  stateFile = path.join(dir, "haproxy.state");
  [frontendPort, tcpAdminPort] = [await freePort(), await freePort()];
  writeFileSync(config, haproxyConfig(await startBackend("blue"), await startBackend("green")));
  await startHaproxy();
});

afterAll(async () => {
  await stopHaproxy();
  await Promise.all(backends.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe("haproxy traffic provider (real haproxy)", () => {
  it("is ready at preflight and reads the configured weights", async () => {
    const traffic = createHaproxyTraffic(options());
    expect(await traffic.preflight()).toEqual([]);
    expect(await traffic.readWeights()).toEqual({ blue: 100, green: 0 });
    expect(traffic.describe()).toContain("backend be, servers blue (blue) and green (green)");
  });

  const steps = [0, 20, 50, 100];
  it.each(steps)("shifts green to %i percent and traffic follows", async (green) => {
    const traffic = createHaproxyTraffic(options());
    const weights = { blue: 100 - green, green };
    await traffic.setWeights(weights);
    expect(await traffic.readWeights()).toEqual(weights);
    const { effectiveAt } = await traffic.waitEffective(weights);
    expect(effectiveAt).toBeLessThanOrEqual(Date.now());
    const counts = await distribution();
    // Round-robin is exact per request; allow slack for requests in flight during the change.
    expect(counts.green ?? 0).toBeGreaterThanOrEqual(Math.max(0, 4 * green - 20));
    expect(counts.green ?? 0).toBeLessThanOrEqual(Math.min(400, 4 * green + 20));
    expect((counts.blue ?? 0) + (counts.green ?? 0)).toBe(400);
  });

  it("is idempotent and works over the TCP admin socket with a 0–256 scale", async () => {
    const traffic = createHaproxyTraffic(
      options({ runtimeApi: `127.0.0.1:${tcpAdminPort}`, maxWeight: 256 }),
    );
    await traffic.setWeights({ blue: 20, green: 80 });
    await traffic.setWeights({ blue: 20, green: 80 });
    expect(await traffic.readWeights()).toEqual({ blue: 20, green: 80 });
    const rows = parseServersState(await runtimeCommand(unixAddress(), "show servers state be"));
    expect(rows.map((row) => [row.serverName, row.userWeight])).toEqual([
      ["blue", 51],
      ["green", 205],
    ]);
  });

  it.each([
    ["without", undefined],
    ["with", "state"],
  ])("measures set + read-back latency %s the state file", async (label, withState) => {
    const traffic = createHaproxyTraffic(options({ stateFile: withState ? stateFile : undefined }));
    const started = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      const weights = i % 2 ? { blue: 30, green: 70 } : { blue: 70, green: 30 };
      await traffic.setWeights(weights);
      await traffic.waitEffective(weights);
    }
    const perShift = (performance.now() - started) / rounds;
    console.info(`haproxy set+confirm ${label} state file: ${perShift.toFixed(1)} ms per shift`);
    expect(perShift).toBeLessThan(250);
  });

  it("refuses invalid weights without touching haproxy", async () => {
    const traffic = createHaproxyTraffic(options());
    await traffic.setWeights({ blue: 60, green: 40 });
    await expect(traffic.setWeights({ blue: 60, green: 60 })).rejects.toThrow(/sum to 100/);
    await expect(traffic.setWeights({ blue: 10.5, green: 89.5 })).rejects.toThrow(TrafficError);
    expect(await traffic.readWeights()).toEqual({ blue: 60, green: 40 });
  });

  it("reports both weights at 0 as an error (HAProxy would answer 503)", async () => {
    await runtimeCommand(unixAddress(), "set server be/blue weight 0; set server be/green weight 0");
    const traffic = createHaproxyTraffic(options());
    await expect(traffic.readWeights()).rejects.toThrow(/both be\/blue and be\/green have weight 0/);
    expect((await traffic.preflight()).map((i) => i.message)).toContain(
      "both servers of be have weight 0 (every request gets 503)",
    );
    await traffic.setWeights({ blue: 0, green: 100 });
    expect(await traffic.readWeights()).toEqual({ blue: 0, green: 100 });
  });

  it.each([
    ["a wrong backend", { backend: "nope" }, /backend "nope" does not exist/],
    [
      "a wrong server",
      { greenServer: "teal" },
      /server "teal" \(green\) is not in backend "be" \(servers: blue, green\)/,
    ],
    [
      "a missing socket",
      { runtimeApi: "unix:/nonexistent/admin.sock" },
      /cannot connect to HAProxy Runtime API at unix:\/nonexistent\/admin.sock: ENOENT — is haproxy running with `stats socket … level admin`\?/,
    ],
    ["a static algorithm", { backend: "be_static" }, /balance static-rr/],
    [
      "an unwritable state file",
      { stateFile: "/nonexistent/dir/haproxy.state" },
      /\/nonexistent\/dir is not writable \(ENOENT\)/,
    ],
  ])("preflight names %s", async (_label, overrides, message) => {
    const issues = await createHaproxyTraffic(options(overrides)).preflight();
    expect(issues.length).toBe(1);
    expect(issues[0]?.message).toMatch(message);
    expect(issues[0]?.provider).toBe("haproxy");
    expect(issues[0]?.fix).not.toBe("");
  });

  it("preflight names a server in MAINT, and setWeights fails clearly on a missing socket", async () => {
    await runtimeCommand(unixAddress(), "set server be/green state maint");
    try {
      const issues = await createHaproxyTraffic(options()).preflight();
      expect(issues.map((i) => i.message)).toEqual(["be/green (green) is in MAINT"]);
    } finally {
      await runtimeCommand(unixAddress(), "set server be/green state ready");
    }
    const missing = createHaproxyTraffic(options({ runtimeApi: "unix:/nonexistent/admin.sock" }));
    await expect(missing.setWeights({ blue: 50, green: 50 })).rejects.toThrow(
      /^haproxy: cannot connect.*ENOENT/,
    );
  });

  it("writes the server-state file, and a restarted haproxy keeps the weights", async () => {
    const traffic = createHaproxyTraffic(options());
    await traffic.setWeights({ blue: 30, green: 70 });
    expect(existsSync(stateFile)).toBe(true);
    const saved = parseServersState(readFileSync(stateFile, "utf8")).filter(
      (row) => row.backendName === "be",
    );
    expect(saved.map((row) => row.userWeight)).toEqual([30, 70]);

    await stopHaproxy();
    await startHaproxy();
    expect(await traffic.readWeights()).toEqual({ blue: 30, green: 70 });
    const counts = await distribution();
    expect(counts.green).toBeGreaterThanOrEqual(260);
    expect(counts.green).toBeLessThanOrEqual(300);

    // Without the file, the configured weights come back: the file is what kept them.
    rmSync(stateFile);
    await stopHaproxy();
    await startHaproxy();
    expect(await traffic.readWeights()).toEqual({ blue: 100, green: 0 });
  });
});
