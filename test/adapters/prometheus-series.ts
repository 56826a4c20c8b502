// Synthetic series for the Prometheus adapter tests: (1) OpenMetrics text for promtool backfill, with the
// exporters' real metric names, a blue side that is healthy and a green side that is not, so every built-in
// template has a known answer; (2) a tiny scraped app whose error share is switched at run time.
import http from "node:http";
import type { AddressInfo } from "node:net";

const STEP_SECONDS = 15;
// Samples run from 15 min before `now` up to `now`: Prometheus refuses scraped samples older than the end
// of its newest block, so nothing is written past now. Counters grow linearly and rate() extrapolates to
// the window's end while the last sample is under 1.1 steps (16.5 s) old, so rate() and increase() are
// exact for queries made in the first seconds after the backfill.
const FIRST_STEP = -60;
const LAST_STEP = 0;
const COUNTER_BASE_STEPS = 100;
const MiB = 1024 * 1024;

type Labels = Record<string, string>;
/** A counter grows by `perStep` every 15 s; a gauge holds `value`. */
type Series =
  | { name: string; labels: Labels; perStep: number }
  | { name: string; labels: Labels; value: number };

const shop = { job: "shop" };
const pod = (cluster: string) => ({ namespace: "shop", pod: "shop-7d9f-x2x4q", cluster });
const cadvisor = { job: "kubelet", image: "shop:1.4", instance: "10.0.1.7:10250" };
const ksm = { job: "kube-state-metrics", instance: "10.0.2.9:8080", node: "ip-10-0-1-7" };

function requests(): Series[] {
  const name = "http_requests_total";
  const counts: [string, string, number][] = [
    ["blue", "200", 1500],
    ["blue", "404", 150],
    ["blue", "500", 0],
    // green: 1 in 4 requests fail (300 × 500 + 100 × 503 of 1600)
    ["green", "200", 1050],
    ["green", "404", 150],
    ["green", "500", 300],
    ["green", "503", 100],
    // idle: no traffic at all, so the error rate is 0/0
    ["idle", "200", 0],
    ["idle", "500", 0],
  ];
  return [
    ...counts.map(([cluster, code, perStep]) => ({ name, labels: { ...shop, cluster, code }, perStep })),
    { name, labels: { job: "other", cluster: "blue", code: "500" }, perStep: 9999 },
  ];
}

/** Cumulative bucket counts per step: blue is fast, green slow. */
function latency(): Series[] {
  const buckets: Record<string, number[]> = {
    blue: [800, 960, 1000, 1000, 1000, 1000],
    green: [100, 400, 700, 900, 995, 1000],
  };
  const bounds = ["0.05", "0.1", "0.25", "0.5", "1", "+Inf"];
  return Object.entries(buckets).flatMap(([cluster, counts]) =>
    bounds.map((le, index) => ({
      name: "http_request_duration_seconds_bucket",
      labels: { ...shop, cluster, le },
      perStep: counts[index] ?? 0,
    })),
  );
}

function kubernetes(): Series[] {
  const restarts = "kube_pod_container_status_restarts_total";
  const periods = "container_cpu_cfs_periods_total";
  const throttled = "container_cpu_cfs_throttled_periods_total";
  const memory = "container_memory_working_set_bytes";
  const limits = "kube_pod_container_resource_limits";
  const memoryLimit = { resource: "memory", unit: "byte" };
  return [
    // restarts: blue restarted twice long ago; green restarts every 15 s; another namespace is ignored
    { name: restarts, labels: { ...ksm, ...pod("blue"), container: "app" }, value: 2 },
    { name: restarts, labels: { ...ksm, ...pod("green"), container: "app" }, perStep: 1 },
    { name: restarts, labels: { ...ksm, ...pod("green"), container: "proxy" }, value: 0 },
    {
      name: restarts,
      labels: { ...ksm, namespace: "other", pod: "x", container: "x", cluster: "blue" },
      perStep: 5,
    },
    // throttling: blue 30 of 300 periods, green 120 of 300; the pod-level cgroup (container="") is ignored
    ...["blue", "green"].flatMap((cluster): Series[] => [
      { name: periods, labels: { ...cadvisor, ...pod(cluster), container: "app" }, perStep: 150 },
      { name: periods, labels: { ...cadvisor, ...pod(cluster), container: "proxy" }, perStep: 150 },
      { name: periods, labels: { ...cadvisor, ...pod(cluster), container: "" }, perStep: 150 },
      { name: throttled, labels: { ...cadvisor, ...pod(cluster), container: "" }, perStep: 150 },
    ]),
    { name: throttled, labels: { ...cadvisor, ...pod("blue"), container: "app" }, perStep: 15 },
    { name: throttled, labels: { ...cadvisor, ...pod("blue"), container: "proxy" }, perStep: 15 },
    { name: throttled, labels: { ...cadvisor, ...pod("green"), container: "app" }, perStep: 120 },
    { name: throttled, labels: { ...cadvisor, ...pod("green"), container: "proxy" }, perStep: 0 },
    // memory: blue app 256/512 MiB, green app 480/512 MiB; proxies 32/128 MiB; a CPU limit is ignored
    { name: memory, labels: { ...cadvisor, ...pod("blue"), container: "app" }, value: 256 * MiB },
    { name: memory, labels: { ...cadvisor, ...pod("green"), container: "app" }, value: 480 * MiB },
    ...["blue", "green"].flatMap((cluster): Series[] => [
      { name: memory, labels: { ...cadvisor, ...pod(cluster), container: "proxy" }, value: 32 * MiB },
      { name: memory, labels: { ...cadvisor, ...pod(cluster), container: "" }, value: 600 * MiB },
      {
        name: limits,
        labels: { ...ksm, ...pod(cluster), container: "app", ...memoryLimit },
        value: 512 * MiB,
      },
      {
        name: limits,
        labels: { ...ksm, ...pod(cluster), container: "proxy", ...memoryLimit },
        value: 128 * MiB,
      },
      {
        name: limits,
        labels: { ...ksm, ...pod(cluster), container: "app", resource: "cpu", unit: "core" },
        value: 0.1,
      },
    ]),
  ];
}

/** HAProxy 2.6 exporter names: blue answers 100 req/s without errors, green 100 req/s with 25 % 5xx. */
function haproxy(): Series[] {
  const responses = "haproxy_server_http_responses_total";
  const codes: [string, string, number][] = [
    ["blue", "2xx", 1500],
    ["blue", "5xx", 0],
    ["blue", "4xx", 0],
    ["green", "2xx", 1125],
    ["green", "5xx", 375],
    ["green", "4xx", 0],
  ];
  return [
    ...codes.map(([server, code, perStep]) => ({
      name: responses,
      labels: { proxy: "be", server, code },
      perStep,
    })),
    { name: responses, labels: { proxy: "stats", server: "blue", code: "5xx" }, perStep: 999 },
    {
      name: "haproxy_server_response_time_average_seconds",
      labels: { proxy: "be", server: "blue" },
      value: 0.004,
    },
    {
      name: "haproxy_server_response_time_average_seconds",
      labels: { proxy: "be", server: "green" },
      value: 0.05,
    },
  ];
}

function labelText(labels: Labels): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(",");
}

/** OpenMetrics for `promtool tsdb create-blocks-from openmetrics` (timestamps in seconds). */
export function backfillOpenMetrics(nowSeconds: number): string {
  const start = Math.floor(nowSeconds);
  const lines: string[] = [];
  for (const series of [...requests(), ...latency(), ...kubernetes(), ...haproxy()]) {
    for (let step = FIRST_STEP; step <= LAST_STEP; step++) {
      const value = "perStep" in series ? (step + COUNTER_BASE_STEPS) * series.perStep : series.value;
      lines.push(`${series.name}{${labelText(series.labels)}} ${value} ${start + step * STEP_SECONDS}`);
    }
  }
  return `${lines.join("\n")}\n# EOF\n`;
}

export interface FakeApp {
  /** host:port to scrape. */
  target: string;
  /** Share of requests (0–1) counted as 500 from the next scrape on. */
  setFailShare(share: number): void;
  close(): Promise<void>;
}

const REQUESTS_PER_SCRAPE = 100;
const APP_BOUNDS = ["0.05", "0.1", "0.25", "0.5", "1", "+Inf"];

/** An app's /metrics whose counters advance by 100 requests on every scrape, `failShare` of them 500s. */
export async function startFakeApp(failShare: number, slow: boolean): Promise<FakeApp> {
  let share = failShare;
  const codes = { "200": 0, "500": 0 };
  const buckets = APP_BOUNDS.map(() => 0);
  // per scrape: fast apps answer everything under 50 ms; slow ones spread up to 1 s
  const perScrape = slow ? [10, 30, 50, 70, 100, 100] : [100, 100, 100, 100, 100, 100];
  const server = http.createServer((_request, response) => {
    const failed = Math.round(REQUESTS_PER_SCRAPE * share);
    codes["500"] += failed;
    codes["200"] += REQUESTS_PER_SCRAPE - failed;
    perScrape.forEach((count, index) => {
      buckets[index] = (buckets[index] ?? 0) + count;
    });
    const lines = [
      "# TYPE http_requests_total counter",
      ...Object.entries(codes).map(([code, count]) => `http_requests_total{code="${code}"} ${count}`),
      "# TYPE http_request_duration_seconds histogram",
      ...APP_BOUNDS.map((le, index) => `http_request_duration_seconds_bucket{le="${le}"} ${buckets[index]}`),
      `http_request_duration_seconds_count ${buckets.at(-1)}`,
      "http_request_duration_seconds_sum 0",
    ];
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    response.end(`${lines.join("\n")}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    setFailShare: (next) => {
      share = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
