// Server-Sent Events: the page hears of every new event in the store, whoever wrote it (a driver in this
// process, in another process on the same SQLite file, or on another machine on the same PostgreSQL).
// Each stream polls the store cheaply by the last seq it sent (an indexed range read); the list stream
// compares each migration's phase and last update.
import type { Hono } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { redactSecrets } from "../../core/redact.js";
import type { StateStore } from "../../ports/store.js";
import { safeJson, timelineEntry } from "../../report/dashboard/migration-view.js";
import { specSteps } from "../../report/migrate/json.js";
import { failure } from "./api.js";
import type { StoreHandle } from "./store-handle.js";

export interface LiveOptions {
  handle: StoreHandle;
  /** How often each stream reads the store. */
  pollMs: number;
}

const KEEPALIVE_MS = 15_000;

export function registerLive(app: Hono, options: LiveOptions): void {
  const { handle, pollMs } = options;
  app.get("/api/migrations/:name/stream", (c) => {
    const name = c.req.param("name");
    // From the seq the client names (Last-Event-ID on a reconnect, ?after= on open), else from now on.
    const from = Number(c.req.header("last-event-id") ?? c.req.query("after") ?? Number.NaN);
    let lastSeq: number | null = Number.isInteger(from) && from >= 0 ? from : null;
    let steps: number[] | null = null;
    return streamSSE(c, (stream) =>
      poll(stream, pollMs, async () => {
        const store = await handle.store();
        steps ??= specSteps((await store.get(name))?.spec);
        lastSeq ??= (await store.get(name)) ? await lastSeqOf(store, name) : 0;
        for (const event of await store.events(name, lastSeq)) {
          lastSeq = event.seq;
          const data = safeJson(timelineEntry(event, steps));
          await stream.writeSSE({ event: "event", id: String(event.seq), data });
        }
      }),
    );
  });
  app.get("/api/stream", (c) => {
    let seen = "";
    return streamSSE(c, (stream) =>
      poll(stream, pollMs, async () => {
        const list = await (await handle.store()).list();
        const now = list.map((m) => `${m.name}:${m.phase}:${m.updatedAt}`).join("\n");
        if (now !== seen) await stream.writeSSE({ event: "changed", data: String(list.length) });
        seen = now;
      }),
    );
  });
}

async function lastSeqOf(store: StateStore, name: string): Promise<number> {
  const stored = (await store.get(name))?.state as { lastSeq?: unknown } | undefined;
  return typeof stored?.lastSeq === "number" ? stored.lastSeq : ((await store.events(name)).at(-1)?.seq ?? 0);
}

/** Runs `tick` every `pollMs` until the client goes; a failing store is reported once per outage. */
async function poll(stream: SSEStreamingApi, pollMs: number, tick: () => Promise<void>): Promise<void> {
  let failing = false;
  let quietSince = Date.now();
  while (!stream.aborted && !stream.closed) {
    try {
      await tick();
      if (failing) await stream.writeSSE({ event: "store-ok", data: "" });
      failing = false;
    } catch (error) {
      if (!failing)
        await stream.writeSSE({ event: "store-error", data: redactSecrets(failure(error).message) });
      failing = true;
    }
    if (Date.now() - quietSince > KEEPALIVE_MS) {
      await stream.write(": keepalive\n\n");
      quietSince = Date.now();
    }
    await stream.sleep(pollMs);
  }
}
