// Steady client load for the demo: `rps` GET requests per second to `url` from `concurrency` keep-alive
// connections. Each answer is attributed to the side in its x-backend header. A request fails when the
// status is not 2xx, the connection errors, or no answer comes within `timeoutMs`.
import http from "node:http";

const SIDE_NAMES = ["blue", "green", "unknown"];

function emptyCounts() {
  return {
    total: 0,
    ok: 0,
    failed: 0,
    bySide: Object.fromEntries(SIDE_NAMES.map((s) => [s, { ok: 0, failed: 0 }])),
  };
}

/**
 * Starts the load at once. `stats()` returns a snapshot: counts, the failures (time, side, status or error;
 * the first `keepFailures` of them) and the achieved rate; `stop()` waits for requests in flight and
 * resolves to the final snapshot.
 */
export function startLoad({ url, rps = 300, concurrency = 16, timeoutMs = 5_000, keepFailures = 5_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const counts = emptyCounts();
  const failures = [];
  const startedAt = Date.now();
  const intervalMs = 1000 / rps;
  let nextSlot = performance.now();
  let running = true;

  const record = (side, ok, detail) => {
    counts.total += 1;
    counts[ok ? "ok" : "failed"] += 1;
    counts.bySide[side][ok ? "ok" : "failed"] += 1;
    if (!ok && failures.length < keepFailures) failures.push({ at: Date.now(), side, ...detail });
  };

  /** Takes the next send slot; a worker late by more than a second drops the backlog instead of bursting. */
  const takeSlot = () => {
    const now = performance.now();
    if (nextSlot < now - 1000) nextSlot = now;
    const slot = nextSlot;
    nextSlot += intervalMs;
    return slot - now;
  };

  const worker = async () => {
    while (running) {
      const waitMs = takeSlot();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      if (!running) break;
      const outcome = await sendOne(url, agent, timeoutMs);
      record(outcome.side, outcome.ok, outcome.detail);
    }
  };
  const workers = Array.from({ length: concurrency }, worker);

  const stats = () => {
    const now = Date.now();
    const elapsedMs = now - startedAt;
    return {
      at: now,
      startedAt,
      elapsedMs,
      targetRps: rps,
      achievedRps: Math.round((counts.total / Math.max(elapsedMs, 1)) * 1000),
      total: counts.total,
      ok: counts.ok,
      failed: counts.failed,
      bySide: structuredClone(counts.bySide),
      failures: failures.slice(),
    };
  };

  const stop = async () => {
    running = false;
    await Promise.all(workers);
    agent.destroy();
    return stats();
  };
  return { stats, stop };
}

/** Counts between two snapshots of the same load (e.g. around a weight shift). */
export function diffStats(before, after) {
  const bySide = Object.fromEntries(
    SIDE_NAMES.map((side) => [
      side,
      {
        ok: after.bySide[side].ok - before.bySide[side].ok,
        failed: after.bySide[side].failed - before.bySide[side].failed,
      },
    ]),
  );
  const elapsedMs = after.at - before.at;
  const total = after.total - before.total;
  return {
    from: before.at,
    to: after.at,
    elapsedMs,
    total,
    ok: after.ok - before.ok,
    failed: after.failed - before.failed,
    achievedRps: Math.round((total / Math.max(elapsedMs, 1)) * 1000),
    bySide,
    failures: after.failures.filter((f) => f.at > before.at && f.at <= after.at),
  };
}

function sendOne(url, agent, timeoutMs) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, timeout: timeoutMs }, (response) => {
      const side = SIDE_NAMES.includes(response.headers["x-backend"])
        ? response.headers["x-backend"]
        : "unknown";
      response.resume();
      response.on("end", () => {
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        resolve({ side, ok, detail: { status: response.statusCode } });
      });
      response.on("error", (error) => resolve({ side, ok: false, detail: { error: error.message } }));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (error) => resolve({ side: "unknown", ok: false, detail: { error: error.message } }));
  });
}
