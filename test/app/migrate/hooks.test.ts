// Hooks run real processes (node itself, so the test needs nothing else installed) and real HTTP checks on
// 127.0.0.1.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../../src/adapters/traffic-clock.js";
import { runCommand, runHook } from "../../../src/app/migrate/hooks.js";
import type { HookSpec } from "../../../src/core/migrate/spec-fields.js";

const node = process.execPath;
const context = { migration: "shop", hook: "provision" as const, clock: systemClock };
const hook = (command: string[], extra: Partial<HookSpec> = {}): HookSpec => ({
  command,
  timeout: "30s",
  ...extra,
});

let server: Server;
let base = "";
/** The server answers 503 to this many requests before it is ready. */
let notReadyFor = 0;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    const ready = requests > notReadyFor && request.headers.host === "shop.example.com";
    response.writeHead(ready ? 200 : 503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("runCommand", () => {
  it("runs an argv without a shell: metacharacters are plain arguments", async () => {
    const result = await runCommand(
      [node, "-e", "process.exit(process.argv[1] === '$(echo hi);' ? 0 : 3)", "$(echo hi);"],
      { timeoutMs: 10_000 },
    );
    expect(result).toEqual({ ok: true, message: `${node} exited 0` });
  });

  it("reports the exit code and the last lines of output", async () => {
    const result = await runCommand(
      [node, "-e", "console.error('Error: state lock held'); process.exit(2)"],
      { timeoutMs: 10_000 },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toContain("exited with 2: Error: state lock held");
  });

  it("names a program that does not exist", async () => {
    const result = await runCommand(["terraform-not-installed-here"], { timeoutMs: 10_000 });
    expect(result.message).toBe(
      'program "terraform-not-installed-here" not found; check the hook\'s command and PATH',
    );
  });

  it("stops a command at its timeout", async () => {
    const result = await runCommand([node, "-e", "setTimeout(() => {}, 60000)"], { timeoutMs: 300 });
    expect(result.ok).toBe(false);
    expect(result.message).toContain("timed out after 300ms");
  });

  it("a 30-day timeout does not fire at once (setTimeout alone overflows past 24.8 days)", async () => {
    const result = await runCommand([node, "-e", "setTimeout(() => {}, 300)"], {
      timeoutMs: 30 * 86_400_000,
    });
    expect(result).toEqual({ ok: true, message: `${node} exited 0` });
  });

  it("passes the migration and hook names in the environment", async () => {
    const check =
      "process.exit(process.env.CUTOVER_MIGRATION === 'shop' && process.env.CUTOVER_HOOK === 'provision' ? 0 : 1)";
    expect((await runHook(hook([node, "-e", check]), context)).ok).toBe(true);
  });
});

describe("runCommand stops the whole process group", () => {
  // The script prints its own pid and its background child's, then waits; both hold the output pipes.
  const pidsOf = (message: string) => [...message.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));

  it.each([
    ["a background child that holds the pipes", "sleep 300 & echo pid=$$ pid=$!; sleep 301"],
    [
      "a group that ignores SIGTERM (SIGKILL after the grace)",
      "trap '' TERM; sleep 300 & echo pid=$$ pid=$!; sleep 301",
    ],
  ])("%s: settles with a timeout and no process of the group is left", async (_, script) => {
    const result = await runCommand(["bash", "-c", script], { timeoutMs: 500, killGraceMs: 300 });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^bash timed out after 500ms: pid=\d+ pid=\d+$/);
    const pids = pidsOf(result.message);
    expect(pids).toHaveLength(2);
    await vi.waitFor(() => expect(pids.filter(alive)).toEqual([]), { timeout: 10_000, interval: 50 });
  });

  it("an abort stops the group too", async () => {
    const controller = new AbortController();
    const running = runCommand(["bash", "-c", "sleep 300 & echo pid=$$ pid=$!; sleep 301"], {
      timeoutMs: 60_000,
      signal: controller.signal,
      onSpawn: () => setTimeout(() => controller.abort(), 200),
    });
    const result = await running;
    expect(result.message).toMatch(/^bash stopped: the migration run was interrupted: pid=\d+ pid=\d+$/);
    const pids = pidsOf(result.message);
    await vi.waitFor(() => expect(pids.filter(alive)).toEqual([]), { timeout: 10_000, interval: 50 });
  });

  it("a command that exits while a background child keeps the pipes open settles with its exit code", async () => {
    const result = await runCommand(["bash", "-c", "sleep 300 & echo pid=$!; exit 3"], { timeoutMs: 60_000 });
    expect(result.message).toMatch(/^bash exited with 3: pid=\d+$/);
    for (const pid of pidsOf(result.message)) process.kill(pid, "SIGKILL");
  });

  it("reports the process group it started (the hook's own pid)", async () => {
    const groups: number[] = [];
    const result = await runCommand(["bash", "-c", "echo pgid=$(ps -o pgid= $$ | tr -d ' '); exit 1"], {
      timeoutMs: 10_000,
      onSpawn: (pgid) => groups.push(pgid),
    });
    expect(groups).toHaveLength(1);
    expect(result.message).toContain(`pgid=${groups[0]}`);
  });
});

/** Whether a process (not a zombie) with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) still answers signal 0.
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("runCommand redacts secrets in the output it keeps", () => {
  const failWith = (script: string) =>
    runCommand([node, "-e", `${script}; process.exit(1)`], { timeoutMs: 10_000 });

  it("a key=value secret, an access key id and a URL password never reach the message", async () => {
    const result = await failWith(
      "console.log('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'); console.error('aws_secret_access_key = wJalrXUtnFEMIK7MDENG'); console.error('dial postgres://ops:hunter2@db:5432 refused')",
    );
    expect(result.ok).toBe(false);
    for (const secret of ["IOSFODNN7EXAMPLE", "wJalrXUtnFEMIK7MDENG", "hunter2"])
      expect(result.message).not.toContain(secret);
    expect(result.message).toContain("aws_secret_access_key = [redacted]");
    expect(result.message).toContain("postgres://ops:[redacted]@db:5432 refused");
  });

  it("a private key printed over many lines leaves one marker (its body would otherwise fill the tail)", async () => {
    const body = Array.from({ length: 8 }, (_, index) => `MIIEpAIBAAKCAQEA${index}xyzSECRETBODY`).join("\\n");
    const result = await failWith(
      `process.stdout.write('-----BEGIN RSA PRIVATE KEY-----\\n${body}\\n-----END RSA PRIVATE KEY-----\\nterraform: error')`,
    );
    expect(result.message).not.toContain("SECRETBODY");
    expect(result.message).toContain("-----BEGIN RSA PRIVATE KEY----- [redacted] | terraform: error");
  });

  it("a line split across two writes is still one line (and redacted as one)", async () => {
    const script =
      "process.stdout.write('pass'); setTimeout(() => { process.stdout.write('word=abc123\\n'); process.exit(1) }, 50)";
    const result = await runCommand([node, "-e", script], { timeoutMs: 10_000 });
    expect(result.message).toContain("password=[redacted]");
    expect(result.message).not.toContain("abc123");
  });
});

describe("runHook readiness", () => {
  it("polls an HTTP check (with its Host header) until it answers as expected", async () => {
    notReadyFor = 2;
    requests = 0;
    const outcome = await runHook(
      hook([node, "-e", ""], {
        ready: {
          http: { url: `${base}/healthz`, host: "shop.example.com", status: 200 },
          interval: "100ms",
          timeout: "10s",
        },
      }),
      context,
    );
    expect(outcome).toMatchObject({ ok: true, message: `ready: ${base}/healthz answered 200` });
    // Not ready twice: checked again after each interval, and not after it was ready.
    expect(requests).toBe(3);
  });

  it("gives up after the readiness timeout with the last answer", async () => {
    const outcome = await runHook(
      hook([node, "-e", ""], {
        ready: {
          http: { url: `${base}/healthz`, host: "other.example.com", status: 200 },
          interval: "100ms",
          timeout: "300ms",
        },
      }),
      context,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toBe(`not ready after 300ms: ${base}/healthz answered HTTP 503, expected 200`);
  });

  it("accepts a readiness command that exits 0", async () => {
    const outcome = await runHook(
      hook([node, "-e", ""], {
        ready: { command: [node, "-e", "process.exit(0)"], interval: "1s", timeout: "30s" },
      }),
      context,
    );
    expect(outcome.ok).toBe(true);
  });
});
