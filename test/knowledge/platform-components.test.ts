import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMPONENT_CATEGORIES, catalogMatcher } from "../../src/core/audit/readiness-catalog.js";
import { KnowledgeError } from "../../src/knowledge/errors.js";
import { defaultDataDir } from "../../src/knowledge/load.js";
import {
  loadPlatformComponents,
  PLATFORM_COMPONENTS_FILE,
} from "../../src/knowledge/load-platform-components.js";

const catalog = loadPlatformComponents();
const matcher = catalogMatcher(catalog);
const bundled = readFileSync(path.join(defaultDataDir(), PLATFORM_COMPONENTS_FILE), "utf8");
const scratch = mkdtempSync(path.join(tmpdir(), "cutover-platform-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function loadText(text: string): () => unknown {
  const file = path.join(scratch, `case-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return () => loadPlatformComponents(file);
}

describe("the bundled platform catalogue", () => {
  it("lists every category once, in bootstrap order: cluster add-ons first, GitOps before the rest", () => {
    const order = catalog.categories.map((category) => category.id);
    expect([...order].sort()).toEqual([...COMPONENT_CATEGORIES].sort());
    expect(order[0]).toBe("cluster-addon");
    expect(order.indexOf("gitops")).toBeLessThan(order.indexOf("secrets"));
    expect(order.indexOf("load-balancer")).toBeLessThan(order.indexOf("dns"));
  });

  // Images from the corpus (hardeneks, eksctl, troubleshoot) and the components the seed names.
  it.each([
    ["602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.10.1-eksbuild.1", "vpc-cni"],
    ["602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/coredns:v1.8.7-eksbuild.1", "coredns"],
    ["rancher/mirrored-coredns-coredns:1.11.3", "coredns"],
    ["k8s.gcr.io/autoscaling/cluster-autoscaler:v1.22.3", "cluster-autoscaler"],
    ["quay.io/fluentd_elasticsearch/fluentd:v2.5.2", "fluentd"],
    ["rancher/mirrored-library-traefik:2.11.10", "traefik"],
    ["rancher/mirrored-metrics-server:v0.7.2", "metrics-server"],
    ["k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.1.0", "kube-state-metrics"],
    ["quay.io/prometheus-operator/prometheus-operator:v0.49.0", "prometheus-operator"],
    ["quay.io/prometheus/prometheus:v2.28.1", "prometheus"],
    ["quay.io/argoproj/argocd:v2.8.4", "argo-cd"],
    ["ghcr.io/fluxcd/kustomize-controller:v1.2.1", "flux"],
    ["public.ecr.aws/eks/aws-load-balancer-controller:v2.6.0", "aws-load-balancer-controller"],
    ["registry.k8s.io/external-dns/external-dns:v0.13.5", "external-dns"],
    ["quay.io/jetstack/cert-manager-controller:v1.13.2", "cert-manager"],
    ["ghcr.io/external-secrets/external-secrets:v0.9.9", "external-secrets"],
    ["registry.k8s.io/csi-secrets-store/driver:v1.3.4", "secrets-store-csi-driver"],
    ["registry.k8s.io/ingress-nginx/controller:v1.9.4", "ingress-nginx"],
    ["docker.io/istio/pilot:1.20.0", "istio"],
    ["cr.l5d.io/linkerd/controller:stable-2.14.10", "linkerd"],
    ["public.ecr.aws/aws-observability/aws-otel-collector:v0.35.0", "adot"],
    ["public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300032.2b361", "cloudwatch-agent"],
    ["public.ecr.aws/aws-observability/aws-for-fluent-bit:2.31.12", "fluent-bit"],
    ["timberio/vector:0.34.1-distroless-libc", "vector"],
    ["public.ecr.aws/karpenter/controller:0.37.0", "karpenter"],
  ])("%s is %s", (image, id) => {
    expect(matcher.component(image)?.entry.id).toBe(id);
  });

  it.each([
    "nginx:1.25",
    "quay.io/prometheus/alertmanager:v0.22.2",
    "quay.io/prometheus-operator/prometheus-config-reloader:v0.49.0",
    "oliver006/redis_exporter:v1.55.0",
    "rancher/local-path-provisioner:v0.0.30",
  ])("%s is not a platform component", (image) => {
    expect(matcher.component(image)).toBeUndefined();
  });

  it.each([
    ["postgres:10.18-alpine", "postgres"],
    ["bitnami/postgresql:16.1.0", "postgres"],
    ["public.ecr.aws/docker/library/mysql:5.7", "mysql"],
    ["mariadb:11", "mariadb"],
    ["mongo:7", "mongo"],
    ["public.ecr.aws/docker/library/redis:6.0-alpine", "redis"],
    ["redis:4.0.2", "redis"],
    ["confluentinc/cp-kafka:7.5.0", "kafka"],
    ["public.ecr.aws/bitnami/rabbitmq:3.11.1-debian-11-r0", "rabbitmq"],
    ["docker.elastic.co/elasticsearch/elasticsearch:8.11.0", "elasticsearch"],
    ["opensearchproject/opensearch:2.11.0", "opensearch"],
    ["zookeeper:3.9", "zookeeper"],
    ["cassandra:4.1", "cassandra"],
    ["quay.io/coreos/etcd:v3.5.9", "etcd"],
    ["minio/minio:RELEASE.2023-11-20T22-40-07Z", "minio"],
    ["memcached:1.6", "memcached"],
    ["nats:2.10", "nats"],
  ])("%s runs %s", (image, id) => {
    expect(matcher.stateful(image)?.entry.id).toBe(id);
  });

  it.each([
    "oliver006/redis_exporter:v1.55.0",
    "quay.io/fluentd_elasticsearch/fluentd:v2.5.2",
    "mreferre/yelb-db:0.5",
  ])("%s is not a data service", (image) => {
    expect(matcher.stateful(image)).toBeUndefined();
  });

  it("names a managed service for every data service", () => {
    for (const entry of catalog.stateful) expect(entry.external).not.toBe("");
  });
});

describe("broken catalogue files", () => {
  const component = (fields: string) => bundled.replace("  - id: vpc-cni\n", `  - id: vpc-cni\n${fields}`);

  it.each([
    [
      "an image pattern that is not a regular expression",
      bundled.replace('images: ["(^|/)amazon-k8s-cni$"]', 'images: ["(^|/amazon-k8s-cni$"]'),
      /entry 1 \(vpc-cni\): images\.0: not a valid regular expression \(Invalid regular expression/,
    ],
    [
      "an unknown category",
      bundled.replace("category: node-autoscaling", "category: autoscaling"),
      /category: expected one of cluster-addon, node-autoscaling/,
    ],
    ["a misspelt field", component("    imagez: [x]\n"), /unknown field "imagez"/],
    [
      "a repeated id",
      bundled.replace("  - id: coredns\n", "  - id: vpc-cni\n"),
      /entry 2 \(vpc-cni\): id: repeats id "vpc-cni"/,
    ],
    [
      "a category left out of the bootstrap order",
      bundled.replace(/ {2}- id: logging\n {4}description: [^\n]*\n/, ""),
      /category "logging" is listed 0 times/,
    ],
    [
      "a kind without its group",
      bundled.replace("kinds: [karpenter.sh/NodePool", "kinds: [NodePool"),
      /expected "group\/Kind"/,
    ],
  ])("rejects %s, naming file and line", (_what, text, message) => {
    const load = loadText(text);
    expect(load).toThrow(KnowledgeError);
    expect(load).toThrow(message);
    expect(load).toThrow(/case-[a-z0-9]+\.yaml:\d+/);
  });

  it("names a missing file and says what to check", () => {
    expect(() => loadPlatformComponents(path.join(scratch, "missing.yaml"))).toThrow(
      /missing\.yaml: cannot read platform component data \(no such file\); check the path/,
    );
  });

  it("reports the line of invalid YAML", () => {
    expect(loadText("schemaVersion: 1\ncategories: [\n")).toThrow(/:\d+: not valid YAML/);
  });
});
