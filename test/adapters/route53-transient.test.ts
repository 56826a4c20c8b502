// Transient Route 53 failures (HTTP 500, 503, a reset connection) through the real SDK against the fake:
// retried with the throttling backoff, and a clear failure once the bound is reached.
import { describe, expect, it } from "vitest";
import type { Fault } from "../support/fake-route53.js";
import { createRoute53Traffic, SECRET, useFakeRoute53, weighted } from "../support/route53-real.js";

const start = useFakeRoute53();
const pair = [weighted("blue", 100), weighted("green", 0)];

describe("transient failures", () => {
  it.each<[string, Fault]>([
    ["HTTP 500 InternalFailure", 500],
    ["HTTP 503 ServiceUnavailable", 503],
    ["a reset connection", "reset"],
  ])("retries %s while setting and while waiting for INSYNC", async (_label, fault) => {
    const { fake, clock, options } = await start({ records: pair, pendingPolls: 2 });
    const traffic = createRoute53Traffic(options);
    fake.failNext(fault, 2, "POST");
    await traffic.setWeights({ blue: 80, green: 20 });
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(3);
    fake.failNext(fault, 2, "GET");
    await traffic.waitEffective({ blue: 80, green: 20 });
    expect(fake.changes.get("C1FAKE")?.status).toBe("INSYNC");
    // Full jitter at random() = 0.5: 100 and 200 ms for each burst of two failures.
    expect(clock.sleeps.filter((ms) => ms < 1000)).toEqual([100, 200, 100, 200]);
  });

  it("gives up after the bound, naming the status, the attempts and what to do", async () => {
    const { fake, options } = await start({ records: pair });
    const traffic = createRoute53Traffic({ ...options, retry: { maxAttempts: 3, random: () => 0.5 } });
    fake.failNext(503, 10);
    const message = await traffic.setWeights({ blue: 50, green: 50 }).catch((e: Error) => e.message);
    expect(message).toMatch(
      /^route53: listing shop.example.com in hosted zone ZFAKE1 failed: HTTP 503 ServiceUnavailable: Service is unavailable. Please retry. \(still failing after 3 attempts: .*retry, e.g. cutover migrate resume\)$/,
    );
    expect(message).not.toContain(SECRET);
    expect(fake.requests).toHaveLength(3);
  });

  it("does not retry a refused batch", async () => {
    const { fake, options } = await start({ records: [weighted("blue", 100)] });
    const traffic = createRoute53Traffic({
      ...options,
      green: { setIdentifier: "green", target: { values: ["not-an-ip"] } },
    });
    await expect(traffic.setWeights({ blue: 50, green: 50 })).rejects.toThrow(
      /InvalidChangeBatch: ARRDATAIllegalIPv4Address .*'not-an-ip'/,
    );
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
