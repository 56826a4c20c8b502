// A throwaway PostgreSQL for tests: initdb into a temp dir, the postmaster on a free 127.0.0.1 port with
// fsync off, run as the `postgres` user when the tests run as root (initdb and postgres refuse root), and
// stopped by its own PID. CUTOVER_TEST_POSTGRES_URL=postgres://… uses an existing server instead (the user
// needs CREATEDB); CUTOVER_SKIP_POSTGRES=1 lets the PostgreSQL suites report themselves as skipped.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { missingPackageMessage } from "../../scripts/setup/system-packages.mjs";

export const SKIP_POSTGRES = process.env.CUTOVER_SKIP_POSTGRES === "1";

export interface TestPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Drops the created databases; for a throwaway server, stops it (by PID) and deletes its directory. */
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.CUTOVER_TEST_POSTGRES_URL;
  if (external) return withDatabases(external, async () => undefined);
  const server = await startThrowawayServer();
  return withDatabases(server.url, server.stop);
}

function withDatabases(url: string, stopServer: () => Promise<void>): TestPostgres {
  const created: string[] = [];
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    async createDatabase() {
      const name = `cutover_test_${process.pid}_${created.length + 1}_${Date.now() % 100_000}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const dbUrl = new URL(url);
      dbUrl.pathname = `/${name}`;
      return dbUrl.toString();
    },
    async stop() {
      if (process.env.CUTOVER_TEST_POSTGRES_URL) {
        await admin(async (client) => {
          for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      }
      await stopServer();
    },
  };
}

async function startThrowawayServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = findPostgresBin();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "cutover-pg-"));
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const initdb = spawnSync(
    join(bin, "initdb"),
    ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
    { ...user, cwd: dir, encoding: "utf8" },
  );
  if (initdb.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (exit ${initdb.status}): ${initdb.stderr || initdb.error?.message}`);
  }
  const port = await freePort();
  const log = join(dir, "postgres.log");
  const settings = [
    "listen_addresses=127.0.0.1",
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
  ];
  const logFd = openSync(log, "a");
  const server = spawn(
    join(bin, "postgres"),
    ["-D", data, "-p", String(port), "-k", dir, ...settings.flatMap((setting) => ["-c", setting])],
    { ...user, cwd: dir, stdio: ["ignore", "ignore", logFd] },
  );
  closeSync(logFd);
  // If the test process dies without afterAll, don't leave this exact server behind.
  const killOnExit = () => server.kill("SIGKILL");
  process.once("exit", killOnExit);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    process.off("exit", killOnExit);
    await stopProcess(server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, server, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** The newest /usr/lib/postgresql/VERSION/bin that has initdb and postgres. */
function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions
    .map((version) => join(root, version, "bin"))
    .find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres")));
  if (!bin) {
    throw new Error(
      `PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: ${missingPackageMessage("postgresql")} ` +
        "(or set CUTOVER_TEST_POSTGRES_URL=postgres://… to use a running server, " +
        "or CUTOVER_SKIP_POSTGRES=1 to skip the PostgreSQL store tests)",
    );
  }
  return bin;
}

/** Root can't run initdb or postgres: run them as the `postgres` user (as runuser would, with our exact PID). */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "running as root, but there is no `postgres` user to run the test server as: " +
        "run `apt-get install postgresql` (it creates the user) or run the tests as a non-root user",
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(address)));
    });
  });
}

async function waitReady(url: string, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) break;
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "(no log)";
  throw new Error(`the test PostgreSQL at ${url} did not become ready; its log ends with:\n${tail}`);
}

/** SIGINT is PostgreSQL's fast shutdown; SIGKILL if it has not exited after 10 s. */
async function stopProcess(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGINT");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
