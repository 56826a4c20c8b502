import { describe, expect, it } from "vitest";
import {
  assess,
  BASE_INPUT,
  CATALOG,
  deployment,
  meta,
  object,
  readCorpus,
  sourced,
  workload,
} from "../../../test/support/readiness-fixtures.js";
import type { KubeObject } from "../types.js";
import { assessReadiness } from "./readiness.js";
import { READINESS_CHECKS } from "./types.js";

const argo = (name: string) => ({
  annotations: { "argocd.argoproj.io/tracking-id": `platform:apps/Deployment:${name}` },
});
const good = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone" }] };
const probe = { readinessProbe: { httpGet: { path: "/healthz", port: 8080 } } };
const platform = (name: string, namespace: string, image: string, args: string[] = []) =>
  deployment(name, { namespace, image, metadata: argo(name), pod: good, container: { ...probe, args } });

/** A platform that can be rebuilt from code: every readiness check passes. */
const REBUILDABLE: KubeObject[] = [
  platform("argocd-server", "argocd", "quay.io/argoproj/argocd:v2.9.3"),
  platform(
    "aws-load-balancer-controller",
    "kube-system",
    "public.ecr.aws/eks/aws-load-balancer-controller:v2.6.0",
  ),
  platform("external-dns", "external-dns", "registry.k8s.io/external-dns/external-dns:v0.22.0", [
    "--txt-owner-id=blue",
    "--policy=upsert-only",
  ]),
  platform("external-secrets", "external-secrets", "ghcr.io/external-secrets/external-secrets:v0.9.9"),
  platform("prometheus", "monitoring", "quay.io/prometheus/prometheus:v2.48.0"),
  workload("DaemonSet", "fluent-bit", {
    namespace: "logging",
    image: "fluent/fluent-bit:2.2.0",
    metadata: argo("fluent-bit"),
    container: probe,
  }),
  platform("shop", "shop", "registry.example.com/shop:1.4.2"),
  object("v1", "ConfigMap", meta("shop", "shop", argo("shop-config"))),
  object("external-secrets.io/v1", "ExternalSecret", meta("shop-db", "shop", argo("es")), {
    spec: { target: { name: "shop-db" } },
  }),
  object(
    "v1",
    "Secret",
    meta("shop-db", "shop", {
      ownerReferences: [{ apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", name: "shop-db" }],
    }),
  ),
];

describe("assessReadiness", () => {
  it("returns one check per id, in the contract's order, with actions only when not passing", () => {
    const checks = assessReadiness(sourced(REBUILDABLE), BASE_INPUT, CATALOG);
    expect(checks.map((check) => check.check)).toEqual([...READINESS_CHECKS]);
    for (const check of checks) {
      expect(check.evidence.length).toBeGreaterThan(0);
      expect(check.actions.length === 0).toBe(check.status === "pass");
    }
  });

  it("passes every gate for a platform that can be rebuilt from code; its owner id is still blue's", () => {
    const checks = assess(REBUILDABLE);
    const statuses = Object.fromEntries(Object.values(checks).map((check) => [check.check, check.status]));
    expect(statuses).toEqual({
      ...Object.fromEntries(READINESS_CHECKS.map((id) => [id, "pass"])),
      "cluster-specific-values": "warn",
    });
    expect(checks["cluster-specific-values"].facts).toMatchObject({ ownerIds: ["blue"], setIdentifiers: [] });
  });

  it("keeps facts JSON-friendly", async () => {
    const objects = await readCorpus(
      "cluster-dumps/aws-samples__hardeneks",
      "gitops-repos/aws-samples__appmod-blueprints",
    );
    for (const check of assessReadiness(objects, BASE_INPUT, CATALOG)) {
      expect(JSON.parse(JSON.stringify(check.facts))).toStrictEqual(check.facts);
    }
  });

  it("audits 50,000 objects in well under a second", () => {
    const objects: KubeObject[] = [];
    for (let i = 0; objects.length < 50_000; i++) {
      const namespace = `team-${i % 500}`;
      objects.push(
        deployment(`app-${i}`, {
          namespace,
          image: i % 50 === 0 ? "redis:7.2" : `registry.example.com/app:${i}`,
        }),
        object("v1", "ConfigMap", meta(`config-${i}`, namespace), {
          data: { CLUSTER: "blue", level: "info" },
        }),
        object("v1", "Service", meta(`app-${i}`, namespace), { spec: { type: "ClusterIP" } }),
        object("v1", "Secret", meta(`secret-${i}`, namespace), { data: { token: "dG9rZW4=" } }),
        object("policy/v1", "PodDisruptionBudget", meta(`app-${i}`, namespace), {
          spec: { minAvailable: 1, selector: { matchLabels: { app: `app-${i}` } } },
        }),
      );
    }
    const items = sourced(objects);
    // Speed is measured by bench/audit-bench.mjs; this checks the facts hold at scale.
    const checks = assessReadiness(items, { ...BASE_INPUT, clusterName: "blue" }, CATALOG);
    expect(checks).toHaveLength(READINESS_CHECKS.length);
    expect(checks[7]?.facts?.pdbs).toHaveLength(10_000);
    expect(checks[4]?.facts?.dataServices).toHaveLength(200);
  });
});
