// The stack the `cutover migrate` end-to-end tests run on: a real HAProxy (weights through its Runtime
// API), a Prometheus double that answers what the test decides, a temp dir for the SQLite store and the
// specs rendered from test/fixtures/migrate/run.yaml. stop() stops what start() started, by PID.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import type { MigrationEvent } from "../../src/ports/store.js";
import type { Weights } from "../../src/ports/traffic.js";
import { type RunningHaproxy, startHaproxy } from "./haproxy.js";
import { type PrometheusDouble, type Responder, startPrometheusDouble } from "./prometheus-double.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "migrate");

export const fixture = (name: string) => path.join(FIXTURES, name);

/** Every side answers: no errors, plenty of requests. */
export const healthy: Responder = (metric) => (metric === "error_ratio" ? 0 : 100);

export interface MigrateStack {
  haproxy: RunningHaproxy;
  prometheus: PrometheusDouble;
  dir: string;
  /** A fresh SQLite store path under dir, per call. */
  newStore(): string;
  /** Writes run.yaml for migration `name` and returns its path; `values` replace placeholders' values. */
  spec(
    name: string,
    options?: { step2Approval?: "auto" | "manual"; values?: Record<string, string> },
  ): string;
  /** Back to blue 100 / green 0 and a healthy Prometheus, between tests. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMigrateStack(): Promise<MigrateStack> {
  const dir = mkdtempSync(path.join(tmpdir(), "cutover-migrate-"));
  const haproxy = await startHaproxy();
  const prometheus = await startPrometheusDouble(healthy);
  let stores = 0;
  const template = readFileSync(fixture("run.yaml"), "utf8");
  return {
    haproxy,
    prometheus,
    dir,
    newStore: () => path.join(dir, `state-${++stores}`, "state.db"),
    spec(name, options = {}) {
      const values: Record<string, string> = {
        NAME: name,
        RUNTIME_API: haproxy.runtimeApi,
        STATE_FILE: haproxy.stateFile,
        GREEN_URL: haproxy.greenUrl,
        PROMETHEUS: prometheus.address,
        STEP2_APPROVAL: options.step2Approval ?? "auto",
        ...options.values,
      };
      const text = template.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, key: string) => values[key] ?? whole);
      const file = path.join(dir, `${name}.yaml`);
      writeFileSync(file, text);
      return file;
    },
    async reset() {
      await haproxy.setWeights({ blue: 100, green: 0 });
      prometheus.respond(healthy);
    },
    async stop() {
      await prometheus.stop();
      await haproxy.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The events of migration `name` in the SQLite store at `file` (a separate connection, as another process). */
export async function storedEvents(file: string, name: string): Promise<MigrationEvent[]> {
  const store = openSqliteStore(file);
  try {
    return await store.events(name);
  } finally {
    await store.close();
  }
}

/** The weights of every weights-set event, in order. */
export function weightsSet(events: readonly MigrationEvent[]): Weights[] {
  return events.filter((event) => event.type === "weights-set").map((event) => event.data.weights as Weights);
}

export const w = (green: number): Weights => ({ blue: 100 - green, green });

/** Polls `condition` every 50 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
