// The dashboard page in real headless Chromium (Debian /usr/bin/chromium, playwright-core) over migrations
// recorded by the real engine on a SQLite file: the charts hold one point per weight change and per
// measurement, the timeline every event; approve without the token changes nothing; approve with it lets
// a driver (on its own store connection, as another process would be) go on, and the page shows it live.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../../src/adapters/sqlite-store.js";
import { type RunningDashboard, startDashboard } from "../../../src/app/dashboard/server.js";
import { fixedStore } from "../../../src/app/dashboard/store-handle.js";
import { runMigration } from "../../../src/app/migrate/driver.js";
import type { StateStore } from "../../../src/ports/store.js";
import { AWAITING, PacedClock, recordAll, recordingOptions } from "../../support/dashboard-recordings.js";

const TOKEN = "browser-test-token-0123456789";
const dir = mkdtempSync(join(tmpdir(), "cutover-dashboard-browser-"));
const path = join(dir, "state.db");
let store: StateStore;
let dashboard: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  store = openSqliteStore(path);
  await recordAll(store);
  const handle = fixedStore(openSqliteStore(path));
  dashboard = await startDashboard(
    { handle, token: TOKEN, by: "dashboard (browser test)", templates: [], pollMs: 100 },
    { host: "127.0.0.1", port: 0 },
  );
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(name: string, token?: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // Nothing but the dashboard itself: any other request would mean the page needs the network.
  await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  await page.goto(`${dashboard.url}m/${name}${token ? `#token=${token}` : ""}`);
  await page.waitForSelector("#timeline");
  return page;
}

const count = (events: { type: string }[], ...types: string[]) =>
  events.filter((event) => types.includes(event.type)).length;

describe("the migration page in Chromium", () => {
  it("draws one point per weight change and per measurement, and lists every event", async () => {
    const events = await store.events("shop-rollback");
    const page = await open("shop-rollback");
    const points = (selector: string) => page.getAttribute(selector, "data-points").then(Number);
    expect(await points("#weights-chart")).toBe(count(events, "weights-set", "preflight-passed"));
    expect(await points('[data-metric="error-rate"]')).toBe(count(events, "measurement"));
    expect(await points('[data-metric="min-samples"]')).toBe(count(events, "measurement"));
    expect(await page.locator("canvas").count()).toBe(3);
    expect(await page.locator("#timeline li").count()).toBe(events.length);
    expect(await page.locator('#timeline li[data-type="rollback-started"] .s').textContent()).toBe(
      "ROLLBACK: step 2 of 4 (green 50 %): error-rate: failed (1) > failureLimit (0) (by cutover (automatic))",
    );
    expect(await page.locator("#phase").textContent()).toBe("rolled-back");
    await page.close();
  });

  it("an unknown migration says so", async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}m/nope`);
    expect(await page.locator("#not-found").textContent()).toContain('no migration named "nope"');
    await page.close();
  });

  it("approve without the token is refused and changes nothing", async () => {
    const before = (await store.events("shop-approval")).length;
    const page = await open("shop-approval");
    await page.click('button[data-action="approve"]');
    await page.waitForSelector("#action-message.error");
    expect(await page.locator("#action-message").textContent()).toMatch(/token is needed/);
    expect(await store.events("shop-approval")).toHaveLength(before);
    expect(await page.locator("#timeline li").count()).toBe(before);
    await page.close();
  });

  it("approve with the token: the driver goes on and the page shows it live", async () => {
    const controller = new AbortController();
    const driverStore = openSqliteStore(path);
    const lastAt = Number((await store.events("shop-approval")).at(-1)?.data.at);
    const options = recordingOptions(
      driverStore,
      { ...AWAITING, clock: new PacedClock(lastAt), holder: "driver-b" },
      controller.signal,
    );
    const driver = runMigration(options).finally(() => driverStore.close());
    const page = await open("shop-approval", TOKEN);
    await page.click('button[data-action="approve"]');
    await page.waitForSelector('#timeline li[data-type="approved"]');
    expect(await page.locator('#timeline li[data-type="approved"] .s').textContent()).toBe(
      "step 2 (green 50 %) approved by dashboard (browser test)",
    );
    // The driver folds the approval in and starts step 3: recorded by it, shown by the page via SSE.
    await page.waitForSelector('#timeline li[data-type="step-started"]:has-text("step 3")', {
      timeout: 20_000,
    });
    controller.abort();
    await driver;
    const types = (await store.events("shop-approval")).map((event) => event.type);
    expect(types.indexOf("step-started", types.indexOf("approved"))).toBeGreaterThan(
      types.indexOf("approved"),
    );
    await page.close();
  }, 60_000);
});
