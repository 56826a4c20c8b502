// Process lifecycle for the demo stage: every process is started here, its PID written to
// `<dir>/pids/<name>.pid`, and stopped by that PID only (never by name).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const STOP_GRACE_MS = 5_000;
const SCRIPTS_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Finds an executable on `searchPath` (PATH syntax). For every `…/bin` directory the sibling `…/sbin` is also
 * searched, because Debian installs haproxy in /usr/sbin, which a normal user's PATH lacks.
 */
export function findBinary(name, searchPath = process.env.PATH ?? "") {
  const dirs = searchPath.split(delimiter).filter(Boolean);
  const withSbin = dirs.flatMap((dir) => (dir.endsWith("/bin") ? [dir, `${dir.slice(0, -4)}/sbin`] : [dir]));
  for (const dir of withSbin) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** True while `pid` exists (a reaped child no longer does). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * Starts `command args` with stdout/stderr appended to `<dir>/logs/<name>.log` and records its PID.
 * Resolves once the process has spawned; rejects (naming the command) if it could not be started.
 */
export function startProcess(dir, name, command, args, env = {}) {
  mkdirSync(join(dir, "pids"), { recursive: true });
  mkdirSync(join(dir, "logs"), { recursive: true });
  const logPath = join(dir, "logs", `${name}.log`);
  const log = openSync(logPath, "a");
  const child = spawn(command, args, { stdio: ["ignore", log, log], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    child.once("error", (error) =>
      reject(new Error(`could not start ${name} (${command}): ${error.message}`)),
    );
    child.once("spawn", () => {
      writeFileSync(pidFile(dir, name), `${child.pid}\n`);
      resolve({ name, pid: child.pid, child, logPath });
    });
  });
}

/** Stops one started process: SIGTERM, then SIGKILL after the grace period; resolves when it has exited. */
export async function stopProcess(dir, proc) {
  const exited = hasExited(proc.child)
    ? Promise.resolve()
    : new Promise((resolve) => proc.child.once("exit", resolve));
  if (!hasExited(proc.child)) proc.child.kill("SIGTERM");
  const timer = setTimeout(() => {
    if (!hasExited(proc.child)) proc.child.kill("SIGKILL");
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
  rmSync(pidFile(dir, proc.name), { force: true });
}

/** Synchronous last resort for process 'exit': SIGKILL whatever we started that is still running. */
export function killNow(procs) {
  for (const proc of procs) {
    if (!hasExited(proc.child)) proc.child.kill("SIGKILL");
  }
}

/**
 * A previous demo killed with -9 leaves its PID files behind. Stops those processes, but only when the
 * PID still runs a command that names `dir` (so a recycled PID of an unrelated process is left alone).
 */
export async function stopLeftovers(dir, log = () => {}) {
  const pidsDir = join(dir, "pids");
  if (!existsSync(pidsDir)) return;
  for (const file of readdirSync(pidsDir).filter((f) => f.endsWith(".pid"))) {
    const pid = Number(readFileSync(join(pidsDir, file), "utf8").trim());
    if (Number.isInteger(pid) && isAlive(pid) && commandLineMentions(pid, dir)) {
      log(`stopping ${file.slice(0, -4)} (pid ${pid}) left over from an earlier run`);
      process.kill(pid, "SIGTERM");
      await waitUntil(() => !isAlive(pid), STOP_GRACE_MS);
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
    rmSync(join(pidsDir, file), { force: true });
  }
}

/** Polls `check` (sync or async) every `everyMs` until it is truthy; false on timeout. */
export async function waitUntil(check, timeoutMs, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Boolean(await check());
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

function pidFile(dir, name) {
  return join(dir, "pids", `${name}.pid`);
}

/** HAProxy and Prometheus name their config under `dir`; the backends name this script directory. */
function commandLineMentions(pid, dir) {
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return commandLine.includes(resolve(dir)) || commandLine.includes(SCRIPTS_DIR);
  } catch {
    return false;
  }
}
