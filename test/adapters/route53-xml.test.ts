// The Route 53 provider through the SDK's real XML serialisation and parsing, against a fake Route 53
// endpoint on 127.0.0.1 (signed requests, pagination, GetChange, throttling answers).
import { Route53Client } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { createRoute53Traffic } from "../../src/adapters/route53.js";
import { startFakeRoute53 } from "../support/fake-route53.js";
import { NAME, useMockedRoute53 } from "../support/route53-fixtures.js";

const route53 = useMockedRoute53();
const { options } = route53;

describe("through the SDK's XML against a fake Route 53 on 127.0.0.1", () => {
  it("sets, waits, reads back with pagination and survives throttling", async () => {
    const fake = await startFakeRoute53({
      zoneId: "ZFAKE1",
      zoneName: "example.com.",
      pageSize: 1,
      records: [
        { name: NAME, type: "A", setIdentifier: "blue", weight: 100, ttl: 20, values: ["192.0.2.1"] },
        { name: NAME, type: "A", setIdentifier: "green", weight: 0, ttl: 20, values: ["192.0.2.2"] },
        { name: "www.example.com.", type: "CNAME", ttl: 300, values: [NAME] },
      ],
    });
    const secret = "fake-secret-never-printed";
    const real = new Route53Client({
      region: "us-east-1",
      endpoint: fake.endpoint,
      maxAttempts: 1,
      credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: secret },
    });
    try {
      const traffic = createRoute53Traffic({
        ...options(),
        client: real,
        hostedZoneId: "ZFAKE1",
        blue: { setIdentifier: "blue" },
        green: { setIdentifier: "green" },
        pollIntervalMs: 500,
      });
      expect(await traffic.preflight()).toEqual([]);
      const before = fake.requests.length;
      fake.throttleNext(2);
      await traffic.setWeights({ blue: 50, green: 50 });
      // Two throttled listings retried, the two pages of the pair (one record per page), one batch.
      const sent = fake.requests.slice(before);
      expect(sent.map((r) => `${r.method} ${r.query.identifier ?? ""}`)).toEqual([
        "GET ",
        "GET ",
        "GET ",
        "GET green",
        "POST ",
      ]);
      const post = sent[4];
      expect(post?.path).toBe("/2013-04-01/hostedzone/ZFAKE1/rrset");
      expect(post?.body).toContain(
        "<Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>shop.example.com.</Name><Type>A</Type><SetIdentifier>blue</SetIdentifier><Weight>50</Weight><TTL>20</TTL>",
      );
      expect(post?.body).toContain("<SetIdentifier>green</SetIdentifier><Weight>50</Weight>");
      expect(await traffic.readWeights()).toEqual({ blue: 50, green: 50 });
      await traffic.waitEffective({ blue: 50, green: 50 });
      expect(
        fake.requests.filter((r) => r.path.startsWith("/2013-04-01/change/")).map((r) => r.path),
      ).toEqual(["/2013-04-01/change/C1FAKE", "/2013-04-01/change/C1FAKE"]);
      expect(route53.clock.sleeps.slice(-2)).toEqual([500, 20_000]);

      fake.throttleNext(100);
      const failure = await traffic
        .setWeights({ blue: 0, green: 100 })
        .catch((error: Error) => error.message);
      expect(failure).toMatch(/Throttling: Rate exceeded \(still throttled after 6 attempts/);
      expect(failure).not.toContain(secret);
    } finally {
      await fake.close();
    }
  });
});
