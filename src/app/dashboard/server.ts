// `cutover dashboard`: one Hono app (JSON API, Server-Sent Events, the page) on Node's HTTP server.
// Bound to 127.0.0.1 unless --listen says otherwise; actions need the bearer token.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { MetricTemplate } from "../../core/migrate/metric-templates.js";
import { registerApi } from "./api.js";
import { registerAssets } from "./assets.js";
import { registerLive } from "./live.js";
import type { StoreHandle } from "./store-handle.js";

export interface DashboardOptions {
  handle: StoreHandle;
  /** null: read-only (no action served). */
  token: string | null;
  by: string;
  templates: MetricTemplate[];
  pollMs?: number;
  now?: () => number;
}

export function dashboardApp(options: DashboardOptions): Hono {
  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  registerApi(app, { ...options, now: options.now ?? Date.now });
  registerLive(app, { handle: options.handle, pollMs: options.pollMs ?? 250 });
  registerAssets(app);
  app.notFound((c) => c.json({ error: `nothing at ${c.req.path}` }, 404));
  return app;
}

export interface Listen {
  host: string;
  port: number;
}

export interface RunningDashboard {
  url: string;
  address: AddressInfo;
  close(): Promise<void>;
}

/** Starts serving; resolves once listening (port 0 picks a free port: see `url`). */
export function startDashboard(options: DashboardOptions, listen: Listen): Promise<RunningDashboard> {
  const app = dashboardApp(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: listen.host, port: listen.port }, (info) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}/`,
        address: info,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}

/** A fresh random token (192 bits, base64url). */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** "127.0.0.1:7420", "[::1]:7420", "0.0.0.0:80", ":7420" (all interfaces) → host and port; null if malformed. */
export function parseListen(text: string): Listen | null {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port > 65_535) return null;
  const host = match[1] ?? (match[2] === "" ? "0.0.0.0" : (match[2] as string));
  return { host, port };
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}
