import { describe, expect, it } from "vitest";
import { assess, deployment, readCorpus, workload } from "../../../test/support/readiness-fixtures.js";

const prometheus = workload("StatefulSet", "prometheus-k8s", {
  namespace: "monitoring",
  image: "quay.io/prometheus/prometheus:v2.28.1",
});
const fluentBit = workload("DaemonSet", "fluent-bit", {
  namespace: "amazon-cloudwatch",
  image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.31.12",
});
const metricsServer = deployment("metrics-server", {
  namespace: "kube-system",
  image: "registry.k8s.io/metrics-server/metrics-server:v0.7.0",
});

describe("observability", () => {
  it.each([
    ["metrics and logging", [prometheus, fluentBit], "pass"],
    ["metrics only", [prometheus], "warn"],
    ["logging only", [fluentBit], "warn"],
    ["metrics-server alone (HPA metrics are not a pipeline)", [metricsServer], "fail"],
    ["nothing", [], "fail"],
  ])("%s → %s", (_what, objects, status) => {
    const check = assess(objects).observability;
    expect(check.status).toBe(status);
    expect(check.actions.length > 0).toBe(status !== "pass");
  });

  it("names what runs, with versions", () => {
    const check = assess([prometheus, fluentBit, metricsServer]).observability;
    expect(check.evidence).toEqual([
      "Metrics: Prometheus v2.28.1",
      "Cluster metrics (HPA and exporters, not a pipeline by themselves): metrics-server v0.7.0",
      "Logging: Fluent Bit 2.31.12",
    ]);
    expect(check.facts).toEqual({
      metrics: ["prometheus"],
      clusterMetrics: ["metrics-server"],
      logging: ["fluent-bit"],
    });
  });

  it("says which half is missing", () => {
    expect(assess([fluentBit]).observability.actions[0]).toMatch(
      /^Set up metrics in blue before the cutover/,
    );
  });
});

describe("observability on the corpus", () => {
  it("hardeneks' EKS dump ships logs with Fluentd v2.5.2 but has no metrics pipeline", async () => {
    const check = assess(await readCorpus("cluster-dumps/aws-samples__hardeneks")).observability;
    expect(check.status).toBe("warn");
    expect(check.evidence).toContain("Logging: Fluentd v2.5.2");
  });

  it("the k3s bundle runs only metrics-server v0.7.2: fail", async () => {
    const check = assess(
      await readCorpus(
        "cluster-dumps/replicatedhq__troubleshoot/_extracted/test__baselines__supportbundle__baseline.tar.gz",
      ),
    ).observability;
    expect(check.status).toBe("fail");
    expect(check.facts).toMatchObject({ clusterMetrics: ["metrics-server"], metrics: [], logging: [] });
  });
});
