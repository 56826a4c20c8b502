// State store speed: record() events per second, one writer appending to one migration with a realistic
// state (about 1 KB of JSON), plus the latency of each record (p50/p99) and reading the whole log back.
// SQLite always (a temp file, WAL, synchronous=FULL); PostgreSQL too when CUTOVER_TEST_POSTGRES_URL is
// set (a temporary database is created and dropped: the user needs CREATEDB).
// Run after a build: `npm run build && node bench/store-bench.mjs`. BENCH_EVENTS=N (default 2000);
// BENCH_DIR=DIR puts the SQLite file on another file system (default: the OS temp dir).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const dist = new URL("../dist/adapters/", import.meta.url);
const { openSqliteStore } = await import(new URL("sqlite-store.js", dist).href).catch(() => {
  throw new Error("dist/adapters/sqlite-store.js is missing: run `npm run build` first");
});
const { openPostgresStore } = await import(new URL("postgres-store.js", dist).href);

/** A state shaped like the engine's: phase, step, weights, the last measurements. */
function stateAt(i) {
  const measurements = Array.from({ length: 8 }, (_, k) => ({
    metric: `error-rate-${k}`,
    value: (i % 100) / 1000,
    verdict: "successful",
    at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  }));
  return { phase: "steps", step: i % 4, weights: { blue: 100 - (i % 100), green: i % 100 }, measurements };
}

async function measure(label, store) {
  const name = `bench-${process.pid}`;
  await store.create(name, { name, steps: [20, 50, 80, 100] }, stateAt(0), "pending");
  const latencies = [];
  const started = performance.now();
  for (let i = 1; i <= EVENTS; i++) {
    const before = performance.now();
    await store.record(name, { type: "measurement", data: { i, value: i / EVENTS } }, stateAt(i), "steps");
    latencies.push(performance.now() - before);
  }
  const elapsed = performance.now() - started;
  const readStarted = performance.now();
  const events = await store.events(name);
  const readMs = performance.now() - readStarted;
  if (events.length !== EVENTS || events.at(-1).seq !== EVENTS)
    throw new Error(`${label}: log is not 1..${EVENTS}`);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  const rate = Math.round(EVENTS / (elapsed / 1000));
  console.log(
    `${label.padEnd(10)} record(): ${EVENTS} events in ${elapsed.toFixed(0)} ms → ${rate} events/s ` +
      `(p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms); events() read back in ${readMs.toFixed(1)} ms`,
  );
  return rate;
}

async function benchSqlite() {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "cutover-store-bench-"));
  const store = openSqliteStore(join(dir, "state.db"));
  try {
    return await measure("sqlite", store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(url) {
  const database = `cutover_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${database}`;
  const store = await openPostgresStore(dbUrl.toString());
  try {
    return await measure("postgresql", store);
  } finally {
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

await benchSqlite();
if (process.env.CUTOVER_TEST_POSTGRES_URL) await benchPostgres(process.env.CUTOVER_TEST_POSTGRES_URL);
else console.log("postgresql skipped: set CUTOVER_TEST_POSTGRES_URL=postgres://… to measure it");
