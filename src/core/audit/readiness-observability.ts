// Observability: green can only be trusted by watching it next to blue, so metrics and logs must already
// flow from blue, through components green's bootstrap installs the same way.
import { listSome, makeCheck } from "./readiness-common.js";
import type { DetectedComponent, PlatformScan } from "./readiness-components.js";
import { versionsOf } from "./readiness-components.js";
import type { ReadinessCheck } from "./types.js";

function describe(components: DetectedComponent[]): string {
  return listSome(
    components.map(
      (component) => `${component.name} ${versionsOf(component).join(", ") || "(custom kinds only)"}`,
    ),
  );
}

export function observabilityCheck(scan: PlatformScan): ReadinessCheck {
  const ofCategory = (category: string) =>
    scan.components.filter((component) => component.category === category);
  const metrics = ofCategory("metrics");
  const clusterMetrics = ofCategory("cluster-metrics");
  const logging = ofCategory("logging");
  const evidence = [
    metrics.length > 0
      ? `Metrics: ${describe(metrics)}`
      : "No metrics pipeline (Prometheus, ADOT, CloudWatch agent, …) found",
    ...(clusterMetrics.length > 0
      ? [`Cluster metrics (HPA and exporters, not a pipeline by themselves): ${describe(clusterMetrics)}`]
      : []),
    logging.length > 0
      ? `Logging: ${describe(logging)}`
      : "No logging agent (Fluent Bit, Fluentd, Vector, …) found",
  ];
  const missing = [
    ...(metrics.length === 0 ? ["metrics"] : []),
    ...(logging.length === 0 ? ["logging"] : []),
  ];
  const status = missing.length === 0 ? "pass" : missing.length === 2 ? "fail" : "warn";
  const actions = [
    `Set up ${missing.join(" and ")} in blue before the cutover and in green's bootstrap, labelled by cluster, so 5xx rate, latency, restarts and saturation of green can be compared with blue's`,
  ];
  const facts = {
    metrics: metrics.map((component) => component.id),
    clusterMetrics: clusterMetrics.map((component) => component.id),
    logging: logging.map((component) => component.id),
  };
  return makeCheck("observability", status, evidence, actions, facts);
}
