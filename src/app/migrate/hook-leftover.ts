// A hook left running by a driver that died (kill -9, a crash, a lost machine): its process group outlives
// the driver. Before the hook runs again, the leftover group is stopped, so that two runs of the same
// terraform apply never overlap. The group is only signalled when it is provably the hook's: same host,
// and (read from /proc, so Linux) a live process in it carries the hook's CUTOVER_MIGRATION and
// CUTOVER_HOOK environment. A process group id may be reused once the group is gone.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { HookName, HookProcess } from "../../core/migrate/state.js";
import { signalGroup } from "./hooks.js";

const GRACE_MS = 5_000;
const POLL_MS = 100;

export type LeftoverOutcome =
  | { kind: "none" }
  | { kind: "stopped"; message: string }
  /** It may still run and cutover cannot stop it from here: a person must. */
  | { kind: "unknown"; message: string };

/** Stops the leftover group of `hook` recorded in `recorded`, if it still runs; says what it did. */
export async function stopLeftoverHook(
  recorded: HookProcess,
  migration: string,
  hook: HookName,
): Promise<LeftoverOutcome> {
  const { pgid, host } = recorded;
  const here = hostname();
  if (host !== here) {
    return {
      kind: "unknown",
      message: `the ${hook} hook started on ${host} (process group ${pgid}) may still run there; cutover on ${here} cannot stop it. Check on ${host} that it has ended (or stop it: kill -- -${pgid}), then run \`cutover migrate resume ${migration}\``,
    };
  }
  const members = () => hookMembers(pgid, migration, hook);
  const found = members();
  if (found === null) {
    if (!groupExists(pgid)) return { kind: "none" };
    return {
      kind: "unknown",
      message: `process group ${pgid} (the ${hook} hook's, started by a driver that stopped) still exists, and cutover cannot tell on this system whether it is still the hook. Check it (ps -g ${pgid}), stop it if it is (kill -- -${pgid}), then run \`cutover migrate resume ${migration}\``,
    };
  }
  if (found.length === 0) return { kind: "none" };
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    signalGroup(pgid, signal);
    for (let waited = 0; waited < GRACE_MS; waited += POLL_MS) {
      if ((members() ?? []).length === 0) {
        return {
          kind: "stopped",
          message: `stopped process group ${pgid} (${signal}), left running by a driver that stopped`,
        };
      }
      await sleep(POLL_MS);
    }
  }
  return {
    kind: "unknown",
    message: `process group ${pgid} (the ${hook} hook's) did not stop on SIGKILL; check it (ps -g ${pgid}), then run \`cutover migrate resume ${migration}\``,
  };
}

/**
 * The live pids of group `pgid` that carry the hook's environment; null when /proc cannot be read (not
 * Linux). A process whose environment cannot be read (another user's) is not counted: it is not ours.
 */
function hookMembers(pgid: number, migration: string, hook: HookName): number[] | null {
  if (!existsSync("/proc/self/stat")) return null;
  const markers = [`CUTOVER_MIGRATION=${migration}`, `CUTOVER_HOOK=${hook}`];
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // After the command name in parentheses: state, ppid, pgrp, …
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) !== pgid || state === "Z") continue;
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (markers.every((marker) => environ.includes(marker))) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
