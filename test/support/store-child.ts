// A second process on the same state store, for the store contract tests. Run with tsx:
//   node --import tsx test/support/store-child.ts LOCATION append MIGRATION COUNT WRITER
//     prints {"ready":true}, reads a start time (epoch ms) on stdin, then records COUNT events {writer, i}
//     and prints {"appended":COUNT}
//   node --import tsx test/support/store-child.ts LOCATION hold MIGRATION HOLDER TTL_MS
//     acquires the lease, prints the LeaseResult as JSON, then renews it every TTL/3 until killed
// The parent talks to it with spawnStoreChild() below.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { openStore } from "../../src/adapters/open-store.js";

const SCRIPT = fileURLToPath(import.meta.url);
const REPO = join(dirname(SCRIPT), "..", "..");

export interface StoreChild {
  process: ChildProcess;
  /** Resolves with the next JSON line the child prints. */
  nextMessage(): Promise<Record<string, unknown>>;
  /** Kills exactly this child and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnStoreChild(args: string[]): StoreChild {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
    cwd: REPO,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  return {
    process: child,
    async nextMessage() {
      const line = await lines.next();
      if (line.done) {
        if (child.exitCode === null && child.signalCode === null) await once(child, "close");
        throw new Error(`store child exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
      }
      return JSON.parse(line.value) as Record<string, unknown>;
    },
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
    },
  };
}

async function main(argv: string[]): Promise<void> {
  const [location, command, migration, ...rest] = argv;
  if (!location || !migration) throw new Error("usage: store-child.ts LOCATION append|hold MIGRATION …");
  const store = await openStore(location);
  if (command === "append") {
    const [count, writer] = rest;
    print({ ready: true });
    // The parent answers with the epoch ms at which both sides start appending, so that they overlap.
    const lines = createInterface({ input: process.stdin });
    const [startAt] = (await once(lines, "line")) as [string];
    lines.close();
    process.stdin.destroy();
    await new Promise((resolve) => setTimeout(resolve, Number(startAt) - Date.now()));
    for (let i = 0; i < Number(count); i++) {
      await store.record(migration, { type: "append", data: { writer, i } }, { writer, i }, "steps");
    }
    print({ appended: Number(count) });
    await store.close();
    return;
  }
  if (command === "hold") {
    const [holder = "", ttl] = rest;
    const ttlMs = Number(ttl);
    print(await store.acquireLease(migration, holder, ttlMs));
    setInterval(() => void store.renewLease(migration, holder, ttlMs), Math.max(1, Math.floor(ttlMs / 3)));
    return;
  }
  throw new Error(`unknown command ${command}`);
}

function print(message: unknown): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

if (process.argv[1] === SCRIPT) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
