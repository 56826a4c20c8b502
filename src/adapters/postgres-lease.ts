// The PostgreSQL lease: one session-level advisory lock per migration, held on a dedicated connection for
// the driver's lifetime (the server drops it the moment that session ends, e.g. on kill -9), plus a row in
// cutover.leases naming the holder and an expiry so that a refused driver can say who holds it. Several
// holders inside one process share the session; between them the row's expiry decides, as in SQLite.
import pg from "pg";
import type { LeaseHolder, LeaseResult } from "../ports/store.js";

/** First key of every cutover advisory lock ("CUTV"), so that cutover's locks don't collide with an app's. */
export const ADVISORY_NAMESPACE = 0x43555456;

export class AdvisoryLeases {
  private session: Promise<pg.Client> | null = null;
  /** Migrations whose advisory lock the current session holds (once each: we never lock twice). */
  private readonly locked = new Set<string>();

  constructor(private readonly config: pg.ClientConfig) {}

  /** Lock bookkeeping calls run one at a time, so two concurrent acquires never lock the same key twice. */
  private queue: Promise<unknown> = Promise.resolve();

  acquire(name: string, holder: string, ttlMs: number): Promise<LeaseResult> {
    return this.serial(() => this.acquireNow(name, holder, ttlMs));
  }

  release(name: string, holder: string): Promise<void> {
    return this.serial(() => this.releaseNow(name, holder));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async acquireNow(name: string, holder: string, ttlMs: number): Promise<LeaseResult> {
    const session = await this.liveSession();
    const fresh = !this.locked.has(name);
    if (fresh) {
      const { rows } = await session.query<{ ok: boolean }>(
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok",
        [ADVISORY_NAMESPACE, name],
      );
      if (!rows[0]?.ok) return { acquired: false, heldBy: await holderOf(session, name) };
      this.locked.add(name);
    }
    // With a freshly taken lock any row left behind belongs to a session that has ended: take it over.
    // With the lock already ours, the row decides between our holders: ours or expired → take; else refuse.
    const { rowCount } = await session.query(
      `INSERT INTO cutover.leases (migration, holder, expires_at)
       VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (migration) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE $4 OR cutover.leases.holder = excluded.holder OR cutover.leases.expires_at <= clock_timestamp()`,
      [name, holder, ttlMs, fresh],
    );
    if (rowCount === 1) return { acquired: true };
    return { acquired: false, heldBy: await holderOf(session, name) };
  }

  /** False when the session (and so the lock) is gone, or another holder of this process took the row. */
  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    if (!this.session || !this.locked.has(name)) return false;
    try {
      const session = await this.session;
      const { rowCount } = await session.query(
        `UPDATE cutover.leases SET expires_at = clock_timestamp() + $3 * interval '1 millisecond'
         WHERE migration = $1 AND holder = $2`,
        [name, holder, ttlMs],
      );
      return rowCount === 1;
    } catch {
      // A failed heartbeat means we can no longer prove we hold the lock: drop the session and say so.
      await this.close();
      return false;
    }
  }

  private async releaseNow(name: string, holder: string): Promise<void> {
    if (!this.session) return;
    const session = await this.session;
    await session.query("DELETE FROM cutover.leases WHERE migration = $1 AND holder = $2", [name, holder]);
    if (!this.locked.has(name)) return;
    // Unlock only when no other holder of this process has the row.
    const { rowCount } = await session.query("SELECT 1 FROM cutover.leases WHERE migration = $1", [name]);
    if (rowCount === 0) {
      await session.query("SELECT pg_advisory_unlock($1, hashtext($2))", [ADVISORY_NAMESPACE, name]);
      this.locked.delete(name);
    }
  }

  /** Ends the session; the server releases every advisory lock it held. */
  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.locked.clear();
    if (session) await (await session.catch(() => null))?.end().catch(() => undefined);
  }

  private liveSession(): Promise<pg.Client> {
    if (this.session) return this.session;
    const client = new pg.Client({ ...this.config, keepAlive: true });
    const session = client.connect().then(() => client);
    // The connection failed or dropped: the server has released our locks, so forget them; renew says "lost".
    const lost = () => {
      if (this.session !== session) return;
      this.session = null;
      this.locked.clear();
    };
    client.on("error", lost);
    client.on("end", lost);
    session.catch(lost);
    this.session = session;
    return session;
  }
}

async function holderOf(session: pg.Client, name: string): Promise<LeaseHolder> {
  const { rows } = await session.query<{ holder: string; expires_at: Date }>(
    "SELECT holder, expires_at FROM cutover.leases WHERE migration = $1",
    [name],
  );
  const row = rows[0];
  if (row) return { holder: row.holder, expiresAt: row.expires_at.toISOString() };
  // The other session has the lock but has not written its row yet (or hashtext collided).
  return { holder: "another PostgreSQL session (no lease row yet)", expiresAt: new Date().toISOString() };
}
