// The composition root of `cutover migrate`: a validated spec becomes the traffic provider it names, one
// metric provider per backend, the real clock, and a holder name for the lease. Nothing here decides.
// The AWS SDK behind route53, externaldns and cloudwatch is imported only when a spec needs it (it costs
// ~0.5 s of start-up per client).
import path from "node:path";
import { Readable } from "node:stream";
import { createPrometheusMetrics } from "../../adapters/prometheus.js";
import { systemClock } from "../../adapters/traffic-clock.js";
import type { TrafficConfig } from "../../adapters/traffic-factory.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import type { MetricBackend } from "../../core/migrate/measure-plan.js";
import type { MetricTemplate } from "../../core/migrate/metric-templates.js";
import { type CompareGateSpec, type MigrationSpec, metricSources } from "../../core/migrate/spec.js";
import type { TrafficSpec } from "../../core/migrate/spec-traffic.js";
import { normalizeVersion } from "../../core/version.js";
import { loadKnowledge } from "../../knowledge/load.js";
import { loadMetricTemplates } from "../../knowledge/load-metric-templates.js";
import type { MetricProvider } from "../../ports/metrics.js";
import type { StateStore } from "../../ports/store.js";
import type { TrafficProvider } from "../../ports/traffic.js";
import { runCompare } from "../compare.js";
import { runScan } from "../scan.js";
import type { RunOptions } from "./driver.js";
import type { ManifestScanner } from "./manifest-check.js";
import type { ParityChecker } from "./parity-check.js";

/** How often a running driver looks for commands (approve, pause, rollback, abort) from other processes. */
export const POLL_MS = 1_000;

/** The provider options of spec.traffic, in the adapters' own terms. */
export function trafficConfig(traffic: TrafficSpec): TrafficConfig {
  switch (traffic.provider) {
    case "haproxy": {
      const { runtimeApi, backend, blueServer, greenServer, stateFile } = traffic.haproxy;
      return {
        provider: "haproxy",
        haproxy: { runtimeApi, backend, blueServer, greenServer, ...(stateFile && { stateFile }) },
      };
    }
    case "route53": {
      const r53 = traffic.route53;
      const side = (row: typeof r53.blue) => ({
        setIdentifier: row.setIdentifier,
        ...(row.alias && { target: { alias: { ...row.alias } } }),
        ...(row.values && { target: { values: [...row.values] } }),
      });
      return {
        provider: "route53",
        route53: {
          hostedZoneId: r53.hostedZoneId,
          recordName: r53.recordName,
          type: r53.type,
          ...(r53.ttl !== undefined && { ttl: r53.ttl }),
          ...(r53.region && { region: r53.region }),
          ...(r53.endpoint && { endpoint: r53.endpoint }),
          blue: side(r53.blue),
          green: side(r53.green),
        },
      };
    }
    case "externaldns": {
      const edns = traffic.externaldns;
      // The provider checks each object's <prefix>set-identifier annotation against the spec's.
      const side = (target: typeof edns.blue) => ({
        kube: { context: target.context, kind: target.kind, namespace: target.namespace, name: target.name },
        setIdentifier: target.setIdentifier,
      });
      return {
        provider: "externaldns",
        externaldns: {
          annotationPrefix: edns.annotationPrefix,
          blue: side(edns.blue),
          green: side(edns.green),
          route53: { ...edns.route53 },
        },
      };
    }
  }
}

async function buildTraffic(spec: MigrationSpec): Promise<TrafficProvider> {
  const { createTrafficProvider } = await import("../../adapters/traffic-factory.js");
  return createTrafficProvider(trafficConfig(spec.spec.traffic), { clock: systemClock });
}

/** One provider per distinct backend (the driver caches them). Credentials come from the standard chains. */
async function metricProviders(spec: MigrationSpec): Promise<(backend: MetricBackend) => MetricProvider> {
  const cloudwatch = usesCloudWatch(spec)
    ? (await import("../../adapters/cloudwatch.js")).createCloudWatchMetrics
    : null;
  return (backend) => {
    if (backend.provider === "prometheus") return createPrometheusMetrics({ address: backend.address });
    if (!cloudwatch) throw new Error("internal: a CloudWatch metric that usesCloudWatch() did not see");
    const { provider: _provider, ...options } = backend;
    return cloudwatch(options);
  };
}

function usesCloudWatch(spec: MigrationSpec): boolean {
  return metricSources(spec.spec).some((source) => source.cloudwatch !== undefined);
}

let templates: MetricTemplate[] | undefined;

/** The built-in PromQL templates (src/knowledge/data/metric-templates.yaml), read once. */
export function builtInTemplates(): MetricTemplate[] {
  templates ??= loadMetricTemplates();
  return templates;
}

/**
 * `spec` with spec.green.manifests resolved against the directory of the spec `file`, as the spec's
 * author meant them. The stored spec carries the absolute paths, so `resume` finds them from anywhere.
 */
export function resolveSpecPaths(spec: MigrationSpec, file: string): MigrationSpec {
  const base = path.dirname(path.resolve(file));
  const at = (entry: string) => path.resolve(base, entry);
  const manifests = spec.spec.green.manifests;
  const green = manifests ? { ...spec.spec.green, manifests: manifests.map(at) } : spec.spec.green;
  const gate = spec.spec.preflight?.compare;
  const side = (source: CompareGateSpec["blue"]) => ({
    ...source,
    ...(source.snapshot && { snapshot: at(source.snapshot) }),
    ...(source.kubeconfig && { kubeconfig: at(source.kubeconfig) }),
    ...(source.paths && { paths: source.paths.map(at) }),
  });
  const preflight = gate && {
    compare: {
      ...gate,
      blue: side(gate.blue),
      green: side(gate.green),
      ...(gate.ignore && { ignore: gate.ignore.map(at) }),
    },
  };
  return { ...spec, spec: { ...spec.spec, green, ...(preflight && { preflight }) } };
}

/** Compares the sides of spec.preflight.compare as `cutover compare` would (no stdin). */
export function parityChecker(): ParityChecker {
  return (gate) =>
    runCompare(
      {
        blue: { ...gate.blue, paths: gate.blue.paths ?? [] },
        green: { ...gate.green, paths: gate.green.paths ?? [] },
        ignoreFiles: gate.ignore ?? [],
        clusterNames: {},
      },
      { stdin: Readable.from([]) },
    );
}

let knowledge: KnowledgeBase | undefined;

/** The API knowledge base (src/knowledge/data), read once and only when a spec needs it. */
export function knowledgeBase(): KnowledgeBase {
  knowledge ??= loadKnowledge();
  return knowledge;
}

/**
 * Scans green's manifests as `cutover scan --target-version VERSION PATHS` would (Helm release records
 * expanded; no stdin). The knowledge base is loaded on the first scan, so specs without manifests pay
 * nothing for it.
 */
export function manifestScanner(load: () => KnowledgeBase = knowledgeBase): ManifestScanner {
  return async ({ version, paths }) => {
    const kb = load();
    const targetVersion = normalizeVersion(version);
    if (!targetVersion || !kb.versions.includes(targetVersion))
      return { kind: "unknown-version", known: kb.versions };
    // An empty directory is the scanner's own finding (nothing was checked), not an input error.
    const result = await runScan(
      { paths, targetVersion, allowEmpty: true },
      { kb, stdin: Readable.from([]) },
    );
    return { kind: "scanned", result };
  };
}

export type DriveHooks = Pick<
  RunOptions,
  "onEvent" | "onAction" | "onNotice" | "onLeaseTaken" | "signal" | "dryRun" | "resume" | "forceParity"
>;

/** Everything runMigration needs for `spec`, with the real providers and clock. */
export async function driverOptions(
  spec: MigrationSpec,
  store: StateStore,
  holder: string,
  hooks: DriveHooks,
): Promise<RunOptions> {
  return {
    spec,
    templates: builtInTemplates(),
    store,
    traffic: await buildTraffic(spec),
    metrics: await metricProviders(spec),
    clock: systemClock,
    scanManifests: manifestScanner(),
    checkParity: parityChecker(),
    holder,
    pollMs: POLL_MS,
    ...hooks,
  };
}
