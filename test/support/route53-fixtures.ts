// Shared by the Route 53 and ExternalDNS provider tests: a fake clock, weighted alias records and a
// mocked Route53Client (aws-sdk-client-mock on one instance, reset before each test).
import {
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach } from "vitest";
import type { Route53TrafficOptions } from "../../src/adapters/route53.js";
import type { Clock } from "../../src/ports/clock.js";

export const ELB_ZONE = "Z35SXDOTRQ7X7K";
export const NAME = "shop.example.com.";

export type FakeClock = Clock & { sleeps: number[] };

/** A clock whose sleeps only move time forward, recording each. */
export function fakeClock(start = 1_000_000): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A weighted alias A record of shop.example.com to `<id>-alb…elb.amazonaws.com`. */
export const aliasRecord = (id: string, weight: number, evaluate = false): ResourceRecordSet => ({
  Name: NAME,
  Type: "A",
  SetIdentifier: id,
  Weight: weight,
  AliasTarget: {
    DNSName: `${id}-alb.eu-west-1.elb.amazonaws.com`,
    HostedZoneId: ELB_ZONE,
    EvaluateTargetHealth: evaluate,
  },
});

export const listingOf = (...records: ResourceRecordSet[]) => ({
  ResourceRecordSets: records,
  IsTruncated: false,
  MaxItems: 100,
});

/**
 * A mocked client, reset before each test with hosted zone Z123 (example.com.) answering; `clock` is a
 * fresh fake clock per test.
 */
export function useMockedRoute53() {
  const client = new Route53Client({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDMOCK", secretAccessKey: "mock-secret" },
  });
  const r53 = mockClient(client);
  const state = { clock: fakeClock() };
  beforeEach(() => {
    r53.reset();
    state.clock = fakeClock();
    r53
      .on(GetHostedZoneCommand)
      .resolves({ HostedZone: { Id: "/hostedzone/Z123", Name: "example.com.", CallerReference: "x" } });
  });
  return {
    client,
    r53,
    get clock() {
      return state.clock;
    },
    listing: (records: ResourceRecordSet[]) =>
      r53.on(ListResourceRecordSetsCommand).resolves(listingOf(...records)),
    changeInputs: () => r53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input),
    /** The alias pair blue/green of shop.example.com in Z123, with the mocked client and the fake clock. */
    options: (overrides: Partial<Route53TrafficOptions> = {}): Route53TrafficOptions => ({
      hostedZoneId: "/hostedzone/Z123",
      recordName: "shop.example.com",
      type: "A",
      blue: {
        setIdentifier: "blue",
        target: { alias: { dnsName: "blue-alb.eu-west-1.elb.amazonaws.com", hostedZoneId: ELB_ZONE } },
      },
      green: {
        setIdentifier: "green",
        target: { alias: { dnsName: "green-alb.eu-west-1.elb.amazonaws.com", hostedZoneId: ELB_ZONE } },
      },
      client,
      clock: state.clock,
      retry: { random: () => 0.5 },
      ...overrides,
    }),
  };
}
