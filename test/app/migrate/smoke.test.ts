import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { percentile, runSmokeChecks } from "../../../src/app/migrate/smoke.js";

let server: Server;
let base = "";
let served = 0;

beforeAll(async () => {
  // Answers 200 for the public name, 404 for anything else; every 4th request to /flaky fails.
  server = createServer((request, response) => {
    served++;
    if (request.headers.host !== "shop.example.com") return response.writeHead(404).end();
    if (request.url === "/flaky" && served % 4 === 0) return response.writeHead(502).end();
    response.writeHead(200).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("runSmokeChecks", () => {
  it("sends N requests with the Host header and passes when all succeed", async () => {
    const [result] = await runSmokeChecks([
      { url: `${base}/healthz`, host: "shop.example.com", requests: 5, minSuccessRate: 1 },
    ]);
    expect(result).toMatchObject({ requests: 5, succeeded: 5, successRate: 1, passed: true });
  });

  it("fails below the success rate and says what the failures were", async () => {
    served = 0;
    const [result] = await runSmokeChecks([
      { url: `${base}/flaky`, host: "shop.example.com", requests: 8, minSuccessRate: 0.9 },
    ]);
    expect(result?.passed).toBe(false);
    expect(result?.problem).toBe(
      `${base}/flaky (Host: shop.example.com): 6/8 succeeded, needs 90 % (2× HTTP 502)`,
    );
  });

  it("without the Host header green answers as a different site", async () => {
    const [result] = await runSmokeChecks([{ url: `${base}/healthz`, requests: 2, minSuccessRate: 1 }]);
    expect(result?.problem).toContain("0/2 succeeded, needs 100 % (2× HTTP 404)");
  });

  it("fails on a latency ceiling", async () => {
    const [result] = await runSmokeChecks([
      {
        url: `${base}/healthz`,
        host: "shop.example.com",
        requests: 2,
        minSuccessRate: 1,
        maxLatencyMs: 0.000001,
      },
    ]);
    expect(result?.problem).toMatch(/p95 latency \d+ ms > maxLatencyMs/);
  });

  it("reports a refused connection", async () => {
    const [result] = await runSmokeChecks([
      { url: "http://127.0.0.1:9/healthz", requests: 1, minSuccessRate: 1 },
    ]);
    expect(result?.problem).toMatch(/1× .*ECONNREFUSED/);
  });
});

describe("percentile", () => {
  it.each([
    [[], 0],
    [[5], 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 19],
  ])("p95 of %j is %i", (values, expected) => {
    expect(percentile(values, 0.95)).toBe(expected);
  });
});
