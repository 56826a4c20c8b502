// The Route 53 provider with aws-sdk-client-mock: the exact batch sent, idempotence, throttling retries,
// INSYNC polling and the TTL wait on a fake clock, pagination of the read-back.
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { createRoute53Traffic } from "../../src/adapters/route53.js";
import { aliasRecord, NAME, useMockedRoute53 } from "../support/route53-fixtures.js";

const route53 = useMockedRoute53();
const { r53, listing, changeInputs } = route53;
const options = route53.options;
const alias = aliasRecord;

describe("setWeights", () => {
  it("sends one batch with two UPSERTs of the alias pair", async () => {
    listing([alias("blue", 100), alias("green", 0)]);
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: "/change/C1", Status: "PENDING", SubmittedAt: new Date() } });
    await createRoute53Traffic(options()).setWeights({ blue: 80, green: 20 });
    expect(changeInputs()).toEqual([
      {
        HostedZoneId: "Z123",
        ChangeBatch: {
          Comment: "cutover: blue 80 / green 20",
          Changes: [
            { Action: "UPSERT", ResourceRecordSet: alias("blue", 80) },
            { Action: "UPSERT", ResourceRecordSet: alias("green", 20) },
          ],
        },
      },
    ]);
    expect(r53.commandCalls(ListResourceRecordSetsCommand)[0]?.args[0].input).toEqual({
      HostedZoneId: "Z123",
      StartRecordName: NAME,
      StartRecordType: undefined,
      StartRecordIdentifier: undefined,
    });
  });

  it("writes plain records with the TTL, and creates them when missing", async () => {
    listing([]);
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: "/change/C2", Status: "PENDING", SubmittedAt: new Date() } });
    const traffic = createRoute53Traffic(
      options({
        ttl: 30,
        blue: { setIdentifier: "b", target: { values: ["192.0.2.10"] } },
        green: { setIdentifier: "g", target: { values: ["192.0.2.20", "192.0.2.21"] } },
      }),
    );
    await traffic.setWeights({ blue: 100, green: 0 });
    expect(changeInputs()[0]?.ChangeBatch?.Changes).toEqual([
      {
        Action: "UPSERT",
        ResourceRecordSet: {
          Name: NAME,
          Type: "A",
          SetIdentifier: "b",
          Weight: 100,
          TTL: 30,
          ResourceRecords: [{ Value: "192.0.2.10" }],
        },
      },
      {
        Action: "UPSERT",
        ResourceRecordSet: {
          Name: NAME,
          Type: "A",
          SetIdentifier: "g",
          Weight: 0,
          TTL: 30,
          ResourceRecords: [{ Value: "192.0.2.20" }, { Value: "192.0.2.21" }],
        },
      },
    ]);
  });

  it("without targets keeps each record (health check, health evaluation) and changes only the weight", async () => {
    const blue = { ...alias("blue", 100, true), HealthCheckId: "hc-1" };
    listing([blue, alias("green", 0, true)]);
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: "/change/C3", Status: "PENDING", SubmittedAt: new Date() } });
    await createRoute53Traffic(
      options({ blue: { setIdentifier: "blue" }, green: { setIdentifier: "green" } }),
    ).setWeights({ blue: 50, green: 50 });
    expect(changeInputs()[0]?.ChangeBatch?.Changes?.map((c) => c.ResourceRecordSet)).toEqual([
      { ...blue, Weight: 50 },
      alias("green", 50, true),
    ]);
  });

  it("is idempotent: the weights already in place send no change", async () => {
    listing([alias("blue", 20), alias("green", 80)]);
    const traffic = createRoute53Traffic(options());
    await traffic.setWeights({ blue: 20, green: 80 });
    await traffic.setWeights({ blue: 20, green: 80 });
    expect(changeInputs()).toEqual([]);
  });

  it("rejects weights that do not sum to 100 before any call", async () => {
    await expect(createRoute53Traffic(options()).setWeights({ blue: 0, green: 0 })).rejects.toThrow(
      /sum to 100/,
    );
    expect(r53.calls()).toHaveLength(0);
  });

  it("fails with the missing record named when a side has no record and no target", async () => {
    listing([alias("blue", 100)]);
    const traffic = createRoute53Traffic(options({ green: { setIdentifier: "green" } }));
    await expect(traffic.setWeights({ blue: 50, green: 50 })).rejects.toThrow(
      'route53: no weighted record with SetIdentifier "green" (green) for shop.example.com A in hosted zone Z123; create it or give green.target in the spec',
    );
  });
});

describe("throttling", () => {
  const throttling = (name: string, message = "Rate exceeded") =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

  it.each([
    ["Throttling", throttling("Throttling")],
    [
      "PriorRequestNotComplete",
      throttling(
        "PriorRequestNotComplete",
        "The request was rejected because Route 53 was still processing a prior request.",
      ),
    ],
    ["a plain 400 Rate exceeded", throttling("Route53ServiceException")],
  ])("retries %s with exponential backoff and jitter", async (_label, error) => {
    listing([alias("blue", 100), alias("green", 0)]);
    r53
      .on(ChangeResourceRecordSetsCommand)
      .rejectsOnce(error)
      .rejectsOnce(error)
      .resolves({ ChangeInfo: { Id: "/change/C4", Status: "PENDING", SubmittedAt: new Date() } });
    await createRoute53Traffic(options()).setWeights({ blue: 80, green: 20 });
    expect(changeInputs()).toHaveLength(2 + 1);
    // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(route53.clock.sleeps).toEqual([100, 200]);
  });

  it("gives up after maxAttempts with the count, and never retries other errors", async () => {
    listing([alias("blue", 100), alias("green", 0)]);
    r53.on(ChangeResourceRecordSetsCommand).rejects(throttling("Throttling"));
    const traffic = createRoute53Traffic(
      options({ retry: { maxAttempts: 4, random: () => 1 - 1e-9, maxDelayMs: 500 } }),
    );
    await expect(traffic.setWeights({ blue: 80, green: 20 })).rejects.toThrow(
      /still throttled after 4 attempts/,
    );
    expect(changeInputs()).toHaveLength(4);
    expect(route53.clock.sleeps).toEqual([199, 399, 499]);

    r53.reset();
    listing([alias("blue", 100), alias("green", 0)]);
    r53.on(ChangeResourceRecordSetsCommand).rejects(
      Object.assign(new Error("User: arn:aws:iam::111:user/ci is not authorized"), {
        name: "AccessDenied",
      }),
    );
    await expect(traffic.setWeights({ blue: 80, green: 20 })).rejects.toThrow(
      /AccessDenied: .*grant route53:/,
    );
    expect(changeInputs()).toHaveLength(1);
  });
});

describe("waitEffective", () => {
  it("polls GetChange until INSYNC, then waits the TTL", async () => {
    listing([alias("blue", 100), alias("green", 0)]);
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: "/change/C5", Status: "PENDING", SubmittedAt: new Date() } });
    const traffic = createRoute53Traffic(options({ pollIntervalMs: 2000 }));
    await traffic.setWeights({ blue: 80, green: 20 });
    listing([alias("blue", 80), alias("green", 20)]);
    r53
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: "/change/C5", Status: "PENDING", SubmittedAt: new Date() } })
      .resolvesOnce({ ChangeInfo: { Id: "/change/C5", Status: "PENDING", SubmittedAt: new Date() } })
      .resolves({ ChangeInfo: { Id: "/change/C5", Status: "INSYNC", SubmittedAt: new Date() } });
    const start = route53.clock.now();
    const { effectiveAt } = await traffic.waitEffective({ blue: 80, green: 20 });
    expect(r53.commandCalls(GetChangeCommand).map((c) => c.args[0].input)).toEqual(
      Array(3).fill({ Id: "/change/C5" }),
    );
    expect(route53.clock.sleeps).toEqual([2000, 2000, 60_000]);
    expect(effectiveAt).toBe(start + 64_000);
  });

  it("uses the record TTL for plain records; a change made earlier without a known id waits the propagation bound", async () => {
    listing([
      { ...alias("blue", 0), AliasTarget: undefined, TTL: 15, ResourceRecords: [{ Value: "192.0.2.1" }] },
      { ...alias("green", 100), AliasTarget: undefined, TTL: 15, ResourceRecords: [{ Value: "192.0.2.2" }] },
    ]);
    const traffic = createRoute53Traffic(
      options({ blue: { setIdentifier: "blue" }, green: { setIdentifier: "green" } }),
    );
    await traffic.waitEffective({ blue: 0, green: 100 });
    expect(r53.commandCalls(GetChangeCommand)).toHaveLength(0);
    expect(route53.clock.sleeps).toEqual([60_000, 15_000]);
    await expect(traffic.waitEffective({ blue: 50, green: 50 })).rejects.toThrow(
      /has blue 0 \/ green 100, not blue 50 \/ green 50: set the weights first/,
    );
  });

  it("times out and honours an abort", async () => {
    listing([alias("blue", 100), alias("green", 0)]);
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: "/change/C6", Status: "PENDING", SubmittedAt: new Date() } });
    r53
      .on(GetChangeCommand)
      .resolves({ ChangeInfo: { Id: "/change/C6", Status: "PENDING", SubmittedAt: new Date() } });
    const traffic = createRoute53Traffic(options({ pollIntervalMs: 1000, waitTimeoutMs: 5000 }));
    await traffic.setWeights({ blue: 50, green: 50 });
    listing([alias("blue", 50), alias("green", 50)]);
    await expect(traffic.waitEffective({ blue: 50, green: 50 })).rejects.toThrow(
      /timed out after 5000 ms waiting for Route 53 change \/change\/C6 to be INSYNC; last seen: PENDING/,
    );
    const controller = new AbortController();
    controller.abort();
    await expect(traffic.waitEffective({ blue: 50, green: 50 }, controller.signal)).rejects.toThrow(
      /aborted/,
    );
  });
});

describe("readWeights", () => {
  it("follows pagination by name, type and identifier", async () => {
    r53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({
        ResourceRecordSets: [alias("blue", 30)],
        IsTruncated: true,
        NextRecordName: NAME,
        NextRecordType: "A",
        NextRecordIdentifier: "green",
        MaxItems: 1,
      })
      .resolves({
        ResourceRecordSets: [
          alias("green", 70),
          { Name: "zz.example.com.", Type: "A", TTL: 1, ResourceRecords: [] },
        ],
        IsTruncated: true,
        NextRecordName: "zzz.example.com.",
        NextRecordType: "A",
        MaxItems: 2,
      });
    expect(await createRoute53Traffic(options()).readWeights()).toEqual({ blue: 30, green: 70 });
    expect(
      r53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input.StartRecordIdentifier),
    ).toEqual([undefined, "green"]);
  });

  it("reads 0/0 as the equal split Route 53 makes of it", async () => {
    listing([alias("blue", 0), alias("green", 0)]);
    expect(await createRoute53Traffic(options()).readWeights()).toEqual({ blue: 50, green: 50 });
  });
});
