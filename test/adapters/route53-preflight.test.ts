// Route 53 preflight: every precondition of a weighted pair reported before any change.
import {
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { createRoute53Traffic, type Route53TrafficOptions } from "../../src/adapters/route53.js";
import { aliasRecord, NAME, useMockedRoute53 } from "../support/route53-fixtures.js";

const route53 = useMockedRoute53();
const { r53 } = route53;
const options = route53.options;
const alias = aliasRecord;

describe("preflight", () => {
  const issuesFor = async (records: ResourceRecordSet[], overrides: Partial<Route53TrafficOptions> = {}) => {
    r53
      .on(ListResourceRecordSetsCommand)
      .resolves({ ResourceRecordSets: records, IsTruncated: false, MaxItems: 100 });
    return (await createRoute53Traffic(options(overrides)).preflight()).map((i) => i.message);
  };

  it("is clean for a healthy pair, and lists all types of the name", async () => {
    expect(await issuesFor([alias("blue", 100), alias("green", 0)])).toEqual([]);
    expect(r53.commandCalls(ListResourceRecordSetsCommand)[0]?.args[0].input.StartRecordType).toBeUndefined();
  });

  it.each<[string, ResourceRecordSet[], Partial<Route53TrafficOptions>, string]>([
    [
      "shared set identifiers",
      [alias("blue", 100)],
      { green: { setIdentifier: "blue" } },
      'blue and green share the SetIdentifier "blue"',
    ],
    [
      "a simple record",
      [{ Name: NAME, Type: "A", TTL: 60, ResourceRecords: [{ Value: "192.0.2.9" }] }],
      {},
      "shop.example.com. has a simple (non-weighted) A record: Route 53 cannot mix it with weighted records",
    ],
    [
      "half a dual-stack pair",
      [alias("blue", 100), alias("green", 0), { ...alias("green", 0), Type: "AAAA" }],
      {},
      'shop.example.com. is dual-stack (A and AAAA) but has no weighted AAAA record "blue" (blue); both address families are shifted together',
    ],
    [
      "a third weighted record",
      [alias("blue", 100), alias("green", 0), alias("canary", 10)],
      {},
      'another weighted record A "canary" (weight 10) shares shop.example.com. A and would take a share of the traffic',
    ],
    [
      "both weights 0",
      [alias("blue", 0), alias("green", 0)],
      {},
      "both records of shop.example.com. have weight 0, so Route 53 splits traffic equally between them",
    ],
    [
      "a weight out of range",
      [alias("blue", 300), alias("green", 0)],
      {},
      'the blue record "blue" has weight 300, outside 0–255',
    ],
    [
      "a missing record without target",
      [alias("blue", 100)],
      { green: { setIdentifier: "green" } },
      'no weighted A record "green" (green) for shop.example.com.',
    ],
    [
      "a CNAME on the name",
      [
        alias("blue", 100),
        alias("green", 0),
        { Name: NAME, Type: "CNAME", TTL: 60, ResourceRecords: [{ Value: "x" }] },
      ],
      {},
      "shop.example.com. already has a CNAME record, which cannot coexist with A records",
    ],
    [
      "another routing policy",
      [alias("blue", 100), alias("green", 0), { ...alias("eu", 0), Weight: undefined, Region: "eu-west-1" }],
      {},
      'shop.example.com. A "eu" uses another routing policy (failover, latency, geolocation…); one name and type takes one policy',
    ],
    [
      "a name outside the zone",
      [alias("blue", 100), alias("green", 0)],
      { recordName: "shop.example.org" },
      "shop.example.org is not inside hosted zone example.com.",
    ],
  ])("names %s", async (_label, records, overrides, message) => {
    expect(await issuesFor(records, overrides)).toContain(message);
  });

  it.each([
    [
      "an unknown zone",
      Object.assign(new Error("No hosted zone found with ID: Z123"), { name: "NoSuchHostedZone" }),
      /hosted zone Z123 is not reachable: .*NoSuchHostedZone: No hosted zone found with ID: Z123 \(check hostedZoneId\)/,
    ],
    [
      "missing credentials",
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
      /no AWS credentials found in the default chain/,
    ],
  ])("reports %s without going further", async (_label, error, message) => {
    r53.on(GetHostedZoneCommand).rejects(error);
    const issues = await createRoute53Traffic(options()).preflight();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(message);
    expect(r53.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(0);
  });
});
