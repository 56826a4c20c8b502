// The factory: one provider per spec section, clear errors for an unknown provider or a missing section,
// and the injected clock reaching the provider.
import { ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import {
  createTrafficProvider,
  TRAFFIC_PROVIDERS,
  type TrafficConfig,
} from "../../src/adapters/traffic-factory.js";
import { TrafficError } from "../../src/ports/traffic.js";

const client = new Route53Client({
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDMOCK", secretAccessKey: "x" },
});
const route53 = {
  hostedZoneId: "Z123",
  recordName: "shop.example.com",
  type: "A" as const,
  blue: { setIdentifier: "blue" },
  green: { setIdentifier: "green" },
  client,
};
const kube = (context: string) => ({ context, kind: "Ingress" as const, namespace: "shop", name: "web" });

describe("createTrafficProvider", () => {
  it.each<[TrafficConfig, string, RegExp]>([
    [
      { provider: "route53", route53 },
      "route53",
      /^route53 Z123 shop.example.com A, weighted pair blue \(blue\) \/ green \(green\)/,
    ],
    [
      {
        provider: "haproxy",
        haproxy: {
          runtimeApi: "unix:/run/haproxy/admin.sock",
          backend: "be",
          blueServer: "b",
          greenServer: "g",
        },
      },
      "haproxy",
      /^haproxy backend be, servers b \(blue\) and g \(green\), via unix:\/run\/haproxy\/admin.sock, weights out of 100$/,
    ],
    [
      {
        provider: "externaldns",
        externaldns: {
          blue: { kube: kube("blue"), setIdentifier: "eks-blue" },
          green: { kube: kube("green"), setIdentifier: "eks-green" },
          route53,
        },
      },
      "externaldns",
      /^externaldns: Ingress shop\/web in context blue \(blue, "eks-blue"\) and Ingress shop\/web in context green/,
    ],
  ])("builds %#", (config, name, description) => {
    const provider = createTrafficProvider(config);
    expect(provider.name).toBe(name);
    expect(provider.describe()).toMatch(description);
  });

  it("lists the known providers for an unknown one", () => {
    const build = () => createTrafficProvider({ provider: "nginx" } as unknown as TrafficConfig);
    expect(build).toThrow(TrafficError);
    expect(build).toThrow(
      'traffic: unknown traffic provider "nginx"; known providers: route53, haproxy, externaldns',
    );
    expect(TRAFFIC_PROVIDERS).toEqual(["route53", "haproxy", "externaldns"]);
  });

  it("names the missing section", () => {
    expect(() => createTrafficProvider({ provider: "haproxy" })).toThrow(
      'traffic.provider is "haproxy" but traffic.haproxy is missing; add its settings',
    );
  });

  it("rejects an HAProxy maxWeight out of range", () => {
    const haproxy = {
      runtimeApi: "127.0.0.1:9999",
      backend: "be",
      blueServer: "b",
      greenServer: "g",
      maxWeight: 300,
    };
    expect(() => createTrafficProvider({ provider: "haproxy", haproxy })).toThrow(
      /maxWeight 300 is out of range/,
    );
  });

  it("hands the injected clock to the provider", async () => {
    const r53 = mockClient(client);
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        {
          Name: "shop.example.com.",
          Type: "A",
          SetIdentifier: "blue",
          Weight: 100,
          TTL: 7,
          ResourceRecords: [{ Value: "192.0.2.1" }],
        },
        {
          Name: "shop.example.com.",
          Type: "A",
          SetIdentifier: "green",
          Weight: 0,
          TTL: 7,
          ResourceRecords: [{ Value: "192.0.2.2" }],
        },
      ],
      IsTruncated: false,
      MaxItems: 100,
    });
    const sleeps: number[] = [];
    const clock = { now: () => 42, sleep: async (ms: number) => void sleeps.push(ms) };
    const provider = createTrafficProvider({ provider: "route53", route53 }, { clock });
    expect(await provider.waitEffective({ blue: 100, green: 0 })).toEqual({ effectiveAt: 42 });
    // No change id known: Route 53's 60 s propagation bound, then the records' 7 s TTL.
    expect(sleeps).toEqual([60_000, 7000]);
    r53.restore();
  });
});
