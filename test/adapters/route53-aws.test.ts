// The Route 53 provider as AWS behaves, through the real SDK against the stateful fake: the wait after a
// change is the TTL resolvers really hold (old and new records, alias targets), INSYNC is polled from the
// change id even by a later process, and a dual-stack name moves its A and AAAA pairs in one batch.
import { describe, expect, it } from "vitest";
import { parseChanges } from "../support/fake-route53.js";
import { createRoute53Traffic, useFakeRoute53, weighted } from "../support/route53-real.js";

const start = useFakeRoute53();
const plain = (id: string, weight: number, ttl: number, value: string, type = "A") =>
  weighted(id, weight, { ttl, values: [value], type });
const posts = (fake: { requests: { method: string; body: string }[] }) =>
  fake.requests.filter((r) => r.method === "POST").map((r) => parseChanges(r.body));

describe("the TTL waited after a change", () => {
  it.each([
    [
      "the records' own TTL, not the spec's ttl, without targets",
      [plain("blue", 100, 300, "192.0.2.1"), plain("green", 0, 300, "192.0.2.2")],
      {},
      300,
    ],
    [
      "the old TTL when the new records get a shorter one",
      [plain("blue", 100, 300, "192.0.2.1"), plain("green", 0, 300, "192.0.2.2")],
      {
        blue: { setIdentifier: "blue", target: { values: ["192.0.2.1"] } },
        green: { setIdentifier: "green", target: { values: ["192.0.2.2"] } },
      },
      300,
    ],
    [
      "the new TTL when it is the longer one",
      [plain("blue", 100, 30, "192.0.2.1"), plain("green", 0, 30, "192.0.2.2")],
      {
        ttl: 120,
        blue: { setIdentifier: "blue", target: { values: ["192.0.2.1"] } },
        green: { setIdentifier: "green", target: { values: ["192.0.2.2"] } },
      },
      120,
    ],
    ["60 s for an alias to a load balancer", [weighted("blue", 100), weighted("green", 0)], {}, 60],
  ])("is %s", async (_label, records, provider, seconds) => {
    const { clock, options } = await start({ records, pendingPolls: 1 }, { ttl: 60, ...provider });
    const traffic = createRoute53Traffic(options);
    await traffic.setWeights({ blue: 80, green: 20 });
    await traffic.waitEffective({ blue: 80, green: 20 });
    expect(clock.sleeps).toEqual([1000, seconds * 1000]);
  });
});

describe("INSYNC", () => {
  it("is polled from the recorded change id by a later process, until Route 53 has propagated it", async () => {
    const { fake, clock, options } = await start({
      records: [weighted("blue", 100), weighted("green", 0)],
      pendingPolls: 0,
      insyncAfterMs: 45_000,
    });
    const change = await createRoute53Traffic(options).setWeights({ blue: 50, green: 50 });
    expect(change).toEqual({ id: "/change/C1FAKE", holdSeconds: 60 });
    // A restarted driver: a new provider, the change id from the event log.
    const restarted = createRoute53Traffic(options);
    const before = clock.now();
    const { effectiveAt } = await restarted.waitEffective({ blue: 50, green: 50 }, undefined, change);
    expect(fake.requests.filter((r) => r.path === "/2013-04-01/change/C1FAKE")).toHaveLength(46);
    expect(fake.changes.get("C1FAKE")?.status).toBe("INSYNC");
    expect(effectiveAt - before).toBe(45_000 + 60_000);
  });

  it("waits Route 53's propagation bound when the change id is unknown or forgotten", async () => {
    const { fake, clock, options } = await start({ records: [weighted("blue", 50), weighted("green", 50)] });
    const traffic = createRoute53Traffic(options);
    await traffic.waitEffective({ blue: 50, green: 50 });
    expect(clock.sleeps).toEqual([60_000, 60_000]);
    clock.sleeps.length = 0;
    await traffic.waitEffective({ blue: 50, green: 50 }, undefined, { id: "/change/GONE" });
    expect(fake.requests.at(-2)?.path).toBe("/2013-04-01/change/GONE");
    expect(clock.sleeps).toEqual([60_000, 60_000]);
  });
});

describe("a dual-stack name", () => {
  const dual = [
    weighted("blue", 100),
    weighted("green", 0),
    weighted("blue", 100, { type: "AAAA" }),
    weighted("green", 0, { type: "AAAA" }),
  ];

  it("passes preflight and shifts the A and AAAA pairs in one batch, read back over both", async () => {
    const { fake, options } = await start({ records: dual });
    const traffic = createRoute53Traffic(options);
    expect(await traffic.preflight()).toEqual([]);
    await traffic.setWeights({ blue: 70, green: 30 });
    const [batch] = posts(fake);
    expect(
      batch?.map((c) => `${c.action} ${c.record.type} ${c.record.setIdentifier} ${c.record.weight}`),
    ).toEqual(["UPSERT A blue 70", "UPSERT A green 30", "UPSERT AAAA blue 70", "UPSERT AAAA green 30"]);
    expect(fake.records.filter((r) => r.type === "AAAA").map((r) => r.weight)).toEqual([70, 30]);
    expect(await traffic.readWeights()).toEqual({ blue: 70, green: 30 });
  });

  it("writes alias targets for both families and refuses a split that differs between them", async () => {
    const { fake, options } = await start({ records: dual });
    const target = (id: string) => ({
      setIdentifier: id,
      target: { alias: { dnsName: `${id}-alb.eu-west-1.elb.amazonaws.com`, hostedZoneId: "Z35SXDOTRQ7X7K" } },
    });
    const traffic = createRoute53Traffic({ ...options, blue: target("blue"), green: target("green") });
    await traffic.setWeights({ blue: 0, green: 100 });
    expect(posts(fake)[0]?.map((c) => c.record.alias?.dnsName)).toEqual([
      "blue-alb.eu-west-1.elb.amazonaws.com.",
      "green-alb.eu-west-1.elb.amazonaws.com.",
      "blue-alb.eu-west-1.elb.amazonaws.com.",
      "green-alb.eu-west-1.elb.amazonaws.com.",
    ]);
    const aaaa = fake.records.find((r) => r.type === "AAAA" && r.setIdentifier === "blue");
    if (aaaa) aaaa.weight = 100;
    await expect(traffic.readWeights()).rejects.toThrow(
      /serves blue 0 \/ green 100 over A but blue 50 \/ green 50 over AAAA; set both pairs to the same weights/,
    );
  });
});
