// The migration lease, owned by the driver end to end: one driver per migration. It is taken (a lease
// left by a driver of this host whose process is gone — kill -9, a crash — is taken over at once instead
// of waiting for it to expire, so `resume` right after a crash just works), renewed every third of its
// time in real time (a long hook or provider wait must not lose it), and released when the run ends.
import os from "node:os";
import { CutoverError, messageOf } from "../../core/errors.js";
import type { LeaseHolder, StateStore } from "../../ports/store.js";

/** How long a lease lasts without a heartbeat; the driver renews it every third of that. */
export const LEASE_TTL_MS = 30_000;

export class LeaseHeldError extends CutoverError {
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

export interface Lease {
  /** Why the lease was lost (another driver took it after it expired), or null while it is ours. */
  lost(): string | null;
  /** Stops the heartbeat and gives the lease back; never throws. */
  release(): Promise<void>;
}

/** Who drives, for the lease and the log: `user@host:pid`. */
export function holderName(): string {
  return `${userName()}@${os.hostname()}:${process.pid}`;
}

/** Takes the lease for `holder` and starts its heartbeat, or throws LeaseHeldError naming who holds it. */
export async function takeLease(
  store: StateStore,
  name: string,
  holder: string,
  options: { ttlMs?: number; notice?: (text: string) => void } = {},
): Promise<Lease> {
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  let attempt = await store.acquireLease(name, holder, ttlMs);
  if (!attempt.acquired) {
    const gone = deadLocalHolder(attempt.heldBy.holder);
    if (!gone) throw new LeaseHeldError(name, attempt.heldBy);
    options.notice?.(`taking over the lease of ${attempt.heldBy.holder}: ${gone}`);
    await store.releaseLease(name, attempt.heldBy.holder);
    attempt = await store.acquireLease(name, holder, ttlMs);
    if (!attempt.acquired) throw new LeaseHeldError(name, attempt.heldBy);
  }
  const heartbeat = startHeartbeat(store, name, holder, ttlMs);
  return {
    lost: heartbeat.lost,
    release: async () => {
      heartbeat.stop();
      await store.releaseLease(name, holder).catch(() => undefined);
    },
  };
}

/** Why the holder `user@host:pid` is certainly gone (same host, no such process), or null. */
export function deadLocalHolder(holder: string, host = os.hostname()): string | null {
  const match = /^(.+)@(.+):(\d+)$/.exec(holder);
  if (!match || match[2] !== host) return null;
  const pid = Number(match[3]);
  if (pid === process.pid || processExists(pid)) return null;
  return `process ${pid} no longer runs on ${host}`;
}

function startHeartbeat(store: StateStore, name: string, holder: string, ttlMs: number) {
  let lostTo: string | null = null;
  let renewedAt = Date.now();
  const renew = () =>
    store.renewLease(name, holder, ttlMs).then(
      (renewed) => {
        if (renewed) renewedAt = Date.now();
        else lostTo ??= "another driver took it after it expired";
      },
      (error: unknown) => {
        // A failed renewal is only fatal once the lease has run out: until then it is still ours.
        if (Date.now() - renewedAt < ttlMs) return;
        lostTo ??= `it expired while renewing failed (${messageOf(error)})`;
      },
    );
  const timer = setInterval(renew, Math.max(1, Math.floor(ttlMs / 3)));
  timer.unref();
  return { lost: () => lostTo, stop: () => clearInterval(timer) };
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

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (containers running as an arbitrary uid).
    return process.env.USER ?? process.env.LOGNAME ?? `uid${process.getuid?.() ?? "?"}`;
  }
}
