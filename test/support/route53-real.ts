// The Route 53 provider on the real AWS SDK v3 pointed at the stateful fake (test/support/fake-route53.ts):
// one fake per test, closed after it, with a fake clock shared by the provider and the fake's GetChange.
import { Route53Client } from "@aws-sdk/client-route-53";
import { afterEach } from "vitest";
import { createRoute53Traffic, type Route53TrafficOptions } from "../../src/adapters/route53.js";
import { type FakeRoute53, type FakeRoute53Options, startFakeRoute53 } from "./fake-route53.js";
import { ELB_ZONE, type FakeClock, fakeClock, NAME } from "./route53-fixtures.js";

export const SECRET = "fake-secret-never-printed";
export const BLUE_ALB = "blue-alb.eu-west-1.elb.amazonaws.com.";
export const GREEN_ALB = "green-alb.eu-west-1.elb.amazonaws.com.";

/** A weighted record of shop.example.com: an alias to the side's ALB, or plain values with a TTL. */
export const weighted = (
  id: string,
  weight: number,
  extra: { type?: string; ttl?: number; values?: string[] } = {},
) => ({
  name: NAME,
  type: extra.type ?? "A",
  setIdentifier: id,
  weight,
  ...(extra.values
    ? { ttl: extra.ttl ?? 300, values: extra.values }
    : {
        alias: {
          dnsName: id === "blue" ? BLUE_ALB : GREEN_ALB,
          hostedZoneId: ELB_ZONE,
          evaluateTargetHealth: false,
        },
      }),
});

export function useFakeRoute53() {
  let fakes: FakeRoute53[] = [];
  afterEach(async () => {
    await Promise.all(fakes.map((fake) => fake.close()));
    fakes = [];
  });
  return async (
    options: Partial<FakeRoute53Options> = {},
    provider: Partial<Route53TrafficOptions> = {},
  ): Promise<{ fake: FakeRoute53; clock: FakeClock; options: Route53TrafficOptions }> => {
    const clock = fakeClock();
    const fake = await startFakeRoute53({
      zoneId: "ZFAKE1",
      zoneName: "example.com.",
      now: clock.now,
      aliasTargets: [
        { dnsName: BLUE_ALB, hostedZoneId: ELB_ZONE },
        { dnsName: GREEN_ALB, hostedZoneId: ELB_ZONE },
      ],
      ...options,
    });
    fakes.push(fake);
    const client = new Route53Client({
      region: "us-east-1",
      endpoint: fake.endpoint,
      maxAttempts: 1,
      credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: SECRET },
    });
    return {
      fake,
      clock,
      options: {
        hostedZoneId: "ZFAKE1",
        recordName: "shop.example.com",
        type: "A",
        blue: { setIdentifier: "blue" },
        green: { setIdentifier: "green" },
        client,
        clock,
        pollIntervalMs: 1000,
        retry: { random: () => 0.5 },
        ...provider,
      },
    };
  };
}

export { createRoute53Traffic };
