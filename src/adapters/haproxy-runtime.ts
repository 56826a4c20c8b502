// A tiny HAProxy Runtime API client: one connection per request, HAProxy's non-interactive mode (the
// command line is sent, HAProxy answers and closes). Several commands may share one request when
// separated by `;`. Tested against HAProxy 2.6 (Debian bookworm).
import net from "node:net";
import { CutoverError } from "../core/errors.js";

export const DEFAULT_RUNTIME_TIMEOUT_MS = 5000;

/** `unix:/run/haproxy/admin.sock` (or a bare absolute path) or `127.0.0.1:9999`. */
export type RuntimeAddress = { kind: "unix"; path: string } | { kind: "tcp"; host: string; port: number };

export class RuntimeApiError extends CutoverError {
  override name = "RuntimeApiError";
}

export function parseRuntimeAddress(address: string): RuntimeAddress {
  if (address.startsWith("unix:")) return { kind: "unix", path: address.slice("unix:".length) };
  if (address.startsWith("/")) return { kind: "unix", path: address };
  const match = /^(.+):(\d{1,5})$/.exec(address);
  const port = Number(match?.[2]);
  if (!match?.[1] || port < 1 || port > 65535) {
    throw new RuntimeApiError(
      `invalid HAProxy Runtime API address "${address}": expected unix:/path/to/admin.sock or host:port`,
    );
  }
  return { kind: "tcp", host: match[1].replace(/^\[(.*)\]$/, "$1"), port };
}

/**
 * Sends `command` (one command, or several separated by `;`) and resolves with HAProxy's whole answer.
 * Rejects when the socket cannot be reached, or when HAProxy does not answer within `timeoutMs`.
 */
export function runtimeCommand(
  address: string,
  command: string,
  timeoutMs = DEFAULT_RUNTIME_TIMEOUT_MS,
): Promise<string> {
  if (/[\r\n]/.test(command)) {
    return Promise.reject(new RuntimeApiError("a Runtime API command must be a single line"));
  }
  const target = parseRuntimeAddress(address);
  return new Promise((resolve, reject) => {
    const socket =
      target.kind === "unix"
        ? net.createConnection({ path: target.path })
        : net.createConnection({ host: target.host, port: target.port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const timer = setTimeout(() => {
      const what = `HAProxy Runtime API at ${address} did not answer "${command}" within ${timeoutMs} ms`;
      finish(new RuntimeApiError(`${what}; is haproxy overloaded or the address another service?`));
    }, timeoutMs);
    socket.on("connect", () => socket.write(`${command}\n`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => finish(null));
    socket.on("error", (error: NodeJS.ErrnoException) => finish(connectError(address, error)));
  });
}

function connectError(address: string, error: NodeJS.ErrnoException): RuntimeApiError {
  const code = error.code ?? error.message;
  const hint =
    code === "EACCES"
      ? "run as the user or group that owns the socket (see `stats socket … mode/user/group`)"
      : "is haproxy running with `stats socket … level admin`?";
  return new RuntimeApiError(`cannot connect to HAProxy Runtime API at ${address}: ${code} — ${hint}`);
}

/** One row of `show servers state` (format version 1). */
export interface ServerState {
  backendId: number;
  backendName: string;
  serverId: number;
  serverName: string;
  address: string;
  /** srv_op_state: 0 stopped (down), 1 starting, 2 running, 3 stopping. */
  operationalState: number;
  /** srv_admin_state bitfield: see isInMaintenance / isDraining. */
  adminState: number;
  /** srv_uweight: the weight set by the config or `set server … weight`, the one the balancer uses. */
  userWeight: number;
  /** srv_iweight: the weight written in the configuration. */
  initialWeight: number;
  /** Every column by its header name, as HAProxy printed it. */
  fields: Record<string, string>;
}

// srv_admin_state bits (HAProxy's SRV_ADMF_*): forced, inherited, config, resolution and hostname
// maintenance; forced and inherited drain.
const ADMIN_MAINTENANCE = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
const ADMIN_DRAIN = 0x08 | 0x10;

export const isInMaintenance = (server: ServerState) => (server.adminState & ADMIN_MAINTENANCE) !== 0;
export const isDraining = (server: ServerState) => (server.adminState & ADMIN_DRAIN) !== 0;
export const isDown = (server: ServerState) => server.operationalState === 0;

/**
 * Parses the answer to `show servers state [BACKEND]`: a version line (`1`), a `# ` header naming the
 * columns, then one space-separated row per server. Any other answer (e.g. "Can't find backend.") is
 * an error carrying HAProxy's message.
 */
export function parseServersState(output: string): ServerState[] {
  const lines = output.split("\n").filter((line) => line.trim() !== "");
  const [version, header, ...rows] = lines;
  if (version?.trim() !== "1" || !header?.startsWith("# ")) {
    throw new RuntimeApiError(`unexpected answer to "show servers state": ${lines.join(" ").slice(0, 200)}`);
  }
  const columns = header.slice(2).trim().split(/\s+/);
  return rows.map((row) => {
    const values = row.trim().split(/\s+/);
    const fields = Object.fromEntries(columns.map((name, i) => [name, values[i] ?? ""]));
    const int = (name: string) => Number.parseInt(fields[name] ?? "", 10);
    return {
      backendId: int("be_id"),
      backendName: fields.be_name ?? "",
      serverId: int("srv_id"),
      serverName: fields.srv_name ?? "",
      address: fields.srv_addr ?? "",
      operationalState: int("srv_op_state"),
      adminState: int("srv_admin_state"),
      userWeight: int("srv_uweight"),
      initialWeight: int("srv_iweight"),
      fields,
    };
  });
}

/** The lines of an answer that carry text: for `set …` commands an empty answer means success. */
export function answerMessages(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The balance algorithm of a backend from `show stat BACKEND 2 -1` (CSV with a `# ` header). */
export function parseBackendAlgorithm(output: string): string | undefined {
  const [header, ...rows] = output.split("\n").filter((line) => line.trim() !== "");
  if (!header?.startsWith("# ")) return undefined;
  const columns = header.slice(2).split(",");
  const algo = columns.indexOf("algo");
  const svname = columns.indexOf("svname");
  const backendRow = rows.map((row) => row.split(",")).find((cells) => cells[svname] === "BACKEND");
  return algo >= 0 ? backendRow?.[algo] || undefined : undefined;
}
