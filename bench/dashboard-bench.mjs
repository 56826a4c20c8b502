// Dashboard speed on a big store: 100 migrations × 2,000 events each (SQLite, written in one transaction:
// a realistic log of four steps with a measurement round every 10 s, and the state replayed from it).
// Measures, with `cutover dashboard` running in its own process (dist/) and Debian's headless chromium:
//   - the API's answer for one migration (cold, then the median of 5);
//   - first paint of its page and the time until every chart is drawn (goal < 1 s);
//   - an event recorded by another process (a command written as a driver writes: store.record) until
//     it is on the open page, by SSE (goal ≤ 1 s), the median and worst of 5.
// Run after a build: `npm run build && node bench/dashboard-bench.mjs`. BENCH_MIGRATIONS, BENCH_EVENTS;
// BENCH_KEEP=1 keeps the store file (its path is printed).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { chromium } from "playwright-core";

const MIGRATIONS = Number(process.env.BENCH_MIGRATIONS ?? 100);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const load = (path) =>
  import(new URL(`../dist/${path}`, import.meta.url).href).catch(() => {
    throw new Error(`dist/${path} is missing: run \`npm run build\` first`);
  });
const { openSqliteStore } = await load("adapters/sqlite-store.js");
const { replay } = await load("core/migrate/apply.js");
const { parseMigrationSpec } = await load("core/migrate/spec-parse.js");

const SPEC = (name) => `apiVersion: cutover.dev/v1alpha1
kind: Migration
metadata: { name: ${name} }
spec:
  blue: { labels: { cluster: blue } }
  green: { labels: { cluster: green } }
  traffic:
    provider: haproxy
    haproxy: { runtimeApi: "unix:/run/cutover/admin.sock", backend: app, blueServer: blue, greenServer: green }
  steps:
    - { green: 20, bake: 90m }
    - { green: 50, bake: 90m }
    - { green: 80, bake: 90m }
    - { green: 100, bake: 90m }
  analysis:
    interval: 10s
    minSamples: { min: 100, prometheus: { address: "http://127.0.0.1:9090", query: "sum(increase(x[10m]))" } }
    metrics:
      - name: error-rate
        prometheus: { address: "http://127.0.0.1:9090", query: "sum(rate(x[1m]))" }
        max: 0.05
        vsBlue: { maxRatio: 2 }
`;

/** The log of a migration at its 4th step: `count` events, a measurement round every 10 s. */
function history(count) {
  const t0 = Date.UTC(2026, 0, 5, 9);
  const events = [];
  let at = t0;
  const push = (type, data) => events.push({ type, data: { at, ...data } });
  push("started", { by: "bench" });
  push("phase-entered", { phase: "preflight" });
  push("preflight-passed", { weights: { blue: 100, green: 0 } });
  push("phase-entered", { phase: "stepping" });
  const rounds = Math.floor((count - events.length - 4 * 5) / 4);
  [20, 50, 80, 100].forEach((green, step) => {
    const weights = { blue: 100 - green, green };
    const previous =
      step === 0
        ? { blue: 100, green: 0 }
        : { blue: 100 - [20, 50, 80][step - 1], green: [20, 50, 80][step - 1] };
    if (step > 0) push("step-started", { step });
    push("weights-intended", { weights, previous, purpose: "step" });
    push("weights-set", { weights, previous });
    push("weights-effective", { weights, effectiveAt: at });
    const last = step === 3 ? count - events.length : rounds;
    for (let k = 0; k < last && events.length < count - (step === 3 ? 0 : 1); k++) {
      at += 10_000;
      const value = 0.001 + (k % 7) / 10_000;
      push("measurement", {
        step,
        measurements: [
          {
            metric: "error-rate",
            side: "green",
            phase: "successful",
            value,
            blueValue: 0.001,
            at,
            message: `green ${value} ok`,
          },
          {
            metric: "min-samples",
            side: "green",
            phase: "successful",
            value: 5000,
            at,
            message: "green has seen 5000 requests",
          },
        ],
      });
    }
    if (step < 3) push("step-passed", { step, reason: "every metric successful" });
  });
  return events.slice(0, count);
}

function buildStore(path) {
  openSqliteStore(path).close();
  const db = new Database(path);
  const events = history(EVENTS);
  const insertMigration = db.prepare(
    "INSERT INTO migrations (name, spec, state, phase, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const insertEvent = db.prepare(
    "INSERT INTO events (migration, seq, at, type, data) VALUES (?, ?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (let m = 0; m < MIGRATIONS; m++) {
      const name = `bench-${String(m).padStart(3, "0")}`;
      const parsed = parseMigrationSpec(SPEC(name), "bench.yaml");
      if ("errors" in parsed) throw new Error(JSON.stringify(parsed.errors));
      const stored = events.map((event, i) => ({ seq: i + 1, ...event }));
      const state = replay(name, stored);
      const now = new Date().toISOString();
      insertMigration.run(name, JSON.stringify(parsed.spec), JSON.stringify(state), state.phase, now, now);
      for (const event of stored) {
        insertEvent.run(
          name,
          event.seq,
          new Date(event.data.at).toISOString(),
          event.type,
          JSON.stringify(event.data),
        );
      }
    }
  })();
  db.close();
}

/** `cutover dashboard` in its own process; resolves to { url, stop }. */
function startDashboard(store, tokenFile) {
  const child = spawn(
    process.execPath,
    ["bin/cutover.js", "dashboard", "--store", store, "--listen", "127.0.0.1:0", "--token-file", tokenFile],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`cutover dashboard exited with ${code}: ${out}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = /cutover dashboard: (http:\S+)/.exec(out)?.[1];
      if (url) resolve({ url, stop: () => child.kill("SIGTERM") });
    });
  });
}

/** Another process writes one command event, as a driver on another machine would; prints when. */
function recordElsewhere(store, name, command) {
  const code = `
    const { openSqliteStore } = await import(${JSON.stringify(new URL("../dist/adapters/sqlite-store.js", import.meta.url).href)});
    const { requestCommand } = await import(${JSON.stringify(new URL("../dist/app/migrate/requests.js", import.meta.url).href)});
    const store = openSqliteStore(${JSON.stringify(store)});
    const at = Date.now();
    const { event } = await requestCommand(store, ${JSON.stringify(name)}, ${JSON.stringify(command)}, "bench");
    console.log(JSON.stringify({ at, seq: event.seq }));
    await store.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.once("exit", (status) =>
      status === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer exited ${status}`)),
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "cutover-dashboard-bench-"));
  const store = join(dir, "state.db");
  const tokenFile = join(dir, "token");
  writeFileSync(tokenFile, "bench-token-0123456789abcdef\n", { mode: 0o600 });
  let dashboard = null;
  let browser = null;
  try {
    console.log(
      `load average ${loadavg()
        .map((v) => v.toFixed(1))
        .join(" ")} (the times below scale with it)`,
    );
    const built = performance.now();
    buildStore(store);
    console.log(
      `store: ${MIGRATIONS} migrations × ${EVENTS} events written in ${ms(performance.now() - built)}`,
    );
    dashboard = await startDashboard(store, tokenFile);
    const name = `bench-${String(Math.floor(MIGRATIONS / 2)).padStart(3, "0")}`;
    const api = [];
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const response = await fetch(`${dashboard.url}api/migrations/${name}`);
      bytes = (await response.text()).length;
      api.push(performance.now() - started);
    }
    console.log(
      `API   GET /api/migrations/${name}: cold ${ms(api[0])}, warm median ${ms(median(api.slice(1)))} (${(bytes / 1024).toFixed(0)} KiB) — goal < 1 s`,
    );
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const started = performance.now();
    await page.goto(`${dashboard.url}m/${name}`);
    await page.waitForSelector(`#timeline li[data-seq="${EVENTS}"]`);
    await page.waitForSelector("#weights-chart canvas");
    const drawn = performance.now() - started;
    const paint = await page.evaluate(() =>
      performance.getEntriesByType("paint").map((entry) => [entry.name, entry.startTime]),
    );
    const fcp = Object.fromEntries(paint)["first-contentful-paint"] ?? Number.NaN;
    console.log(
      `page  first contentful paint ${ms(fcp)}; every chart and ${EVENTS} events drawn after ${ms(drawn)} — goal < 1 s`,
    );
    const live = [];
    for (let i = 0; i < 5; i++) {
      const { at, seq } = await recordElsewhere(store, name, i % 2 === 0 ? "pause" : "resume");
      await page.waitForSelector(`#timeline li[data-seq="${seq}"]`, { timeout: 10_000 });
      live.push(Date.now() - at);
    }
    console.log(
      `live  event written by another process → on the open page: median ${ms(median(live))}, worst ${ms(Math.max(...live))} — goal ≤ 1 s`,
    );
  } finally {
    await browser?.close();
    dashboard?.stop();
    if (process.env.BENCH_KEEP) console.log(`kept ${store}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
