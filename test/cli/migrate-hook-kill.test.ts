// kill -9 of the driver while a hook runs: the hook's processes outlive the driver. `migrate resume` must
// stop that leftover process group before it runs the hook again, so that two terraform applies never run
// at once. The hook is a real bash script that notes its pid and whether an earlier run is still alive.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type MigrateStack, startMigrateStack, storedEvents, waitFor } from "../support/migrate-stack.js";

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI_CHILD = path.join(REPO, "test", "support", "cli-child.ts");

const children = new Set<ChildProcess>();
let stack: MigrateStack;

beforeAll(async () => {
  stack = await startMigrateStack();
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  // Whatever a failed run left behind.
  const dir = stack && path.join(stack.dir, "hook-runs");
  for (const pid of dir ? [...lines(path.join(dir, "runs")), ...lines(path.join(dir, "children"))] : [])
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  await stack?.stop();
});

function spawnCli(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", CLI_CHILD, ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number) : [];

describe("cutover migrate: kill -9 during a hook, then resume", () => {
  it("stops the hook's leftover process group before running the hook again", async () => {
    const name = "hooked";
    const dir = path.join(stack.dir, "hook-runs");
    mkdirSync(dir, { recursive: true });
    // The first run leaves a background child and waits; a later run notes any earlier run still alive
    // (a zombie, exited but not yet reaped, does not count).
    const script = [
      `d=${dir}`,
      'for p in $(cat $d/runs 2>/dev/null) $(cat $d/children 2>/dev/null); do case $(ps -o stat= -p $p) in ""|Z*) ;; *) echo $p >> $d/overlap;; esac; done',
      "echo $$ >> $d/runs",
      "if [ $(wc -l < $d/runs) -eq 1 ]; then sleep 300 & echo $! >> $d/children; sleep 301; fi",
    ].join("; ");
    const spec = stack.spec(name);
    const text = readFileSync(spec, "utf8").replace(
      /^spec:\n/m,
      () => `spec:\n  hooks:\n    provision:\n      command: [bash, -c, '${script}']\n      timeout: 10m\n`,
    );
    writeFileSync(spec, text);
    const store = stack.newStore();

    const first = spawnCli(["migrate", "start", spec, "--store", store]);
    await waitFor(async () => lines(path.join(dir, "children")).length === 1, 30_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const [firstRun] = lines(path.join(dir, "runs"));
    const [firstChild] = lines(path.join(dir, "children"));
    expect(firstRun && alive(firstRun), "the first run outlives its driver").toBe(true);

    const resumed = spawnCli(["migrate", "resume", name, "--store", store]);
    expect(await resumed.exited, resumed.output()).toBe(0);
    expect(lines(path.join(dir, "runs"))).toHaveLength(2);
    expect(lines(path.join(dir, "overlap")), "no earlier run was alive when the hook ran again").toEqual([]);
    await vi.waitFor(() => expect([firstRun, firstChild].filter((pid) => pid && alive(pid))).toEqual([]));
    expect(resumed.output()).toContain(`provision hook: stopped process group ${firstRun}`);

    const events = await storedEvents(store, name);
    const groups = events.filter((event) => event.type === "hook-process").map((event) => event.data.pgid);
    expect(groups).toEqual([firstRun, lines(path.join(dir, "runs"))[1]]);
  }, 120_000);
});
