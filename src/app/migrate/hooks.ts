// User hooks (terraform apply, register green in Argo CD, suspend blue's GitOps, terraform destroy): an argv
// run without a shell, stopped after its timeout, then a readiness condition polled until it holds.
// Hooks may run again after a crash, so they must be idempotent (terraform apply and destroy are).
import { spawn } from "node:child_process";
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

export const runHook: HookRunner = async (spec, context) => {
  const started = context.clock.now();
  const env = { CUTOVER_MIGRATION: context.migration, CUTOVER_HOOK: context.hook };
  const result = await runCommand(spec.command, {
    timeoutMs: durationMs(spec.timeout),
    env,
    signal: context.signal,
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

/**
 * Runs argv without a shell; ok when it exits 0. On failure the message carries the last lines of output,
 * with likely secrets redacted (core/redact.ts).
 */
export function runCommand(
  argv: readonly string[],
  options: { timeoutMs: number; env?: Record<string, string>; signal?: AbortSignal },
): Promise<CommandResult> {
  const [program = "", ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
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
    let stoppedBecause: string | null = null;
    const stop = (why: string) => {
      stoppedBecause = why;
      child.kill("SIGTERM");
      setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(
      () => stop(`timed out after ${formatDuration(options.timeoutMs)}`),
      options.timeoutMs,
    );
    const onAbort = () => stop("stopped: the migration run was interrupted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const finish = (result: CommandResult) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve(result);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "ENOENT"
          ? `program "${program}" not found; check the hook's command and PATH`
          : error.message;
      finish({ ok: false, message: why });
    });
    child.on("close", (code, signal) => {
      stdout.end();
      stderr.end();
      const tail = output.length > 0 ? `: ${redactSecrets(output.join(" | ")).slice(-500)}` : "";
      if (stoppedBecause) return finish({ ok: false, message: `${program} ${stoppedBecause}${tail}` });
      if (code === 0) return finish({ ok: true, message: `${program} exited 0` });
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      finish({ ok: false, message: `${program} ${how}${tail}` });
    });
  });
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
