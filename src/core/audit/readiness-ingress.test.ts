import { describe, expect, it } from "vitest";
import { assess, deployment, meta, object, readCorpus } from "../../../test/support/readiness-fixtures.js";
import type { KubeObject } from "../types.js";
import { ALPHA_PREFIX, defaultPrefix, GA_PREFIX } from "./readiness-dns.js";

function externalDns(tag: string, args: string[] = ["--txt-owner-id=blue", "--policy=sync"]): KubeObject {
  return deployment("external-dns", {
    namespace: "external-dns",
    image: `registry.k8s.io/external-dns/external-dns:${tag}`,
    container: { args: ["--source=ingress", "--source=service", "--provider=aws", ...args] },
  });
}

const albController = deployment("aws-load-balancer-controller", {
  namespace: "kube-system",
  image: "public.ecr.aws/eks/aws-load-balancer-controller:v2.6.0",
});

/** An ALB Ingress with the Blueprints' weighted-record annotations under `prefix`. */
function weightedIngress(prefix: string, name = "burnham", extra: Record<string, string> = {}): KubeObject {
  return object(
    "networking.k8s.io/v1",
    "Ingress",
    meta(name, "team-burnham", {
      annotations: {
        [`${prefix}set-identifier`]: "eks-blueprint-blue",
        [`${prefix}aws-weight`]: "100",
        ...extra,
      },
    }),
    { spec: { ingressClassName: "alb", rules: [{ host: `${name}.eks-blueprint.example.com` }] } },
  );
}

const ingressDns = (objects: KubeObject[]) => assess(objects)["ingress-dns"];

describe("ExternalDNS annotation prefixes (the v0.22 trap)", () => {
  it.each([
    ["0.13.5", ALPHA_PREFIX],
    ["0.21.9", ALPHA_PREFIX],
    ["0.22.0", GA_PREFIX],
    ["1.0.0", GA_PREFIX],
    [null, null],
  ])("ExternalDNS %s reads %s by default", (version, prefix) => {
    expect(defaultPrefix(version)).toBe(prefix);
  });

  it.each([
    // tag, extra args, annotation prefix, status, what the evidence says
    [
      "v0.22.0",
      [],
      ALPHA_PREFIX,
      "fail",
      "uses external-dns.alpha.kubernetes.io/ annotations that no ExternalDNS instance reads",
    ],
    [
      "v0.22.0",
      [`--annotation-prefix=${ALPHA_PREFIX}`],
      ALPHA_PREFIX,
      "pass",
      `reads ${ALPHA_PREFIX} (--annotation-prefix)`,
    ],
    ["v0.22.0", [], GA_PREFIX, "pass", `reads ${GA_PREFIX} (default of its version)`],
    ["v0.13.5", [], ALPHA_PREFIX, "warn", "only because it is older than v0.22.0"],
    [
      "v0.13.5",
      [],
      GA_PREFIX,
      "fail",
      "uses external-dns.kubernetes.io/ annotations that no ExternalDNS instance reads",
    ],
    ["latest", [], ALPHA_PREFIX, "warn", "which annotation prefix it reads is unknown"],
  ])("ExternalDNS %s %j with %s annotations → %s", (tag, extra, prefix, status, said) => {
    const check = ingressDns([
      albController,
      externalDns(tag, ["--txt-owner-id=blue", ...extra]),
      weightedIngress(prefix),
    ]);
    expect(check.status).toBe(status);
    expect(check.evidence.join("\n")).toContain(said);
  });

  it("tells how to keep the records when ExternalDNS v0.22 would ignore them", () => {
    const check = ingressDns([albController, externalDns("v0.22.0"), weightedIngress(ALPHA_PREFIX)]);
    expect(check.actions).toContain(
      `Set --annotation-prefix=${ALPHA_PREFIX} on ExternalDNS (chart value annotationPrefix) or move the annotations to ${GA_PREFIX}`,
    );
  });
});

describe("ingress-dns", () => {
  it("passes when nothing enters through Kubernetes objects", () => {
    const check = ingressDns([deployment("worker")]);
    expect(check.status).toBe("pass");
    expect(check.evidence).toContain("0 Ingresses; 0 LoadBalancer Services; 0 Gateways");
  });

  it("reads ExternalDNS flags in both spellings", () => {
    const check = ingressDns([
      albController,
      externalDns("v0.14.0", [
        "--txt-owner-id",
        "eks-blueprint-blue",
        "--policy",
        "upsert-only",
        "--domain-filter=example.com",
      ]),
    ]);
    expect(check.facts?.externalDns).toEqual([
      {
        workload: "Deployment external-dns/external-dns",
        version: "v0.14.0",
        ownerId: "eks-blueprint-blue",
        policy: "upsert-only",
        registry: null,
        annotationPrefix: null,
        effectivePrefix: ALPHA_PREFIX,
        sources: ["ingress", "service"],
        domainFilters: ["example.com"],
      },
    ]);
  });

  it.each([
    ["no --txt-owner-id", []],
    ["the default owner id", ["--txt-owner-id=default"]],
  ])("warns about %s: two clusters would fight over the records", (_what, args) => {
    const check = ingressDns([albController, externalDns("v0.22.0", args), weightedIngress(GA_PREFIX)]);
    expect(check.status).toBe("warn");
    expect(check.actions[0]).toMatch(/^Give blue and green distinct --txt-owner-id values/);
  });

  it("warns about a weight without a set identifier", () => {
    const ingress = object(
      "networking.k8s.io/v1",
      "Ingress",
      meta("ui", "shop", {
        annotations: { [`${GA_PREFIX}aws-weight`]: "50" },
      }),
      { spec: { ingressClassName: "alb" } },
    );
    const check = ingressDns([albController, externalDns("v0.22.0"), ingress]);
    expect(check.status).toBe("warn");
    expect(check.evidence.join("\n")).toContain(
      "1 object sets aws-weight without set-identifier (Ingress shop/ui)",
    );
  });

  it("warns when hostnames are served but no ExternalDNS manages them", () => {
    const check = ingressDns([albController, weightedIngress(ALPHA_PREFIX)]);
    expect(check.status).toBe("warn");
    expect(check.evidence).toContain("No ExternalDNS found");
    expect(check.actions[0]).toMatch(/^Find who owns the DNS records/);
  });

  it("warns when no controller serves the Ingresses", () => {
    const check = ingressDns([externalDns("v0.22.0"), weightedIngress(GA_PREFIX)]);
    expect(check.evidence).toContain(
      "Ingresses exist but no ingress controller or IngressClass was found in the input",
    );
  });

  it("collects hostnames from Ingresses, annotations, Gateway API and Traefik, skipping template placeholders", () => {
    const check = ingressDns([
      albController,
      externalDns("v0.22.0"),
      object(
        "networking.k8s.io/v1",
        "Ingress",
        meta("web", "shop", {
          annotations: { [`${GA_PREFIX}hostname`]: "www.example.com, shop.example.com" },
        }),
        {
          spec: {
            rules: [{ host: "web.example.com" }, { host: "guestbook-ui.{{ .Values.spec.ingress.host }}" }],
            tls: [{ hosts: ["web.example.com", "secure.example.com"] }],
          },
        },
      ),
      object("gateway.networking.k8s.io/v1", "HTTPRoute", meta("api", "shop"), {
        spec: { hostnames: ["api.example.com"] },
      }),
      object("traefik.io/v1alpha1", "IngressRoute", meta("admin", "shop"), {
        spec: { routes: [{ match: "Host(`admin.example.com`) && PathPrefix(`/`)" }] },
      }),
      object("v1", "Service", meta("edge", "shop"), { spec: { type: "LoadBalancer" } }),
    ]);
    expect(check.facts?.hostnames).toEqual([
      "admin.example.com",
      "api.example.com",
      "secure.example.com",
      "shop.example.com",
      "web.example.com",
      "www.example.com",
    ]);
    expect(check.facts).toMatchObject({ ingresses: 1, loadBalancerServices: 1, routes: 2 });
  });

  it("lists controllers, classes and weighted records", () => {
    const check = ingressDns([
      albController,
      externalDns("v0.13.5"),
      object("networking.k8s.io/v1", "IngressClass", meta("alb"), {
        spec: { controller: "ingress.k8s.aws/alb" },
      }),
      weightedIngress(ALPHA_PREFIX, "burnham"),
      weightedIngress(ALPHA_PREFIX, "riker"),
    ]);
    expect(check.evidence.slice(0, 3)).toEqual([
      "Ingress and load balancer controllers: AWS Load Balancer Controller v2.6.0",
      "IngressClasses: alb → ingress.k8s.aws/alb",
      "2 Ingresses by class: alb 2; 0 LoadBalancer Services; 0 Gateways",
    ]);
    expect(check.evidence).toContain(
      "Weighted-record annotations (set-identifier/aws-weight) on 2 objects; set identifiers: eks-blueprint-blue",
    );
    expect(check.facts?.annotationPrefixes).toEqual({ [ALPHA_PREFIX]: 2 });
  });
});

describe("ingress-dns on the corpus", () => {
  it("the k3s support bundle: Traefik 2.11.10 behind a LoadBalancer Service, its IngressRoutes, no ExternalDNS", async () => {
    const objects = await readCorpus(
      "cluster-dumps/replicatedhq__troubleshoot/_extracted/test__baselines__supportbundle__baseline.tar.gz",
    );
    const check = ingressDns(objects.map((item) => item.object));
    expect(check.facts).toMatchObject({
      controllers: ["Traefik 2.11.10"],
      loadBalancerServices: 1,
      externalDns: [],
    });
    // The dashboard IngressRoute (kube-system.json and kube-system.yaml) matches paths, not hosts.
    expect(check.facts?.routes).toBe(2);
    expect(check.facts?.hostnames).toEqual([]);
    expect(check.status).toBe("warn");
  });
});
