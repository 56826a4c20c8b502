// One side of the demo's blue/green pair: `node scripts/demo/backend.mjs <blue|green> <port>`.
// Binds 127.0.0.1 only. Routes:
//   GET  /          the app: 200 "<name>\n" with header x-backend: <name> (or 500 / slow while a fault is set)
//   GET  /healthz   HAProxy's health check; always 200, so a fault shows up as 5xx, not as a server going DOWN
//   GET  /metrics   Prometheus text: http_requests_total{code}, http_request_duration_seconds (histogram)
//   POST /fault?rate=<0..1>&delayMs=<ms>   fail that fraction of app requests with 500, add that latency
//   DELETE /fault   back to healthy
// Only app requests (`/`) are counted in the metrics; health checks and scrapes are not.
import http from "node:http";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const [name, portText] = process.argv.slice(2);
const port = Number(portText);
if (!name || !Number.isInteger(port) || port <= 0) {
  console.error("usage: node scripts/demo/backend.mjs <blue|green> <port>");
  process.exit(2);
}

const fault = { rate: 0, delayMs: 0 };
const requestsByCode = new Map();
const bucketCounts = BUCKETS.map(() => 0);
let durationSum = 0;
let durationCount = 0;

function observe(code, seconds) {
  requestsByCode.set(code, (requestsByCode.get(code) ?? 0) + 1);
  BUCKETS.forEach((le, i) => {
    if (seconds <= le) bucketCounts[i] += 1;
  });
  durationSum += seconds;
  durationCount += 1;
}

function metricsText() {
  const lines = [
    "# HELP http_requests_total App requests served, by status code.",
    "# TYPE http_requests_total counter",
  ];
  for (const code of ["200", "500", ...requestsByCode.keys()].filter((c, i, all) => all.indexOf(c) === i)) {
    lines.push(`http_requests_total{code="${code}"} ${requestsByCode.get(code) ?? 0}`);
  }
  lines.push(
    "# HELP http_request_duration_seconds App request latency.",
    "# TYPE http_request_duration_seconds histogram",
  );
  BUCKETS.forEach((le, i) => {
    lines.push(`http_request_duration_seconds_bucket{le="${le}"} ${bucketCounts[i]}`);
  });
  lines.push(`http_request_duration_seconds_bucket{le="+Inf"} ${durationCount}`);
  lines.push(`http_request_duration_seconds_sum ${durationSum}`);
  lines.push(`http_request_duration_seconds_count ${durationCount}`);
  return `${lines.join("\n")}\n`;
}

/** Parses the fault query; rate outside 0..1 or a negative delay is a 400 naming the parameter. */
function parseFault(params) {
  const rate = Number(params.get("rate") ?? "1");
  const delayMs = Number(params.get("delayMs") ?? "0");
  if (!(rate >= 0 && rate <= 1))
    return { error: `rate must be a number from 0 to 1, got "${params.get("rate")}"` };
  if (!(delayMs >= 0)) return { error: `delayMs must be a number >= 0, got "${params.get("delayMs")}"` };
  return { rate, delayMs };
}

function sendJson(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(`${JSON.stringify(body)}\n`);
}

function handleFault(req, res, params) {
  if (req.method === "DELETE") {
    Object.assign(fault, { rate: 0, delayMs: 0 });
    return sendJson(res, 200, { name, ...fault });
  }
  if (req.method !== "POST")
    return sendJson(res, 405, { error: "use POST /fault?rate=&delayMs= or DELETE /fault" });
  const parsed = parseFault(params);
  if (parsed.error) return sendJson(res, 400, { error: parsed.error });
  Object.assign(fault, parsed);
  return sendJson(res, 200, { name, ...fault });
}

function serveApp(res) {
  const started = performance.now();
  const reply = () => {
    const failing = fault.rate > 0 && Math.random() < fault.rate;
    const code = failing ? 500 : 200;
    res.writeHead(code, { "content-type": "text/plain", "x-backend": name });
    res.end(failing ? `${name} error\n` : `${name}\n`);
    observe(String(code), (performance.now() - started) / 1000);
  };
  if (fault.delayMs > 0) setTimeout(reply, fault.delayMs);
  else reply();
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://backend.local");
  if (url.pathname === "/fault") return handleFault(req, res, url.searchParams);
  if (url.pathname === "/healthz") return res.end("ok\n");
  if (url.pathname === "/metrics") {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    return res.end(metricsText());
  }
  if (url.pathname === "/") return serveApp(res);
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found\n");
});
// Longer than HAProxy's keep-alive so the proxy, not the backend, closes idle connections.
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () =>
  console.log(`${name} listening on 127.0.0.1:${port} pid=${process.pid}`),
);

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
