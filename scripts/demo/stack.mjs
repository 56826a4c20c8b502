// The demo stage on 127.0.0.1: blue and green backends, HAProxy with a weighted backend and its Runtime
// API socket, Prometheus scraping HAProxy and both backends every second. Every process it starts is
// recorded in `<dir>/pids/*.pid` and stopped by that PID only: by stop(), on SIGINT/SIGTERM, on an
// uncaught error, and (SIGKILL) when the Node process exits without having called stop().
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findBinary, killNow, startProcess, stopLeftovers, stopProcess, waitUntil } from "./processes.mjs";
import { countSeries } from "./prom.mjs";
import { haproxyConfig, prometheusConfig, SIDES } from "./stack-config.mjs";

const BACKEND_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "backend.mjs");
/** The Debian package that provides each binary the stage needs. */
const PACKAGES = { haproxy: "haproxy", prometheus: "prometheus" };
/** Unix socket paths are limited to 108 bytes; beyond this the socket goes to a short temp dir. */
const MAX_SOCKET_PATH = 100;

export class StackError extends Error {
  constructor(message) {
    super(message);
    this.name = "StackError";
  }
}

/** Resolves each needed binary on `searchPath`; throws naming the Debian package to install. */
export function requireBinaries(searchPath = process.env.PATH ?? "") {
  const found = {};
  for (const [binary, pkg] of Object.entries(PACKAGES)) {
    found[binary] = findBinary(binary, searchPath);
    if (!found[binary]) {
      throw new StackError(
        `${binary} is not installed (not found on PATH or in a sibling sbin directory). ` +
          `Install the Debian package ${pkg}: apt-get install -y ${pkg} (as root, or with sudo)`,
      );
    }
  }
  return found;
}

/** Holds `count` listeners on 127.0.0.1 port 0 at once (so the ports differ), then frees them. */
export async function pickFreePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = net.createServer();
      return new Promise((resolvePort, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolvePort(server));
      });
    }),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/**
 * Starts the stage under `dir` (created if needed; its logs/, pids/, prom-data/ are replaced).
 * `log(line)` receives progress lines. Throws StackError when a binary is missing or a component
 * does not become ready; anything already started is stopped first.
 */
export async function startStack({ dir, log = () => {}, searchPath, handleSignals = true }) {
  const binaries = requireBinaries(searchPath);
  const root = resolve(dir);
  await stopLeftovers(root, log);
  for (const sub of ["logs", "pids", "prom-data"]) rmSync(join(root, sub), { recursive: true, force: true });
  mkdirSync(join(root, "prom-data"), { recursive: true });

  const [frontend, haproxyMetrics, blue, green, prometheus] = await pickFreePorts(5);
  const ports = { frontend, haproxyMetrics, blue, green, prometheus };
  const files = writeConfigs(root, ports);
  checkHaproxyConfig(binaries.haproxy, files.haproxyConfig);

  const started = [];
  const stage = buildStage(root, ports, files, started, log);
  if (handleSignals) stage.releaseSignals = stopOnSignals(stage, log);
  try {
    const t0 = Date.now();
    // Prometheus first: its first scrape waits ~5 s for the discovery throttle, which overlaps the rest.
    started.push(
      await startProcess(root, "prometheus", binaries.prometheus, prometheusArgs(root, files, ports)),
    );
    for (const side of SIDES) {
      started.push(
        await startProcess(root, side, process.execPath, [BACKEND_SCRIPT, side, String(ports[side])]),
      );
    }
    await Promise.all(
      SIDES.map((side) => waitReady(`${side} backend`, `http://127.0.0.1:${ports[side]}/healthz`)),
    );
    started.push(await startProcess(root, "haproxy", binaries.haproxy, ["-db", "-f", files.haproxyConfig]));
    await waitReady("HAProxy frontend", stage.frontendUrl);
    await waitFor("HAProxy Runtime API socket", () => existsSync(files.socketPath));
    log(`backends and HAProxy up in ${Date.now() - t0} ms`);
    await waitReady("Prometheus", `${stage.prometheusAddress}/-/ready`);
    await waitFor(
      "Prometheus first scrape of all three targets",
      allTargetsUp(stage.prometheusAddress),
      30_000,
    );
    log(`Prometheus scraping all targets ${Date.now() - t0} ms after start`);
    return stage;
  } catch (error) {
    await stage.stop();
    throw error;
  }
}

function buildStage(root, ports, files, started, log) {
  let stopping = null;
  const onExit = () => killNow(started);
  process.on("exit", onExit);
  const stage = {
    dir: root,
    ports,
    frontendUrl: `http://127.0.0.1:${ports.frontend}/`,
    prometheusAddress: `http://127.0.0.1:${ports.prometheus}`,
    haproxyMetricsUrl: `http://127.0.0.1:${ports.haproxyMetrics}/metrics`,
    runtimeApi: files.socketPath,
    stateFile: files.stateFile,
    haproxyConfig: files.haproxyConfig,
    get pids() {
      return Object.fromEntries(started.map((proc) => [proc.name, proc.pid]));
    },
    setFault: (side, { rate = 1, delayMs = 0 } = {}) =>
      controlFault(
        ports,
        side,
        "POST",
        `?${new URLSearchParams({ rate: String(rate), delayMs: String(delayMs) })}`,
      ),
    clearFault: (side) => controlFault(ports, side, "DELETE", ""),
    releaseSignals: () => {},
    /** Stops every started process (Prometheus, HAProxy, then the backends) and waits for each to exit. */
    stop: () => {
      stopping ??= (async () => {
        stage.releaseSignals();
        for (const proc of [...started].reverse()) await stopProcess(root, proc);
        process.off("exit", onExit);
        rmSync(files.socketPath, { force: true });
        if (files.socketDir) rmSync(files.socketDir, { recursive: true, force: true });
        if (started.length > 0) log(`stopped ${started.map((p) => `${p.name} (pid ${p.pid})`).join(", ")}`);
      })();
      return stopping;
    },
  };
  return stage;
}

function writeConfigs(root, ports) {
  let socketPath = join(root, "haproxy.sock");
  let socketDir = null;
  if (socketPath.length > MAX_SOCKET_PATH) {
    socketDir = mkdtempSync(join(tmpdir(), "cutover-demo-"));
    socketPath = join(socketDir, "haproxy.sock");
  }
  const stateFile = join(root, "haproxy.state");
  rmSync(stateFile, { force: true });
  const haproxyConfigPath = join(root, "haproxy.cfg");
  const prometheusConfigPath = join(root, "prometheus.yml");
  writeFileSync(haproxyConfigPath, haproxyConfig({ ports, socketPath, stateFile }));
  writeFileSync(prometheusConfigPath, prometheusConfig({ ports }));
  return {
    haproxyConfig: haproxyConfigPath,
    prometheusConfig: prometheusConfigPath,
    socketPath,
    socketDir,
    stateFile,
  };
}

function checkHaproxyConfig(haproxy, configPath) {
  const check = spawnSync(haproxy, ["-c", "-q", "-f", configPath], { encoding: "utf8" });
  if (check.status !== 0) {
    throw new StackError(`HAProxy rejected ${configPath}: ${(check.stderr || check.stdout).trim()}`);
  }
}

function prometheusArgs(root, files, ports) {
  return [
    `--config.file=${files.prometheusConfig}`,
    `--storage.tsdb.path=${join(root, "prom-data")}`,
    `--web.listen-address=127.0.0.1:${ports.prometheus}`,
    "--storage.tsdb.retention.time=1d",
  ];
}

async function controlFault(ports, side, method, query) {
  if (!SIDES.includes(side)) throw new StackError(`unknown side "${side}": use blue or green`);
  const response = await fetch(`http://127.0.0.1:${ports[side]}/fault${query}`, { method });
  const body = await response.json();
  if (!response.ok) throw new StackError(`${side} backend refused the fault change: ${body.error}`);
  return body;
}

function allTargetsUp(prometheusAddress) {
  return async () => (await countSeries(prometheusAddress, "up == 1").catch(() => 0)) >= 3;
}

async function waitReady(what, url, timeoutMs = 15_000) {
  const ok = async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  };
  await waitFor(what, ok, timeoutMs);
}

async function waitFor(what, check, timeoutMs = 15_000) {
  if (!(await waitUntil(check, timeoutMs))) {
    throw new StackError(`${what} not ready within ${timeoutMs / 1000} s (see the logs under logs/)`);
  }
}

/** SIGINT/SIGTERM/uncaught error: stop the stage, then exit; returns a function that removes the hooks. */
function stopOnSignals(stage, log) {
  const exitAfterStop = (code, why) => {
    log(`${why}: stopping the stage`);
    stage.stop().finally(() => process.exit(code));
  };
  const onInt = () => exitAfterStop(130, "interrupted");
  const onTerm = () => exitAfterStop(143, "terminated");
  const onError = (error) => {
    log(`error: ${error instanceof Error ? error.stack : String(error)}`);
    exitAfterStop(1, "uncaught error");
  };
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  process.on("uncaughtException", onError);
  process.on("unhandledRejection", onError);
  return () => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    process.off("uncaughtException", onError);
    process.off("unhandledRejection", onError);
  };
}
