// The dashboard's JSON API. Reads: GET /api/config, /api/migrations, /api/migrations/:name. Actions (not
// served with --read-only): POST /api/migrations/:name/:command with `Authorization: Bearer TOKEN`, through
// the CLI's own code path (requestCommand → commandProblem). Errors are JSON `{ error }`: 404 unknown
// migration, 401 no or wrong token, 409 an action the state does not allow, 503 the store is unreachable.
import type { Context, Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { MIGRATION_COMMANDS, type MigrationCommand } from "../../core/migrate/commands.js";
import type { MetricTemplate } from "../../core/migrate/metric-templates.js";
import { redactSecrets } from "../../core/redact.js";
import { safeJson, timelineEntry } from "../../report/dashboard/migration-view.js";
import { specSteps } from "../../report/migrate/json.js";
import { MigrationError } from "../migrate/errors.js";
import { requestCommand } from "../migrate/requests.js";
import { readList, readPage } from "./read.js";
import type { StoreHandle } from "./store-handle.js";

export interface ApiOptions {
  handle: StoreHandle;
  /** null: --read-only, no action route at all. */
  token: string | null;
  /** Who the log says gave a command, e.g. "dashboard (ana@laptop:4242)". */
  by: string;
  templates: MetricTemplate[];
  now: () => number;
}

export function registerApi(app: Hono, options: ApiOptions): void {
  const { handle } = options;
  app.get("/api/config", (c) =>
    c.json({ readOnly: options.token === null, actions: options.token === null ? [] : MIGRATION_COMMANDS }),
  );
  app.get("/api/migrations", (c) =>
    answer(c, async () => ({ migrations: await readList(await handle.store()) })),
  );
  app.get("/api/migrations/:name", (c) =>
    answer(c, async () =>
      readPage(await handle.store(), c.req.param("name"), {
        now: options.now(),
        templates: options.templates,
      }),
    ),
  );
  if (options.token === null) return;
  const unauthorized = { message: { error: "a valid token is needed: send `Authorization: Bearer TOKEN`" } };
  app.post(
    "/api/migrations/:name/:command",
    bearerAuth({ token: options.token, noAuthenticationHeader: unauthorized, invalidToken: unauthorized }),
    (c) => {
      const command = c.req.param("command");
      if (!isCommand(command)) {
        return c.json({ error: `unknown action "${command}"; one of ${MIGRATION_COMMANDS.join(", ")}` }, 404);
      }
      return answer(c, async () => act(options, c.req.param("name"), command, await reasonOf(c)));
    },
  );
}

async function act(options: ApiOptions, name: string, command: MigrationCommand, reason: string | undefined) {
  const store = await options.handle.store();
  const { event, state } = await requestCommand(store, name, command, options.by, {
    ...(reason && { reason }),
  });
  const driver = store.leaseHolder ? await store.leaseHolder(name) : null;
  const note = driver
    ? `${driver.holder} drives ${name} and acts on it within a second`
    : `no driver holds ${name} now: \`cutover migrate resume ${name}\` acts on it`;
  const steps = specSteps((await store.get(name))?.spec);
  return { event: timelineEntry(event, steps), phase: state.phase, note };
}

function isCommand(value: string): value is MigrationCommand {
  return (MIGRATION_COMMANDS as readonly string[]).includes(value);
}

async function reasonOf(c: Context): Promise<string | undefined> {
  const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
  return typeof body.reason === "string" && body.reason.trim() !== "" ? body.reason.trim() : undefined;
}

/** Runs `read` and answers its value as JSON, or the error with its status. */
async function answer(c: Context, read: () => Promise<unknown>): Promise<Response> {
  try {
    return c.body(safeJson(await read()), 200, { "content-type": "application/json; charset=utf-8" });
  } catch (error) {
    const { status, message } = failure(error);
    return c.json({ error: redactSecrets(message) }, status);
  }
}

export function failure(error: unknown): { status: 404 | 409 | 422 | 503; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof MigrationError) {
    if (error.code === "not-found") return { status: 404, message };
    if (error.code === "command-refused") return { status: 409, message };
    return { status: 422, message };
  }
  return { status: 503, message: `the state store is unreachable: ${message}` };
}
