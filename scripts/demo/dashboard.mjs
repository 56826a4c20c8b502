// The demo's dashboard: `cutover dashboard --read-only` on the store every engine run of the demo writes
// (CUTOVER_DEMO_STORE, fresh for each demo), on a free 127.0.0.1 port, so the rehearsal can be watched live.
// Read-only: nothing clicked on the page can change the demo's outcome or its exit code.
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess, stopLeftovers, stopProcess } from "./processes.mjs";

const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "cutover.js");

const START_TIMEOUT_MS = 15_000;

/**
 * Starts the dashboard on `<dir>/dashboard/state.db`; resolves to { url, stop() }. Its store, PID file and
 * log live in `<dir>/dashboard/`, apart from the stage's (which stops whatever `<dir>/pids/` names).
 */
export async function startDemoDashboard(stageDir) {
  const dir = join(stageDir, "dashboard");
  await stopLeftovers(dir);
  const store = join(dir, "state.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${store}${suffix}`, { force: true });
  process.env.CUTOVER_DEMO_STORE = store;
  rmSync(join(dir, "logs", "dashboard.log"), { force: true });
  const args = [CLI, "dashboard", "--store", store, "--listen", "127.0.0.1:0", "--read-only"];
  const proc = await startProcess(dir, "dashboard", process.execPath, args, { NO_COLOR: "1" });
  const stop = () => stopProcess(dir, proc);
  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    const url = /cutover dashboard: (http:\S+)/.exec(readFileSync(proc.logPath, "utf8"))?.[1];
    if (url) return { url, stop };
    if (proc.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the dashboard did not start; see ${proc.logPath}`);
}
