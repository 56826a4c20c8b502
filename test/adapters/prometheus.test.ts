// The Prometheus adapter against a real Prometheus 2.42 (Debian): backfilled series (promtool) give every
// built-in template a known answer at once; two scraped apps (blue, green) show the live path and how fast
// a fault switched on at run time reaches a gate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrometheusMetrics } from "../../src/adapters/prometheus.js";
import { expandMetricTemplate, type MetricTemplateRef } from "../../src/core/migrate/metric-templates.js";
import { loadMetricTemplates } from "../../src/knowledge/load-metric-templates.js";
import { type MetricProvider, type MetricResult, renderQuery } from "../../src/ports/metrics.js";
import { freePort, type RunningPrometheus, startPrometheus } from "../support/prometheus.js";
import { backfillOpenMetrics, type FakeApp, startFakeApp } from "./prometheus-series.js";

const templates = loadMetricTemplates();
const suiteStarted = performance.now();
let prometheus: RunningPrometheus;
let provider: MetricProvider;
let blueApp: FakeApp;
let greenApp: FakeApp;

beforeAll(async () => {
  [blueApp, greenApp] = await Promise.all([startFakeApp(0, false), startFakeApp(0.25, true)]);
  prometheus = await startPrometheus({
    backfill: backfillOpenMetrics(Date.now() / 1000),
    scrapeIntervalSeconds: 1,
    scrapeTargets: [
      { job: "live", target: blueApp.target, labels: { cluster: "blue" } },
      { job: "live", target: greenApp.target, labels: { cluster: "green" } },
    ],
  });
  provider = createPrometheusMetrics({ address: prometheus.address, timeoutMs: 5000 });
});

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all([blueApp?.close(), greenApp?.close()]);
  const total = Math.round(performance.now() - suiteStarted);
  console.info(
    `prometheus adapter suite: ready in ${Math.round(prometheus?.readyMs ?? 0)} ms, total ${total} ms`,
  );
});

function numberOf(result: MetricResult): number {
  if (result.kind !== "value") throw new Error(`expected a value, got ${JSON.stringify(result)}`);
  return result.value;
}

async function runTemplate(ref: MetricTemplateRef, side: Record<string, string>): Promise<MetricResult> {
  const expansion = expandMetricTemplate(templates, ref);
  if (!expansion.ok) throw new Error(expansion.problems.join("\n"));
  return provider.query(renderQuery(expansion.query, side));
}

describe("instant queries on a real Prometheus", () => {
  it("answers ping once ready", async () => {
    expect(await provider.ping()).toBeNull();
  });

  it.each([
    ["a scalar", "2.5", 2.5],
    ["one series", 'sum(haproxy_server_response_time_average_seconds{proxy="be"})', 0.054],
    ["a series with value 0", 'sum(rate(http_requests_total{job="shop",cluster="blue",code="500"}[1m]))', 0],
  ])("returns the value of %s", async (_case, query, expected) => {
    expect(numberOf(await provider.query(query))).toBeCloseTo(expected, 9);
  });

  it.each([
    ["an empty selector", 'sum(http_requests_total{job="nobody"})', "query returned no series"],
    ["a missing metric", "no_such_metric_total", "query returned no series"],
    ["0/0 as a scalar", "0/0", "NaN"],
    ["1/0 as a scalar", "1/0", "+Inf"],
    [
      "an error rate without traffic",
      'sum(rate(http_requests_total{job="shop",cluster="idle",code=~"5.."}[1m])) / sum(rate(http_requests_total{job="shop",cluster="idle"}[1m]))',
      "NaN",
    ],
  ])("reports no-data for %s", async (_case, query, reason) => {
    const result = await provider.query(query);
    expect(result).toEqual({ kind: "no-data", reason: expect.stringContaining(reason) });
  });

  it("reports several series as an error that counts them and suggests sum()", async () => {
    const result = await provider.query('http_requests_total{job="shop",cluster="blue"}');
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toMatch(
      /^query returned 3 series \(\{.*cluster="blue".*sum\(…\)/,
    );
  });

  it.each([
    [
      "bad PromQL",
      "rate(http_requests_total[",
      /HTTP 400, bad_data\): invalid parameter "query": .*parse error/,
    ],
    ["a range vector", "http_requests_total[1m]", /range vector; a gate needs an instant value/],
    [
      "a many-to-many match",
      'http_requests_total{job="shop"} + on(job) http_requests_total{job="shop"}',
      /HTTP 422, execution\): .*many-to-many/,
    ],
  ])("reports %s as an error with the type and message", async (_case, query, message) => {
    const result = await provider.query(query);
    expect(result).toEqual({ kind: "error", message: expect.stringMatching(message) });
  });

  it("sends the query with GET as well", async () => {
    const viaGet = createPrometheusMetrics({ address: `${prometheus.address}/`, method: "GET" });
    expect(
      numberOf(await viaGet.query('sum(haproxy_server_response_time_average_seconds{proxy="be"})')),
    ).toBeCloseTo(0.054, 9);
  });

  it("reports an unreachable address as an error, from ping and query", async () => {
    const port = await freePort();
    const down = createPrometheusMetrics({ address: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    const expected = `cannot reach Prometheus at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`;
    expect(await down.ping()).toContain(expected);
    expect(await down.query("up")).toEqual({ kind: "error", message: expect.stringContaining(expected) });
  });
});

// Expected numbers follow from prometheus-series.ts; every built-in template must appear here.
const templateCases: [string, MetricTemplateRef, string, { blue: number; green: number }][] = [
  ["error-rate", { template: "error-rate", params: { job: "shop" } }, "cluster", { blue: 0, green: 0.25 }],
  [
    "request-rate",
    { template: "request-rate", params: { job: "shop" } },
    "cluster",
    { blue: 110, green: 1600 / 15 },
  ],
  // p95 of blue: 0.05 + 0.05 × (950 − 800) / 160; of green: 0.5 + 0.5 × (950 − 900) / 95
  [
    "latency-p95",
    { template: "latency-p95", params: { job: "shop" } },
    "cluster",
    { blue: 0.096875, green: 0.5 + 0.5 * (50 / 95) },
  ],
  // p99 of blue: 0.1 + 0.15 × (990 − 960) / 40; of green: 0.5 + 0.5 × (990 − 900) / 95
  [
    "latency-p99",
    { template: "latency-p99", params: { job: "shop" } },
    "cluster",
    { blue: 0.2125, green: 0.5 + 0.5 * (90 / 95) },
  ],
  // green restarts once per 15 s: 40 in the default 10m window
  [
    "pod-restarts",
    { template: "pod-restarts", params: { namespace: "shop" } },
    "cluster",
    { blue: 0, green: 40 },
  ],
  [
    "cpu-throttling",
    { template: "cpu-throttling", params: { namespace: "shop" } },
    "cluster",
    { blue: 0.1, green: 0.4 },
  ],
  [
    "memory-saturation",
    { template: "memory-saturation", params: { namespace: "shop" } },
    "cluster",
    { blue: 0.5, green: 0.9375 },
  ],
  // the backfill has one sample per 15 s, so the HAProxy templates get a 1m window instead of 10s
  [
    "haproxy-error-rate",
    { template: "haproxy-error-rate", params: { proxy: "be", window: "1m" } },
    "server",
    { blue: 0, green: 0.25 },
  ],
  [
    "haproxy-request-rate",
    { template: "haproxy-request-rate", params: { proxy: "be", window: "1m" } },
    "server",
    { blue: 100, green: 100 },
  ],
  [
    "haproxy-response-time",
    { template: "haproxy-response-time", params: { proxy: "be" } },
    "server",
    { blue: 0.004, green: 0.05 },
  ],
];

describe("built-in templates on real PromQL", () => {
  it("covers every built-in template", () => {
    expect(templateCases.map(([name]) => name).sort()).toEqual(
      templates.map((template) => template.name).sort(),
    );
  });

  it.each(templateCases)("%s gives the expected number per side", async (_name, ref, sideLabel, expected) => {
    const blue = numberOf(await runTemplate(ref, { [sideLabel]: "blue" }));
    const green = numberOf(await runTemplate(ref, { [sideLabel]: "green" }));
    expect(blue).toBeCloseTo(expected.blue, 6);
    expect(green).toBeCloseTo(expected.green, 6);
  });

  it("gives no data for a side without traffic instead of a pass", async () => {
    const result = await runTemplate(
      { template: "error-rate", params: { job: "shop" } },
      { cluster: "idle" },
    );
    expect(result.kind).toBe("no-data");
  });
});

describe("scraped apps (live path)", () => {
  const errorRate: MetricTemplateRef = { template: "error-rate", params: { job: "live", window: "5s" } };

  async function untilValue(ref: MetricTemplateRef, side: string, accept: (value: number) => boolean) {
    const started = performance.now();
    while (performance.now() - started < 15_000) {
      const result = await runTemplate(ref, { cluster: side });
      if (result.kind === "value" && accept(result.value))
        return { value: result.value, ms: performance.now() - started };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${ref.template} on ${side} never satisfied the condition within 15 s`);
  }

  it("reads the error rate of each side once two scrapes exist", async () => {
    const firstScrapeMs = await prometheus.waitFor('count(count_over_time(up{job="live"}[5s]) >= 2) == 2');
    console.info(`two scrapes of both apps seen ${Math.round(firstScrapeMs)} ms after the backfill tests`);
    expect(numberOf(await runTemplate(errorRate, { cluster: "green" }))).toBeCloseTo(0.25, 9);
    expect(numberOf(await runTemplate(errorRate, { cluster: "blue" }))).toBe(0);
    const p99 = numberOf(
      await runTemplate(
        { template: "latency-p99", params: { job: "live", window: "5s" } },
        { cluster: "green" },
      ),
    );
    expect(p99).toBeGreaterThan(0.5);
    expect(p99).toBeLessThanOrEqual(1);
  });

  it("sees a fault switched on at run time within a few scrapes", async () => {
    blueApp.setFailShare(1);
    const detected = await untilValue(errorRate, "blue", (value) => value > 0);
    console.info(`fault on blue visible to the gate after ${Math.round(detected.ms)} ms`);
    expect(detected.ms).toBeLessThan(5000);
  });
});
