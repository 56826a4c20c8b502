// A Migration spec for engine and driver tests, parsed from YAML like a user's file: HAProxy traffic,
// steps 20/50/80/100 with a 1m bake, analysis every 10s on the 5xx rate (absolute and against blue),
// a minimum sample, a final bake, a drain, and a freeze with a hook.

import type { MetricTemplate } from "../../src/core/migrate/metric-templates.js";
import type { MigrationSpec } from "../../src/core/migrate/spec.js";
import { parseMigrationSpec } from "../../src/core/migrate/spec-parse.js";

export const ERROR_RATE_QUERY =
  'sum(rate(http_requests_total{cluster="{{cluster}}",code=~"5.."}[1m])) / sum(rate(http_requests_total{cluster="{{cluster}}"}[1m]))';
export const SAMPLE_QUERY = 'sum(increase(http_requests_total{cluster="{{cluster}}"}[10m]))';

export function isSampleQuery(query: string): boolean {
  return query.startsWith("sum(increase(");
}

export const BASE_SPEC = `apiVersion: cutover.dev/v1alpha1
kind: Migration
metadata:
  name: shop-blue-green
spec:
  blue: { labels: { cluster: blue } }
  green: { labels: { cluster: green } }
  traffic:
    provider: haproxy
    haproxy: { runtimeApi: "unix:/run/cutover/admin.sock", backend: app, blueServer: blue, greenServer: green }
  steps:
    - { green: 20, bake: 1m }
    - { green: 50, bake: 1m }
    - { green: 80, bake: 1m }
    - { green: 100, bake: 1m }
  analysis:
    interval: 10s
    failureLimit: 0
    inconclusiveLimit: 2
    consecutiveErrorLimit: 2
    minSamples:
      min: 100
      prometheus: { address: "http://127.0.0.1:9090", query: '${SAMPLE_QUERY}' }
    metrics:
      - name: error-rate
        prometheus: { address: "http://127.0.0.1:9090", query: '${ERROR_RATE_QUERY}' }
        max: 0.05
        vsBlue: { maxRatio: 2 }
  finalBake: 1m
  drain: { wait: 30s }
  freeze:
    duration: 2m
    hook: { command: [echo, freeze] }
`;

/** Parses `text` (default: BASE_SPEC), failing the test on any error. */
export function testSpec(text: string = BASE_SPEC, templates: MetricTemplate[] = []): MigrationSpec {
  const parsed = parseMigrationSpec(text, "test.yaml", { templates });
  if ("errors" in parsed) throw new Error(`test spec is invalid: ${JSON.stringify(parsed.errors, null, 2)}`);
  return parsed.spec;
}
