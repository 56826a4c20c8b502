// Starts the dashboard, prints where it is (and the token, once), and serves until SIGINT/SIGTERM.
import { readFileSync } from "node:fs";
import { parseStoreLocation } from "../../adapters/open-store.js";
import { redactUrl } from "../../adapters/postgres-store.js";
import { isLoopback, newToken, parseListen, startDashboard } from "../../app/dashboard/server.js";
import { reopeningStore } from "../../app/dashboard/store-handle.js";
import { holderName } from "../../app/migrate/lease.js";
import { storeLocation } from "../../app/migrate/open-store.js";
import { builtInTemplates } from "../../app/migrate/wiring.js";
import { messageOf, UsageError } from "../../core/errors.js";
import type { Terminal } from "../io.js";

export interface DashboardFlags {
  store?: string;
  listen: string;
  tokenFile?: string;
  readOnly?: boolean;
}

const TOKEN_CHARS = /^[A-Za-z0-9._~+/-]+=*$/;

export async function runDashboard(flags: DashboardFlags, terminal: Terminal): Promise<number> {
  const listen = parseListen(flags.listen);
  if (!listen) {
    throw new UsageError(
      `--listen "${flags.listen}" is not HOST:PORT; write e.g. 127.0.0.1:7420 or [::1]:7420`,
    );
  }
  const token = flags.readOnly ? null : flags.tokenFile ? readToken(flags.tokenFile) : newToken();
  const handle = reopeningStore(flags);
  const dashboard = await startDashboard(
    { handle, token, by: `dashboard (${holderName()})`, templates: builtInTemplates() },
    listen,
  ).catch((error: unknown) => {
    throw new UsageError(`cannot listen on ${flags.listen}: ${messageOf(error)}; pick another --listen`);
  });
  const where = parseStoreLocation(storeLocation(flags));
  terminal.out(`cutover dashboard: ${dashboard.url}`);
  terminal.out(`store: ${where.kind === "postgres" ? redactUrl(where.url) : where.path}`);
  if (!isLoopback(listen.host)) {
    terminal.err(
      `warning: listening on ${flags.listen} without TLS: the token and every answer cross the network in clear; put a TLS proxy in front, or listen on 127.0.0.1`,
    );
  }
  if (token === null) terminal.out("read-only: no action is served");
  else if (flags.tokenFile) terminal.out(`actions need the token in ${flags.tokenFile}`);
  else {
    terminal.out(`actions token (shown once; open this link, or send \`Authorization: Bearer TOKEN\`):`);
    terminal.out(`  ${dashboard.url}#token=${token}`);
  }
  terminal.out("Ctrl-C stops the dashboard (migrations go on).");
  await stopped();
  await dashboard.close();
  await handle.close();
  return 0;
}

function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new UsageError(`--token-file ${file}: cannot read it (${messageOf(error)}); give a readable file`);
  }
  if (text.length < 16 || !TOKEN_CHARS.test(text)) {
    throw new UsageError(
      `--token-file ${file}: the token must be at least 16 characters of A-Z a-z 0-9 . _ ~ + / - (e.g. \`openssl rand -hex 24 > ${file}\`)`,
    );
  }
  return text;
}

function stopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
