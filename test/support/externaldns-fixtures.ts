// Fake clusters for the ExternalDNS provider tests: one fake API server per cluster holding annotated
// Ingresses/Services, a kubeconfig per cluster, and the mocked Route 53 that ExternalDNS "publishes" to.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach } from "vitest";
import type { ExternalDnsTrafficOptions } from "../../src/adapters/externaldns.js";
import type { KubeTarget } from "../../src/adapters/externaldns-kube.js";
import {
  type FakeApiServer,
  type FakeApiServerOptions,
  type FakeResource,
  startFakeApiServer,
} from "./fake-apiserver.js";
import { aliasRecord, listingOf, useMockedRoute53 } from "./route53-fixtures.js";

export const ALPHA = "external-dns.alpha.kubernetes.io/";
export const V022 = "external-dns.kubernetes.io/";

type Json = Record<string, unknown>;

export const ingress = (name: string, annotations: Record<string, string>): Json => ({
  metadata: { name, namespace: "shop", uid: `${name}-uid`, annotations },
  spec: { ingressClassName: "alb", rules: [{ host: "shop.example.com" }] },
});

export const annotations = (prefix: string, id: string, weight: string) => ({
  [`${prefix}set-identifier`]: id,
  [`${prefix}aws-weight`]: weight,
  [`${prefix}hostname`]: "shop.example.com",
});

/** The Route 53 row ExternalDNS publishes for a set identifier (alias, target health evaluated). */
export const row = (id: string, weight: number) => aliasRecord(id, weight, true);

export const patches = (server: FakeApiServer) => server.requests.filter((r) => r.method === "PATCH");

const resources = (objects: Json[], services: Json[]): FakeResource[] => [
  {
    group: "networking.k8s.io",
    version: "v1",
    resource: "ingresses",
    kind: "Ingress",
    namespaced: true,
    objects,
  },
  { group: "", version: "v1", resource: "services", kind: "Service", namespaced: true, objects: services },
];

export const target = (
  kubeconfig: string,
  name = "web",
  kind: KubeTarget["kind"] = "Ingress",
): KubeTarget => ({
  kubeconfig,
  context: "fake",
  kind,
  namespace: "shop",
  name,
});

/**
 * Registers the hooks (temp dir, servers closed after each test, Route 53 answering rows eks-blue 100
 * and eks-green 0) and returns the builders.
 */
export function useFakeClusters() {
  const route53 = useMockedRoute53();
  let dir = "";
  let servers: FakeApiServer[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "cutover-externaldns-"));
    servers = [];
    route53.r53
      .on(ListResourceRecordSetsCommand)
      .resolves(listingOf(row("eks-blue", 100), row("eks-green", 0)));
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fake cluster holding `objects` (Ingresses) and `services`; returns it and its kubeconfig. */
  async function cluster(
    name: string,
    objects: Json[],
    extra: Partial<FakeApiServerOptions> = {},
    services: Json[] = [],
  ) {
    const server = await startFakeApiServer({ resources: resources(objects, services), ...extra });
    servers.push(server);
    const home = path.join(dir, name);
    mkdirSync(home);
    return { server, kubeconfig: server.writeKubeconfig(home) };
  }

  /** Blue annotated with the pre-v0.22 prefix, green with the v0.22 one. */
  async function twoClusters(
    blueWeight = "100",
    greenWeight = "0",
    extra: { blue?: Partial<FakeApiServerOptions>; green?: Partial<FakeApiServerOptions> } = {},
  ) {
    const blue = await cluster(
      "blue",
      [ingress("web", annotations(ALPHA, "eks-blue", blueWeight))],
      extra.blue,
    );
    const green = await cluster(
      "green",
      [ingress("web", annotations(V022, "eks-green", greenWeight))],
      extra.green,
    );
    const options: ExternalDnsTrafficOptions = {
      blue: { kube: target(blue.kubeconfig), setIdentifier: "eks-blue" },
      green: { kube: target(green.kubeconfig), setIdentifier: "eks-green" },
      route53: {
        hostedZoneId: "Z123",
        recordName: "shop.example.com",
        type: "A",
        client: route53.client,
        retry: { random: () => 0 },
      },
      clock: route53.clock,
      pollIntervalMs: 1000,
    };
    return { blue: blue.server, green: green.server, options };
  }

  return { route53, cluster, twoClusters };
}
