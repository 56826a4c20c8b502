// A real HAProxy (Debian's /usr/sbin/haproxy) for tests: two tiny Node backends ("blue" and "green"), a
// temp config with a unix admin socket (level admin) and a server-state file, backend "app" with blue at
// weight 100 and green at 0. stop() kills exactly the PID it started. Works as root and as a plain user.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { missingPackageMessage } from "../../scripts/setup/system-packages.mjs";
import { parseServersState, runtimeCommand } from "../../src/adapters/haproxy-runtime.js";
import type { Weights } from "../../src/ports/traffic.js";
import { freePort } from "./prometheus.js";

export const HAPROXY = "/usr/sbin/haproxy";
export const BACKEND = "app";

export interface RunningHaproxy {
  dir: string;
  pid: number;
  /** "unix:/tmp/…/admin.sock", as a spec's runtimeApi. */
  runtimeApi: string;
  stateFile: string;
  /** http://127.0.0.1:PORT/ of the frontend. */
  frontend: string;
  /** Direct URLs of the backends (for smoke tests on green). */
  blueUrl: string;
  greenUrl: string;
  /** The weights HAProxy has now, as configured weights (out of 100). */
  weights(): Promise<Weights>;
  setWeights(weights: Weights): Promise<void>;
  stop(): Promise<void>;
}

export function haproxyAvailable(): boolean {
  return existsSync(HAPROXY);
}

export async function startHaproxy(): Promise<RunningHaproxy> {
  if (!haproxyAvailable()) throw new Error(`${HAPROXY} not found: ${missingPackageMessage("haproxy")}`);
  const dir = mkdtempSync(path.join(tmpdir(), "cutover-haproxy-"));
  const socket = path.join(dir, "admin.sock");
  const runtimeApi = `unix:${socket}`;
  const stateFile = path.join(dir, "haproxy.state");
  const servers = [await startBackend("blue"), await startBackend("green")];
  const frontendPort = await freePort();
  const config = path.join(dir, "haproxy.cfg");
  writeFileSync(config, haproxyConfig(socket, stateFile, frontendPort, servers));
  const child = spawn(HAPROXY, ["-db", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForSocket(child, runtimeApi, () => stderr);
  } catch (error) {
    await stopChild(child);
    await closeAll(servers);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (server: http.Server) => `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
  return {
    dir,
    pid: child.pid ?? 0,
    runtimeApi,
    stateFile,
    frontend: `http://127.0.0.1:${frontendPort}/`,
    blueUrl: url(servers[0] as http.Server),
    greenUrl: url(servers[1] as http.Server),
    weights: () => readWeights(runtimeApi),
    setWeights: async (weights) => {
      await runtimeCommand(
        runtimeApi,
        `set server ${BACKEND}/blue weight ${weights.blue}; set server ${BACKEND}/green weight ${weights.green}`,
      );
    },
    stop: async () => {
      await stopChild(child);
      await closeAll(servers);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function haproxyConfig(socket: string, stateFile: string, port: number, servers: http.Server[]): string {
  const [blue, green] = servers.map((server) => (server.address() as net.AddressInfo).port);
  return `global
    stats socket "${socket}" mode 600 level admin
    server-state-file "${stateFile}"
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    load-server-state-from-file global
frontend fe
    bind 127.0.0.1:${port}
    default_backend ${BACKEND}
backend ${BACKEND}
    balance roundrobin
    server blue 127.0.0.1:${blue} weight 100
    server green 127.0.0.1:${green} weight 0
`;
}

async function readWeights(runtimeApi: string): Promise<Weights> {
  const servers = parseServersState(await runtimeCommand(runtimeApi, `show servers state ${BACKEND}`));
  const weight = (name: string) => servers.find((server) => server.serverName === name)?.userWeight ?? -1;
  return { blue: weight("blue"), green: weight("green") };
}

async function startBackend(name: string): Promise<http.Server> {
  const server = http.createServer((_request, response) => response.end(name));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function waitForSocket(child: ChildProcess, runtimeApi: string, stderr: () => string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}: ${stderr()}`);
    const ready = await runtimeCommand(runtimeApi, "show version", 500).then(
      () => true,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`haproxy did not open its admin socket within 10 s: ${stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(killer);
}

async function closeAll(servers: http.Server[]): Promise<void> {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
}
