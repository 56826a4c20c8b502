// The Prometheus adapter against small HTTP servers on 127.0.0.1 that misbehave in ways a real Prometheus
// rarely does on demand: proxies answering HTML, auth failures echoing the token, hangs, hosted APIs
// without /-/ready. Nothing here may throw, and no header value may reach a message.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrometheusMetrics } from "../../src/adapters/prometheus.js";

const TOKEN = "s3cr3t-token-value";
const seen: { path: string; authorization?: string; tenant?: string }[] = [];
let server: http.Server;
let base: string;

const vectorOne = JSON.stringify({
  status: "success",
  data: { resultType: "vector", result: [{ metric: {}, value: [1, "1"] }] },
});

/** Routes by path prefix: /hang never answers, /html is a proxy error page, /echo-auth leaks the header back. */
function answer(request: http.IncomingMessage, response: http.ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://x");
  seen.push({
    path: url.pathname,
    authorization: request.headers.authorization,
    tenant: request.headers["x-scope-orgid"] as string | undefined,
  });
  const [prefix] = url.pathname.split("/").filter(Boolean);
  if (prefix === "hang") return;
  if (prefix === "html") {
    response.writeHead(502, { "content-type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>");
  } else if (prefix === "echo-auth") {
    response.writeHead(401).end(`token ${request.headers.authorization} rejected`);
  } else if (prefix === "not-ready") {
    response.writeHead(503).end("Service Unavailable");
  } else if (prefix === "hosted" && url.pathname.endsWith("/-/ready")) {
    response.writeHead(404).end("404 page not found");
  } else if (prefix === "odd") {
    response
      .writeHead(200, { "content-type": "application/json" })
      .end('{"status":"success","data":{"resultType":"string","result":[1,"x"]}}');
  } else {
    response.writeHead(200, { "content-type": "application/json" }).end(vectorOne);
  }
}

beforeAll(async () => {
  server = http.createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("prometheus adapter over HTTP", () => {
  it("keeps a path prefix and sends the configured headers", async () => {
    const provider = createPrometheusMetrics({
      address: `${base}/tenant-a/`,
      headers: { "X-Scope-OrgID": "team-a" },
    });
    expect(await provider.query("vector(1)")).toEqual({ kind: "value", value: 1 });
    expect(seen.at(-1)).toMatchObject({ path: "/tenant-a/api/v1/query", tenant: "team-a" });
  });

  it("reports a non-JSON error page with the HTTP status and a snippet", async () => {
    const result = await createPrometheusMetrics({ address: `${base}/html` }).query("up");
    expect(result).toEqual({
      kind: "error",
      message: "Prometheus answered HTTP 502 Bad Gateway: <html><body>502 Bad Gateway</body></html>",
    });
  });

  it("never shows a header value, even when the server echoes it", async () => {
    const headers = { Authorization: `Bearer ${TOKEN}` };
    const provider = createPrometheusMetrics({ address: `${base}/echo-auth`, headers });
    const result = await provider.query("up");
    expect(result.kind).toBe("error");
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(JSON.stringify(result)).toContain("HTTP 401");
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("turns credentials in the address into a Basic header and keeps them out of messages", async () => {
    const provider = createPrometheusMetrics({ address: `http://user:${TOKEN}@${base.slice(7)}/echo-auth` });
    const result = await provider.query("up");
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from(`user:${TOKEN}`).toString("base64")}`);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(Buffer.from(`user:${TOKEN}`).toString("base64"));
  });

  it.each([
    [`admin:${TOKEN}@prometheus:9090`, '"[redacted]@prometheus:9090" must start with http:// or https://'],
    [`//admin:${TOKEN}@127.0.0.1:9090`, '"//[redacted]@127.0.0.1:9090" is not a URL'],
  ])("hides the credentials of an unusable address %#", async (address, message) => {
    const result = await createPrometheusMetrics({ address }).query("up");
    expect(result).toEqual({ kind: "error", message: expect.stringContaining(message) });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("gives up after timeoutMs and says so", async () => {
    const started = performance.now();
    const result = await createPrometheusMetrics({ address: `${base}/hang`, timeoutMs: 150 }).query("up");
    expect(result).toEqual({
      kind: "error",
      message: `Prometheus at ${base}/hang did not answer within 150 ms; check its load or raise timeoutMs`,
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = createPrometheusMetrics({ address: `${base}/hang` }).query("up", controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toEqual({
      kind: "error",
      message: `request to Prometheus at ${base}/hang was aborted`,
    });
  });

  it.each([
    [
      "not a URL",
      "127.0.0.1:9090",
      'Prometheus address "127.0.0.1:9090" is not a URL; write it like http://127.0.0.1:9090',
    ],
    [
      "without http://",
      "prometheus:9090",
      'Prometheus address "prometheus:9090" must start with http:// or https://',
    ],
  ])("reports an address that is %s from ping and query", async (_case, address, message) => {
    const provider = createPrometheusMetrics({ address });
    expect(await provider.ping()).toContain(message);
    expect(await provider.query("up")).toEqual({ kind: "error", message: expect.stringContaining(message) });
  });

  it("reports an unsupported result type", async () => {
    const result = await createPrometheusMetrics({ address: `${base}/odd` }).query('"x"');
    expect(result).toEqual({ kind: "error", message: 'query returned an unsupported result type "string"' });
  });

  it.each([
    ["ready", "", null],
    ["not ready", "/not-ready", "is not ready: HTTP 503 Service Unavailable: Service Unavailable"],
    // hosted Prometheus APIs have no /-/ready: the query vector(1) answering is enough
    ["without /-/ready", "/hosted", null],
  ])("ping of a server that is %s", async (_case, prefix, problem) => {
    const result = await createPrometheusMetrics({ address: `${base}${prefix}` }).ping();
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });
});
