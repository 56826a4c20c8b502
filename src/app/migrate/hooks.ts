// User hooks (terraform apply, register green in Argo CD, suspend blue's GitOps, terraform destroy): an argv
// run without a shell, stopped after its timeout, then a readiness condition polled until it holds.
// Hooks may run again after a crash, so they must be idempotent (terraform apply and destroy are).
import { spawn } from "node:child_process";
import { setLongTimeout } from "../../adapters/long-timeout.js";
import { durationMs, formatDuration } from "../../core/migrate/duration.js";
import type { HookSpec, ReadySpec } from "../../core/migrate/spec-fields.js";
import type { HookName } from "../../core/migrate/state.js";
import { privateKeyLineFilter, redactSecrets } from "../../core/redact.js";
import type { Clock } from "../../ports/clock.js";
import { httpGet } from "./http-check.js";

export interface HookContext {
  migration: string;
  hook: HookName;
  clock: Clock;
  signal?: AbortSignal;
  /** Called once the hook's command runs, with its process group id (for the event log). */
  onSpawn?: (pgid: number) => void;
}

export interface HookOutcome {
  ok: boolean;
  /** What happened, in words (the last lines of output when the command failed). */
  message: string;
  durationMs: number;
}

export type HookRunner = (spec: HookSpec, context: HookContext) => Promise<HookOutcome>;

const KILL_GRACE_MS = 5_000;
const OUTPUT_LINES_KEPT = 5;
const MAX_LINE_CHARS = 64 * 1024;
/** How long output is still read once the command has exited or its group was killed. */
const PIPE_DRAIN_MS = 1_000;

export const runHook: HookRunner = async (spec, context) => {
  const started = context.clock.now();
  const env = { CUTOVER_MIGRATION: context.migration, CUTOVER_HOOK: context.hook };
  const result = await runCommand(spec.command, {
    timeoutMs: durationMs(spec.timeout),
    env,
    ...(context.signal && { signal: context.signal }),
    ...(context.onSpawn && { onSpawn: context.onSpawn }),
  });
  const elapsed = () => context.clock.now() - started;
  if (!result.ok) return { ok: false, message: result.message, durationMs: elapsed() };
  if (!spec.ready) return { ok: true, message: `${spec.command[0]} succeeded`, durationMs: elapsed() };
  const ready = await waitReady(spec.ready, env, context);
  return { ...ready, durationMs: elapsed() };
};

export interface CommandResult {
  ok: boolean;
  message: string;
}

export interface CommandOptions {
  timeoutMs: number;
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Called once the command runs, with its process group id (= its pid: it leads its own group). */
  onSpawn?: (pgid: number) => void;
  /** Between SIGTERM and SIGKILL to the group (default 5s). */
  killGraceMs?: number;
}

/**
 * Runs argv without a shell, in its own process group; ok when it exits 0. On timeout or abort the whole
 * group gets SIGTERM, then SIGKILL after the grace, so a background child (`sleep 300 &`) is stopped too.
 * The result never waits on pipes a leftover process inherited: once the command has exited (or was
 * killed) the output is read for at most PIPE_DRAIN_MS more. On failure the message carries the last
 * lines of output, with likely secrets redacted (core/redact.ts).
 */
export function runCommand(argv: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const [program = "", ...args] = argv;
  const graceMs = options.killGraceMs ?? KILL_GRACE_MS;
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
      detached: true,
    });
    const output: string[] = [];
    const keep = (line: string) => {
      output.push(line);
      output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
    };
    const stdout = outputLines(keep);
    const stderr = outputLines(keep);
    // Decoded as a stream, so a character split across two chunks stays whole.
    child.stdout.setEncoding("utf8").on("data", stdout.write);
    child.stderr.setEncoding("utf8").on("data", stderr.write);
    const timers: { cancel(): void }[] = [];
    let stoppedBecause: string | null = null;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;
    const stop = (why: string) => {
      if (stoppedBecause || exit) return;
      stoppedBecause = why;
      signalGroup(child.pid, "SIGTERM");
      timers.push(
        setLongTimeout(() => {
          signalGroup(child.pid, "SIGKILL");
          // The group is gone now; whatever still holds the pipes is not ours to wait for.
          timers.push(setLongTimeout(() => settle(), PIPE_DRAIN_MS));
        }, graceMs),
      );
    };
    timers.push(
      setLongTimeout(() => stop(`timed out after ${formatDuration(options.timeoutMs)}`), options.timeoutMs),
    );
    const onAbort = () => stop("stopped: the migration run was interrupted");
    const settle = (failure?: string) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) timer.cancel();
      options.signal?.removeEventListener("abort", onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      stdout.end();
      stderr.end();
      resolve(
        failure !== undefined
          ? { ok: false, message: failure }
          : describeExit(program, exit, stoppedBecause, output),
      );
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "ENOENT"
          ? `program "${program}" not found; check the hook's command and PATH`
          : error.message;
      settle(why);
    });
    child.on("spawn", () => {
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      // A leftover background process may hold the pipes open: read what is buffered, then stop.
      if (!stoppedBecause) timers.push(setLongTimeout(() => settle(), PIPE_DRAIN_MS));
    });
    child.on("close", () => settle());
  });
}

function describeExit(
  program: string,
  exit: { code: number | null; signal: NodeJS.Signals | null } | null,
  stoppedBecause: string | null,
  output: readonly string[],
): CommandResult {
  const tail = output.length > 0 ? `: ${redactSecrets(output.join(" | ")).slice(-500)}` : "";
  if (stoppedBecause) return { ok: false, message: `${program} ${stoppedBecause}${tail}` };
  if (exit?.code === 0) return { ok: true, message: `${program} exited 0` };
  const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with ${exit?.code}`;
  return { ok: false, message: `${program} ${how}${tail}` };
}

/** Signals every process of the group led by `pid`; a group already gone is not an error. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

/**
 * Splits a stream's chunks into whole lines (a line may arrive in two chunks), drops the body of private
 * key blocks and redacts likely secrets, then hands each non-blank line to `keep`. A secret is never held
 * in the kept tail, which becomes the hook's message in the event log.
 */
function outputLines(keep: (line: string) => void): { write: (chunk: string) => void; end: () => void } {
  const dropKeyBlocks = privateKeyLineFilter();
  let partial = "";
  const emit = (line: string) => {
    const kept = dropKeyBlocks(line);
    if (kept !== null && kept.trim() !== "") keep(redactSecrets(kept));
  };
  return {
    write: (chunk) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      // A runaway line without a newline is cut, so memory stays bounded.
      if (partial.length > MAX_LINE_CHARS) {
        lines.push(partial);
        partial = "";
      }
      lines.forEach(emit);
    },
    end: () => {
      if (partial !== "") emit(partial);
      partial = "";
    },
  };
}

/** Polls the readiness condition every `interval` until it holds or `timeout` passes. */
async function waitReady(
  ready: ReadySpec,
  env: Record<string, string>,
  context: HookContext,
): Promise<Omit<HookOutcome, "durationMs">> {
  const deadline = context.clock.now() + durationMs(ready.timeout);
  let last = "not checked yet";
  for (;;) {
    const check = await checkReady(ready, env, context.signal);
    if (check.ok) return { ok: true, message: `ready: ${check.message}` };
    last = check.message;
    if (context.signal?.aborted)
      return { ok: false, message: `stopped while waiting for readiness (${last})` };
    if (context.clock.now() >= deadline) {
      return { ok: false, message: `not ready after ${ready.timeout}: ${last}` };
    }
    await context.clock.sleep(durationMs(ready.interval), context.signal);
  }
}

async function checkReady(
  ready: ReadySpec,
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<CommandResult> {
  if (ready.command)
    return runCommand(ready.command, {
      timeoutMs: durationMs(ready.interval) * 6,
      env,
      ...(signal && { signal }),
    });
  const http = ready.http;
  if (!http) return { ok: false, message: "no readiness condition" };
  const answer = await httpGet(http.url, { ...(http.host && { host: http.host }), timeoutMs: 10_000 });
  if (answer.status === http.status) return { ok: true, message: `${http.url} answered ${answer.status}` };
  const got = answer.status === null ? (answer.error ?? "no answer") : `HTTP ${answer.status}`;
  return { ok: false, message: `${http.url} answered ${got}, expected ${http.status}` };
}
