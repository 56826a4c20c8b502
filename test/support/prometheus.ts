// Starts a real Prometheus (Debian's /usr/bin/prometheus) for tests and the demo: a free 127.0.0.1 port,
// a temp dir for config, data and log, optional backfilled data (promtool), and a stop() that kills
// exactly the PID it started. Works as root and as a plain user (everything lives in the temp dir).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { missingPackageMessage } from "../../scripts/setup/system-packages.mjs";

export interface ScrapeTarget {
  job: string;
  /** host:port on 127.0.0.1. */
  target: string;
  /** Labels added to every series of the target, e.g. { cluster: "green" }. */
  labels?: Record<string, string>;
  metricsPath?: string;
}

export interface StartPrometheusOptions {
  scrapeTargets?: ScrapeTarget[];
  /** Default 1. The first scrape still comes ~5–6 s after start (discovery throttles to 5 s). */
  scrapeIntervalSeconds?: number;
  /** OpenMetrics text ending in "# EOF" (timestamps in seconds), turned into TSDB blocks before start. */
  backfill?: string;
  binary?: string;
  promtool?: string;
}

export interface RunningPrometheus {
  /** http://127.0.0.1:PORT */
  address: string;
  pid: number;
  dir: string;
  /** Milliseconds from spawn to /-/ready answering 200. */
  readyMs: number;
  /** Polls until `promql` returns at least one series; resolves with the ms waited. */
  waitFor(promql: string, timeoutMs?: number): Promise<number>;
  log(): string;
  /** SIGTERM to our PID (SIGKILL after 5 s), then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const PROMETHEUS = "/usr/bin/prometheus";
const PROMTOOL = "/usr/bin/promtool";
const READY_TIMEOUT_MS = 10_000;
const POLL_MS = 25;
const START_ATTEMPTS = 3;
const READY_LOG_LINE = "Server is ready to receive web requests.";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function requireBinary(file: string): void {
  if (!existsSync(file)) {
    throw new Error(`${file} not found: ${missingPackageMessage("prometheus")}`);
  }
}

/** One scrape job per distinct job name; each target keeps its own labels (e.g. one target per side). */
export function prometheusConfig(targets: ScrapeTarget[], intervalSeconds: number): string {
  const interval = `${intervalSeconds}s`;
  const jobs = [...new Set(targets.map((target) => target.job))];
  const config = {
    global: {
      scrape_interval: interval,
      scrape_timeout: `${Math.round(intervalSeconds * 900)}ms`,
      evaluation_interval: interval,
    },
    scrape_configs: jobs.map((job) => {
      const members = targets.filter((target) => target.job === job);
      return {
        job_name: job,
        metrics_path: members[0]?.metricsPath ?? "/metrics",
        static_configs: members.map((target) => ({ targets: [target.target], labels: target.labels ?? {} })),
      };
    }),
  };
  // JSON is YAML, so Prometheus reads it as is.
  return JSON.stringify(config, null, 2);
}

function backfillBlocks(promtool: string, dir: string, openMetrics: string, dataDir: string): void {
  const input = path.join(dir, "backfill.om");
  writeFileSync(input, openMetrics.endsWith("\n") ? openMetrics : `${openMetrics}\n`);
  const run = spawnSync(promtool, ["tsdb", "create-blocks-from", "openmetrics", input, dataDir], {
    encoding: "utf8",
    timeout: 30_000,
  });
  if (run.status !== 0) {
    throw new Error(`promtool backfill of ${input} failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  }
}

async function isReady(address: string): Promise<boolean> {
  try {
    const response = await fetch(`${address}/-/ready`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || exited(child)) return;
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await done;
  clearTimeout(killer);
}

interface Launched {
  child: ChildProcess;
  address: string;
  logFile: string;
  readyMs: number;
}

async function launch(
  binary: string,
  dir: string,
  configFile: string,
  dataDir: string,
): Promise<Launched | { failure: string }> {
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, `prometheus-${port}.log`);
  const logFd = openSync(logFile, "a");
  const started = performance.now();
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--storage.tsdb.retention.time=1d",
  ];
  const child = spawn(binary, args, { stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  let spawnError = "";
  child.on("error", (error) => {
    spawnError = `cannot start ${binary}: ${error.message}`;
  });
  while (performance.now() - started < READY_TIMEOUT_MS && !exited(child) && !spawnError) {
    // Our own log must say ready too: another process may have taken the port we found free.
    if (
      (await isReady(address)) &&
      readFileSync(logFile, "utf8").includes(READY_LOG_LINE) &&
      !exited(child)
    ) {
      return { child, address, logFile, readyMs: performance.now() - started };
    }
    await sleep(POLL_MS);
  }
  await stopChild(child);
  return { failure: spawnError || readFileSync(logFile, "utf8").split("\n").slice(-8).join("\n") };
}

export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const binary = options.binary ?? PROMETHEUS;
  requireBinary(binary);
  const dir = mkdtempSync(path.join(tmpdir(), "cutover-prometheus-"));
  const dataDir = path.join(dir, "data");
  const configFile = path.join(dir, "prometheus.yml");
  writeFileSync(
    configFile,
    prometheusConfig(options.scrapeTargets ?? [], options.scrapeIntervalSeconds ?? 1),
  );
  try {
    if (options.backfill !== undefined) {
      const promtool = options.promtool ?? PROMTOOL;
      requireBinary(promtool);
      backfillBlocks(promtool, dir, options.backfill, dataDir);
    }
    let lastFailure = "";
    // A port found free can be taken before Prometheus binds it: try again with another one.
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const launched = await launch(binary, dir, configFile, dataDir);
      if ("child" in launched) return running(launched, dir);
      lastFailure = launched.failure;
    }
    throw new Error(
      `Prometheus did not become ready in ${READY_TIMEOUT_MS} ms; its log ends with:\n${lastFailure}`,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function running(launched: Launched, dir: string): RunningPrometheus {
  const { child, address, logFile, readyMs } = launched;
  const pid = child.pid ?? -1;
  async function waitFor(promql: string, timeoutMs = 15_000): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      const response = await fetch(`${address}/api/v1/query`, {
        method: "POST",
        body: new URLSearchParams({ query: promql }),
      });
      const json = (await response.json()) as { data?: { result?: unknown[] } };
      if ((json.data?.result?.length ?? 0) > 0) return performance.now() - started;
      await sleep(100);
    }
    throw new Error(`no series for ${promql} after ${timeoutMs} ms (Prometheus log: ${logFile})`);
  }
  return {
    address,
    pid,
    dir,
    readyMs,
    waitFor,
    log: () => readFileSync(logFile, "utf8"),
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
