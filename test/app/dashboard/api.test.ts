// The dashboard's API on both stores, over migrations recorded by the real engine: what the list and a
// migration page hold, 404/401/409/503 as JSON, actions through requestCommand, read-only mode, live
// events by SSE, and no secret in any answer.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../../src/adapters/postgres-store.js";
import { openSqliteStore } from "../../../src/adapters/sqlite-store.js";
import { dashboardApp } from "../../../src/app/dashboard/server.js";
import { fixedStore, type StoreHandle } from "../../../src/app/dashboard/store-handle.js";
import type { StateStore } from "../../../src/ports/store.js";
import { recordAll } from "../../support/dashboard-recordings.js";
import { SKIP_POSTGRES, startTestPostgres, type TestPostgres } from "../../support/postgres.js";

const TOKEN = "test-token-0123456789abcdef";
const SECRET = "hunter2-do-not-show";

interface StoreCase {
  kind: string;
  open(): Promise<StateStore>;
}

const dir = mkdtempSync(join(tmpdir(), "cutover-dashboard-api-"));
let postgres: TestPostgres | null = null;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await postgres?.stop();
});

const CASES: StoreCase[] = [
  { kind: "SQLite", open: async () => openSqliteStore(join(dir, "state.db")) },
  ...(SKIP_POSTGRES
    ? []
    : [
        {
          kind: "PostgreSQL",
          open: async () => {
            postgres ??= await startTestPostgres();
            return openPostgresStore(await postgres.createDatabase());
          },
        },
      ]),
];

function app(store: StateStore | StoreHandle, token: string | null = TOKEN): Hono {
  const handle = "store" in store ? store : fixedStore(store);
  return dashboardApp({ handle, token, by: "dashboard (test)", templates: [], pollMs: 20 });
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

const post = (token?: string): RequestInit => ({
  method: "POST",
  headers: token ? { authorization: `Bearer ${token}` } : {},
});

describe.each(CASES)("dashboard API on $kind", ({ open }) => {
  let store: StateStore;
  beforeAll(async () => {
    store = await open();
    await recordAll(store);
  }, 120_000);
  afterAll(async () => store?.close());

  it("lists every migration with its phase, weights and outcome", async () => {
    const body = await json(await app(store).request("/api/migrations"));
    const rows = body.migrations as {
      name: string;
      phase: string;
      weights: string;
      outcome: string | null;
    }[];
    expect(rows.map((row) => [row.name, row.phase, row.weights, row.outcome])).toEqual([
      ["shop-approval", "stepping", "blue 50 / green 50", null],
      ["shop-completed", "completed", "blue 0 / green 100", "completed"],
      ["shop-rollback", "rolled-back", "blue 100 / green 0", "rolled back"],
    ]);
  });

  it("answers a migration with one chart point per weight change and measurement, and the whole log", async () => {
    const events = await store.events("shop-rollback");
    const page = await json(await app(store).request("/api/migrations/shop-rollback"));
    const weights = page.weights as { points: { green: number }[]; marks: { kind: string }[] };
    const changes = events.filter((e) => e.type === "weights-set" || e.type === "preflight-passed");
    expect(weights.points.map((p) => p.green)).toEqual([0, 20, 50, 0]);
    expect(weights.points).toHaveLength(changes.length);
    expect(weights.marks.filter((m) => m.kind === "rollback")).toHaveLength(2);
    const metrics = page.metrics as { metric: string; max: number | null; points: { phase: string }[] }[];
    const rounds = events.filter((e) => e.type === "measurement").length;
    expect(metrics.map((m) => [m.metric, m.max, m.points.length])).toEqual([
      ["error-rate", 0.05, rounds],
      ["min-samples", null, rounds],
    ]);
    expect(metrics[0]?.points.at(-1)?.phase).toBe("failed");
    const timeline = page.timeline as { seq: number; summary: string }[];
    expect(timeline).toHaveLength(events.length);
    expect(timeline.map((e) => e.summary)).toContain(
      "ROLLBACK: step 2 of 4 (green 50 %): error-rate: failed (1) > failureLimit (0) (by cutover (automatic))",
    );
    expect(page.next).toEqual({ kind: "done", label: "finished: rolled-back", until: null });
  });

  it("says what the next decision is and when, for a migration waiting for approval", async () => {
    const page = await json(await app(store).request("/api/migrations/shop-approval"));
    const next = page.next as { kind: string; label: string };
    expect(next.kind).toBe("await-approval");
    expect(next.label).toMatch(/^step 2 waits for approval/);
  });

  it.each([
    ["/api/migrations/nope", 'no migration named "nope"'],
    ["/api/migrations/nope/stream-x", "nothing at /api/migrations/nope/stream-x"],
  ])("GET %s → 404 with a JSON error", async (path, error) => {
    const response = await app(store).request(path);
    expect(response.status).toBe(404);
    expect(String((await json(response)).error)).toContain(error);
  });

  it.each([
    ["no token", undefined],
    ["a wrong token", "wrong-token-0123456789"],
  ])("an action with %s → 401 and nothing recorded", async (_what, token) => {
    const before = (await store.events("shop-approval")).length;
    const response = await app(store).request("/api/migrations/shop-approval/approve", post(token));
    expect(response.status).toBe(401);
    expect((await json(response)).error).toMatch(/token/);
    expect(await store.events("shop-approval")).toHaveLength(before);
  });

  it.each([
    ["approve", "shop-rollback", 409, "shop-rollback is rolled-back; there is nothing left to approve"],
    ["rollback", "shop-completed", 409, "shop-completed is completed; there is nothing left to rollback"],
    ["approve", "shop-approval-x", 404, 'no migration named "shop-approval-x"'],
    ["launch", "shop-approval", 404, 'unknown action "launch"'],
  ])("%s on %s → %i with the reason", async (command, name, status, reason) => {
    const response = await app(store).request(`/api/migrations/${name}/${command}`, post(TOKEN));
    expect(response.status).toBe(status);
    expect(String((await json(response)).error)).toContain(reason);
  });

  it("--read-only serves no action, even with the token", async () => {
    const readOnly = app(store, null);
    expect(await json(await readOnly.request("/api/config"))).toEqual({ readOnly: true, actions: [] });
    const response = await readOnly.request("/api/migrations/shop-approval/pause", post(TOKEN));
    expect(response.status).toBe(404);
  });

  it("an unreachable store → 503 with the reason, the password left out", async () => {
    const down: StoreHandle = {
      store: async () => {
        throw new Error(`connect ECONNREFUSED postgres://cutover:${SECRET}@127.0.0.1:1/db`);
      },
      close: async () => undefined,
    };
    const response = await app(down).request("/api/migrations");
    expect(response.status).toBe(503);
    const body = JSON.stringify(await json(response));
    expect(body).toContain("the state store is unreachable");
    expect(body).not.toContain(SECRET);
  });

  it("streams a new event by SSE, then approve with the token records it as the CLI does", async () => {
    const last = (await store.events("shop-approval")).at(-1)?.seq ?? 0;
    const response = await app(store).request(`/api/migrations/shop-approval/stream?after=${last}`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const approve = await app(store).request("/api/migrations/shop-approval/approve", post(TOKEN));
    expect(approve.status).toBe(200);
    const answer = (await json(approve)) as { event: { seq: number; summary: string } };
    expect(answer.event.summary).toBe("step 2 (green 50 %) approved by dashboard (test)");
    let text = "";
    while (!text.includes(`id: ${answer.event.seq}`)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    expect(text).toContain("event: event");
    expect(text).toContain('"type":"approved"');
    expect((await app(store).request("/api/migrations/shop-approval/pause", post(TOKEN))).status).toBe(200);
    const again = await app(store).request("/api/migrations/shop-approval/pause", post(TOKEN));
    expect(again.status).toBe(409);
    expect((await json(again)).error).toBe("shop-approval is already paused (by dashboard (test))");
  });

  // A value a hook printed that the redaction at the source missed would reach the page: it must not.
  it("never answers a secret a hook let through", async () => {
    const state = (await store.get("shop-completed"))?.state;
    await store.record(
      "shop-completed",
      {
        type: "hook-failed",
        data: { at: 1, hook: "freeze", message: `curl -H "Authorization: Bearer ${SECRET}"` },
      },
      state,
      "completed",
    );
    const page = await app(store).request("/api/migrations/shop-completed");
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(SECRET);
  });
});
