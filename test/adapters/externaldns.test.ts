// The ExternalDNS provider: annotations patched through client-node against fake API servers on
// 127.0.0.1 (one per cluster), Route 53 read back through aws-sdk-client-mock.
import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { createExternalDnsTraffic, externalDnsWeight } from "../../src/adapters/externaldns.js";
import {
  ALPHA,
  annotations,
  ingress,
  patches,
  row,
  target,
  useFakeClusters,
  V022,
} from "../support/externaldns-fixtures.js";
import { FAKE_TOKEN } from "../support/fake-apiserver.js";
import { listingOf } from "../support/route53-fixtures.js";

const { route53, cluster, twoClusters } = useFakeClusters();
const { r53, client } = route53;
const rows = listingOf;

describe("externaldns traffic provider", () => {
  it("reads weights from the annotations of both clusters, each with its own prefix", async () => {
    const { options } = await twoClusters("100", "0");
    const traffic = createExternalDnsTraffic(options);
    expect(await traffic.readWeights()).toEqual({ blue: 100, green: 0 });
    expect(await traffic.preflight()).toEqual([]);
    expect(traffic.describe()).toMatch(
      /two changes, one per cluster, the gaining side first \(not one atomic batch\)/,
    );
  });

  it("merge-patches only the weight annotation, one call per cluster", async () => {
    const { blue, green, options } = await twoClusters("100", "0");
    const traffic = createExternalDnsTraffic(options);
    await traffic.setWeights({ blue: 20, green: 80 });
    expect(patches(green).map((r) => [r.path, r.contentType, r.body])).toEqual([
      [
        "/apis/networking.k8s.io/v1/namespaces/shop/ingresses/web",
        "application/merge-patch+json",
        { metadata: { annotations: { [`${V022}aws-weight`]: "80" } } },
      ],
    ]);
    expect(patches(blue).map((r) => r.body)).toEqual([
      { metadata: { annotations: { [`${ALPHA}aws-weight`]: "20" } } },
    ]);
    expect(patches(blue)[0]?.authorization).toBe(`Bearer ${FAKE_TOKEN}`);
    expect(await traffic.readWeights()).toEqual({ blue: 20, green: 80 });

    await traffic.setWeights({ blue: 20, green: 80 });
    expect(patches(blue).length + patches(green).length).toBe(2);
  });

  it.each([
    [
      "a shift to green patches green first",
      { blue: "100", green: "0" },
      { blue: 0, green: 100 },
      ["web-green", "web-blue"],
    ],
    [
      "a rollback to blue patches blue first",
      { blue: "0", green: "100" },
      { blue: 100, green: 0 },
      ["web-blue", "web-green"],
    ],
  ])("%s", async (_label, start, weights, order) => {
    const { server, kubeconfig } = await cluster("one", [
      ingress("web-blue", annotations(ALPHA, "eks-blue", start.blue)),
      ingress("web-green", annotations(ALPHA, "eks-green", start.green)),
    ]);
    const traffic = createExternalDnsTraffic({
      annotationPrefix: ALPHA,
      blue: { kube: target(kubeconfig, "web-blue"), setIdentifier: "eks-blue" },
      green: { kube: target(kubeconfig, "web-green"), setIdentifier: "eks-green" },
      route53: { hostedZoneId: "Z123", recordName: "shop.example.com", type: "A", client },
      clock: route53.clock,
    });
    await traffic.setWeights(weights);
    expect(patches(server).map((r) => r.path.split("/").pop())).toEqual(order);
  });

  it("says which half was made when the second patch fails", async () => {
    const { options } = await twoClusters("100", "0", {
      blue: { forbiddenPatch: ["networking.k8s.io/v1/ingresses"] },
    });
    const error = await createExternalDnsTraffic(options)
      .setWeights({ blue: 50, green: 50 })
      .catch((e: Error) => e.message);
    expect(error).toMatch(
      /^externaldns: cannot patch Ingress shop\/web in context fake: HTTP 403: .*cannot patch.*needs patch on ingresses \(networking.k8s.io\) after green was set to 50 \(the change is half made; retry: setWeights is idempotent\)$/,
    );
    expect(error).not.toContain(FAKE_TOKEN);
  });

  it("waits until Route 53 carries both weights, then the propagation bound, then the TTL", async () => {
    const { options } = await twoClusters("100", "0");
    const traffic = createExternalDnsTraffic(options);
    await traffic.setWeights({ blue: 50, green: 50 });
    r53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce(rows(row("eks-blue", 100), row("eks-green", 50)))
      .resolvesOnce(rows(row("eks-blue", 100), row("eks-green", 50)))
      .resolves(rows(row("eks-blue", 50), row("eks-green", 50)));
    const start = route53.clock.now();
    const { effectiveAt } = await traffic.waitEffective({ blue: 50, green: 50 });
    expect(r53.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(3);
    expect(route53.clock.sleeps).toEqual([1000, 1000, 60_000, 60_000]);
    expect(effectiveAt).toBe(start + 122_000);
    await expect(traffic.waitEffective({ blue: 100, green: 0 })).rejects.toThrow(
      /annotations say blue 50 \/ green 50, not blue 100 \/ green 0/,
    );
  });

  it("times out naming what Route 53 still has", async () => {
    const { options } = await twoClusters("100", "0");
    const traffic = createExternalDnsTraffic({ ...options, waitTimeoutMs: 3000 });
    await traffic.setWeights({ blue: 0, green: 100 });
    r53.on(ListResourceRecordSetsCommand).resolves(rows(row("eks-blue", 100)));
    await expect(traffic.waitEffective({ blue: 0, green: 100 })).rejects.toThrow(
      /timed out after 3000 ms waiting for ExternalDNS to publish blue 0 \/ green 100 to shop.example.com A in hosted zone Z123; last seen: eks-blue=100, eks-green=missing/,
    );
  });

  it("works on a Service", async () => {
    const service = {
      metadata: { name: "web", namespace: "shop", annotations: annotations(V022, "eks-blue", "100") },
      spec: { type: "LoadBalancer" },
    };
    const blue = await cluster("svc", [], {}, [service]);
    const green = await cluster("green", [ingress("web", annotations(V022, "eks-green", "0"))]);
    const traffic = createExternalDnsTraffic({
      blue: { kube: target(blue.kubeconfig, "web", "Service"), setIdentifier: "eks-blue" },
      green: { kube: target(green.kubeconfig), setIdentifier: "eks-green" },
      route53: { hostedZoneId: "Z123", recordName: "shop.example.com", type: "A", client },
      clock: route53.clock,
    });
    await traffic.setWeights({ blue: 70, green: 30 });
    expect(patches(blue.server)[0]?.path).toBe("/api/v1/namespaces/shop/services/web");
    expect(await traffic.readWeights()).toEqual({ blue: 70, green: 30 });
  });

  it.each([
    ["42", 42],
    ["0", 0],
    ["ten", 0],
    ["", 0],
    // Go's strconv.ParseInt(s, 10, 64): a sign is allowed, spaces, underscores, decimals and hex are not.
    ["+50", 50],
    ["050", 50],
    [" 50", 0],
    ["50 ", 0],
    ["5_0", 0],
    ["50.0", 0],
    ["0x32", 0],
    ["-0", 0],
    ["-5", -5],
    ["9223372036854775807", Number(2n ** 63n - 1n)],
    ["9223372036854775808", 0],
    ["٥٠", 0],
  ])("reads the annotation %j as ExternalDNS does: %i", (text, weight) => {
    expect(externalDnsWeight(text)).toBe(weight);
  });
});
