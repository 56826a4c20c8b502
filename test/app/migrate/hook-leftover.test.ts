// Stopping a hook's process group left by a driver that died: only a group that is provably the hook's
// (same host, a live member with the hook's environment) is signalled. Real processes, in their own groups.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stopLeftoverHook } from "../../../src/app/migrate/hook-leftover.js";

const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Gone already.
    }
  }
});

/** A detached `sleep` (its own group) with the given environment; resolves to its pid = pgid. */
function group(env: Record<string, string>, script = "sleep 300 & sleep 301"): number {
  const child = spawn("bash", ["-c", script], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, ...env },
  });
  child.unref();
  if (child.pid === undefined) throw new Error("bash did not start");
  started.push(child.pid);
  return child.pid;
}

function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** How many live processes are in group `pgid`. */
function groupSize(pgid: number): number {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(pgrp) === pgid && state !== "Z";
      } catch {
        return false;
      }
    }).length;
}

const hookEnv = { CUTOVER_MIGRATION: "shop", CUTOVER_HOOK: "provision" };

describe("stopLeftoverHook", () => {
  it("stops the group of the hook (SIGTERM) and says so", async () => {
    const pgid = group(hookEnv);
    await vi.waitFor(() => expect(alive(pgid)).toBe(true));
    const outcome = await stopLeftoverHook({ pgid, host: hostname() }, "shop", "provision");
    expect(outcome).toEqual({
      kind: "stopped",
      message: `stopped process group ${pgid} (SIGTERM), left running by a driver that stopped`,
    });
  });

  it("SIGKILLs a group that ignores SIGTERM", async () => {
    const pgid = group(hookEnv, "trap '' TERM; sleep 300 & sleep 301");
    // The trap is set once both sleeps run (they inherit the ignored SIGTERM).
    await vi.waitFor(() => expect(groupSize(pgid)).toBe(3));
    const outcome = await stopLeftoverHook({ pgid, host: hostname() }, "shop", "provision");
    expect(outcome).toMatchObject({ kind: "stopped", message: expect.stringContaining("(SIGKILL)") });
  }, 20_000);

  it.each([
    ["another migration's", { CUTOVER_MIGRATION: "other", CUTOVER_HOOK: "provision" }],
    ["another hook's", { CUTOVER_MIGRATION: "shop", CUTOVER_HOOK: "bootstrap" }],
    ["an unrelated group (the id was reused)", {}],
  ])("leaves %s group alone", async (_, env) => {
    const pgid = group(env);
    await vi.waitFor(() => expect(alive(pgid)).toBe(true));
    expect(await stopLeftoverHook({ pgid, host: hostname() }, "shop", "provision")).toEqual({ kind: "none" });
    expect(alive(pgid)).toBe(true);
  });

  it("cannot stop a group on another host: says where it runs and what to do", async () => {
    const outcome = await stopLeftoverHook({ pgid: 4242, host: "runner-7" }, "shop", "provision");
    expect(outcome).toEqual({
      kind: "unknown",
      message: expect.stringMatching(
        /^the provision hook started on runner-7 \(process group 4242\) may still run there; .+kill -- -4242\), then run `cutover migrate resume shop`$/,
      ),
    });
  });
});
