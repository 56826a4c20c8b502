// Taking the lease before a driver runs, so that a refusal says who holds it and until when. A lease left by
// a driver of this host whose process is gone (kill -9, a crash) is taken over at once instead of waiting
// for it to expire: `resume` right after a crash just works.
import os from "node:os";
import { UsageError } from "../../core/errors.js";
import type { LeaseHolder, StateStore } from "../../ports/store.js";
import { LEASE_TTL_MS } from "./wiring.js";

export class LeaseHeldError extends UsageError {
  override name = "LeaseHeldError";
  constructor(
    readonly migration: string,
    readonly heldBy: LeaseHolder,
  ) {
    super(
      `${migration} is held by ${heldBy.holder} until ${heldBy.expiresAt}: another cutover drives it. ` +
        "Wait for it to finish, stop it (Ctrl-C), or give commands with approve|pause|rollback|abort",
    );
  }
}

/** Takes the lease for `holder`, or reports who holds it (null: taken). */
export async function tryLease(
  store: StateStore,
  name: string,
  holder: string,
  notice: (text: string) => void,
): Promise<LeaseHolder | null> {
  const first = await store.acquireLease(name, holder, LEASE_TTL_MS);
  if (first.acquired) return null;
  const gone = deadLocalHolder(first.heldBy.holder);
  if (!gone) return first.heldBy;
  notice(`taking over the lease of ${first.heldBy.holder}: ${gone}`);
  await store.releaseLease(name, first.heldBy.holder);
  const second = await store.acquireLease(name, holder, LEASE_TTL_MS);
  return second.acquired ? null : second.heldBy;
}

/** Takes the lease or throws LeaseHeldError (exit 2). */
export async function takeLease(
  store: StateStore,
  name: string,
  holder: string,
  notice: (text: string) => void,
): Promise<void> {
  const heldBy = await tryLease(store, name, holder, notice);
  if (heldBy) throw new LeaseHeldError(name, heldBy);
}

/** Why the holder `user@host:pid` is certainly gone (same host, no such process), or null. */
export function deadLocalHolder(holder: string, host = os.hostname()): string | null {
  const match = /^(.+)@(.+):(\d+)$/.exec(holder);
  if (!match || match[2] !== host) return null;
  const pid = Number(match[3]);
  if (pid === process.pid || processExists(pid)) return null;
  return `process ${pid} no longer runs on ${host}`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
