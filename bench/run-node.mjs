// Runs one measured phase of a benchmark: `node --import bench/rss-probe.mjs ...args` in its own process,
// so that its peak RSS and CPU time are its own. stderr is piped, not a terminal, so the CLI runs as in CI
// (no progress line); it is printed when the phase fails.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const PROBE = join(ROOT, "bench", "rss-probe.mjs");

/**
 * Resolves to { ms (wall, spawn to exit), cpuMs, maxRssMb, code, stdout (its first `keepBytes`), outBytes }.
 */
export function runNode(args, { keepBytes = Number.POSITIVE_INFINITY } = {}) {
  mkdirSync(OUT, { recursive: true });
  const probeFile = join(OUT, `probe-${process.pid}.json`);
  rmSync(probeFile, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_PROBE_FILE: probeFile, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk.toString("utf8");
  });
  let stdout = "";
  let outBytes = 0;
  child.stdout.on("data", (chunk) => {
    outBytes += chunk.length;
    if (stdout.length < keepBytes) stdout += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const probe = JSON.parse(readFileSync(probeFile, "utf8"));
      rmSync(probeFile, { force: true });
      if (code !== 0) process.stderr.write(stderr);
      resolve({ ms, cpuMs: probe.cpuMs, maxRssMb: probe.maxRssKb / 1024, code, stdout, outBytes });
    });
  });
}
