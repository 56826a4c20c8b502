// Renders docs/img/dashboard-rollback.png: the migration page of a cutover caught in the middle of its
// rollback (green broke at the 50 % step; blue 100 is set and the engine waits for it to be in effect),
// recorded by the real engine with scripted, slightly noisy metrics. Needs Debian's chromium.
// Run: `npx tsx scripts/dashboard-screenshot.ts [out.png]`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { openSqliteStore } from "../src/adapters/sqlite-store.js";
import { startDashboard } from "../src/app/dashboard/server.js";
import { fixedStore } from "../src/app/dashboard/store-handle.js";
import { COMPLETED, record } from "../test/support/dashboard-recordings.js";
import { type Script, value } from "../test/support/fake-metrics.js";
import { BASE_SPEC } from "../test/support/migration-spec.js";

const OUT = process.argv[2] ?? "docs/img/dashboard-rollback.png";
const LATENCY = `      - name: latency-p99
        prometheus: { address: "http://127.0.0.1:9090", query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{cluster="{{cluster}}"}[1m])))' }
        max: 0.5
        vsBlue: { maxRatio: 1.5 }
`;
const SPEC = `${BASE_SPEC.replace("  finalBake: 1m", `${LATENCY}  finalBake: 1m`)}`;

/** A small deterministic wobble, so the lines look measured. */
const wobble = (now: number, side: string) => Math.sin(now / 7_000 + (side === "green" ? 1 : 0)) * 0.5 + 0.5;

/** Healthy until green carries 50 %; then green's errors and latency climb. */
const script: Script = ({ query, side, now, weights }) => {
  if (query.startsWith("sum(increase(")) return value(4_000 + Math.round(wobble(now, side) * 2_000));
  const broken = side === "green" && weights.green >= 50;
  if (query.startsWith("histogram_quantile")) return value(broken ? 0.42 : 0.18 + wobble(now, side) * 0.05);
  return value(broken ? 0.085 : 0.002 + wobble(now, side) * 0.0015);
};

const dir = mkdtempSync(join(tmpdir(), "cutover-dashboard-shot-"));
const store = openSqliteStore(join(dir, "state.db"));
try {
  await record(store, { ...COMPLETED, name: "checkout-eu-west-1" });
  await record(store, {
    name: "shop-eu-west-1",
    specText: SPEC,
    script,
    stopAt: (action, state) => state.phase === "rolling-back" && action.type === "wait-effective",
  });
  const dashboard = await startDashboard(
    { handle: fixedStore(store), token: "screenshot-token-0123456789", by: "dashboard", templates: [] },
    { host: "127.0.0.1", port: 0 },
  );
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(`${dashboard.url}m/shop-eu-west-1#token=screenshot-token-0123456789`);
  await page.waitForSelector("#weights-chart canvas");
  await page.waitForTimeout(500);
  await page.screenshot({ path: OUT, fullPage: true });
  await browser.close();
  await dashboard.close();
  console.log(`wrote ${OUT}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
