// Runs the real CLI for the demo and the benches: `node bin/cutover.js …` (the built dist/), each run in its
// own working directory with CUTOVER_STORE pointing at a SQLite file there, so every run starts from an
// empty state store and the user's own CUTOVER_STORE is never touched (`npm run demo` shares one store
// between its runs, fresh for each demo, so that one dashboard shows them all).
// CUTOVER_DEMO_CLI runs another entry point instead (a .ts one through tsx), e.g. to try the demo against
// the sources without a build; the report records which entry point ran.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI = process.env.CUTOVER_DEMO_CLI || join(ROOT, "bin", "cutover.js");
const CLI_NODE_ARGS = /\.m?ts$/.test(CLI) ? ["--import", import.meta.resolve("tsx")] : [];
/** bin/cutover.js only loads dist/cli/main.js; without a build it fails on import. */
const BUILT_MAIN = join(ROOT, "dist", "cli", "main.js");
const RUN_TIMEOUT_MS = 60_000;

/** The entry point the runs use, relative to the repository when inside it (for the report). */
export function cliEntry() {
  const rel = relative(ROOT, CLI);
  return rel.startsWith("..") ? CLI : rel;
}

/** Throws, saying what to run, when bin/cutover.js would fail for want of a build. */
export function requireBuiltCli() {
  if (!process.env.CUTOVER_DEMO_CLI && !existsSync(BUILT_MAIN)) {
    throw new Error(`${BUILT_MAIN} is missing: run "npm run build" first (bin/cutover.js loads it)`);
  }
}

/**
 * The SQLite state store a run in `cwd` uses; CUTOVER_DEMO_STORE (set by `npm run demo` for its dashboard)
 * puts every run's migration in one store instead (each has its own name).
 */
export function storeIn(cwd) {
  return process.env.CUTOVER_DEMO_STORE || join(cwd, "state.db");
}

/**
 * The commands that open each run's migration afterwards: every run has its own store, so each names its
 * `--store` (relative to `cwd` when inside it). `runs`: [{ name, store }]; `cli` is how to call the CLI.
 */
export function exploreLines(runs, cwd = process.cwd(), cli = `node ${cliEntry()}`) {
  const shown = (file) => {
    const rel = relative(cwd, file);
    return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
  };
  const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  return runs
    .filter((run) => run.store)
    .flatMap((run) => [
      `${cli} migrate history ${run.name} --store ${quote(shown(run.store))}`,
      `${cli} migrate status ${run.name} --store ${quote(shown(run.store))}`,
    ]);
}

/**
 * Runs `cutover ARGS` as a child process in `cwd` (SIGTERM after `timeoutMs`, SIGKILL by its PID if this
 * process exits first); prints its stdout and stderr line by line through `log` with `prefix` unless
 * `quiet`. Resolves to { exitCode, stdout, stderr, durationMs, pid }.
 */
export function runCli(
  args,
  { cwd, log = () => {}, prefix = "", quiet = false, timeoutMs = RUN_TIMEOUT_MS },
) {
  const started = Date.now();
  const child = spawn(process.execPath, [...CLI_NODE_ARGS, CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", CUTOVER_STORE: storeIn(cwd) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const timer = setTimeout(() => {
    log(`${prefix}no end after ${timeoutMs / 1000} s: stopping the CLI (pid ${child.pid})`);
    child.kill("SIGTERM");
  }, timeoutMs);
  const output = { stdout: "", stderr: "" };
  const echo = (stream) => (chunk) => {
    const text = chunk.toString();
    output[stream] += text;
    if (!quiet) for (const line of text.split("\n").filter(Boolean)) log(`${prefix}${line}`);
  };
  child.stdout.on("data", echo("stdout"));
  child.stderr.on("data", echo("stderr"));
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      process.off("exit", killOnExit);
      const exitCode = code ?? (signal ? 128 : 1);
      resolve({ exitCode, ...output, durationMs: Date.now() - started, pid: child.pid });
    });
  });
}

/**
 * The engine's event log of migration `name` in `cwd`'s store, from `cutover migrate history NAME -o json`
 * (a MigrationHistory document). Throws with the CLI's own message when it fails or prints something else.
 */
export async function readHistory(name, cwd) {
  const run = await runCli(["migrate", "history", name, "-o", "json"], { cwd, quiet: true });
  const command = `cutover migrate history ${name} -o json (store ${storeIn(cwd)})`;
  if (run.exitCode !== 0) {
    throw new Error(`${command} exited ${run.exitCode}: ${run.stderr.trim() || run.stdout.trim()}`);
  }
  let document;
  try {
    document = JSON.parse(run.stdout);
  } catch (error) {
    throw new Error(`${command} printed no JSON (${error.message}): ${run.stdout.slice(0, 200)}`);
  }
  if (document?.kind !== "MigrationHistory" || !Array.isArray(document.events)) {
    throw new Error(`${command} printed a ${document?.kind ?? "document"} without an events list`);
  }
  return document.events;
}
