// Preflight: everything that must hold before the first change. The traffic provider's own checks, the
// current weights as expected, every metric backend answering, every query returning a number for blue
// (which carries all traffic now, so no data means a wrong query or wrong labels), and, when the spec
// names green's manifests, no API removed at green's version. Changes nothing. Issue texts may quote
// provider errors (and so a URL with a password): they are redacted before anyone stores or prints them.

import type { ParityRecord } from "../../core/compare/types.js";
import { messageOf } from "../../core/errors.js";
import { measurePlan } from "../../core/migrate/measure-plan.js";
import type { MigrationBody } from "../../core/migrate/spec.js";
import { analysisForStep } from "../../core/migrate/spec.js";
import { describeWeights, sameWeights } from "../../core/migrate/state.js";
import { redactSecrets } from "../../core/redact.js";
import type { PreflightIssue, TrafficProvider, Weights } from "../../ports/traffic.js";
import { type ManifestScanner, manifestIssues } from "./manifest-check.js";
import type { MetricSource } from "./measure.js";
import { type ParityChecker, parityIssues } from "./parity-check.js";

/** What preflight checks through: the ports, and the scanner of green's manifests (built by the CLI). */
export interface PreflightPorts {
  traffic: TrafficProvider;
  metrics: MetricSource;
  scanManifests?: ManifestScanner;
  /** Compares blue with green (spec.preflight.compare). */
  checkParity?: ParityChecker;
  /** `migrate start --force`: a failed parity check is recorded, not blocking. */
  forceParity?: boolean;
}

export interface PreflightOutcome {
  issues: PreflightIssue[];
  /** The weights read from the provider, when it answered. */
  weights: Weights | null;
  /** The parity gate's result, when the spec has one. */
  parity?: ParityRecord;
}

export async function runPreflight(
  body: MigrationBody,
  ports: PreflightPorts,
  expected: Weights,
  signal?: AbortSignal,
): Promise<PreflightOutcome> {
  const { traffic, metrics } = ports;
  const issues = await trafficIssues(traffic);
  let weights: Weights | null = null;
  try {
    weights = await traffic.readWeights();
    if (!sameWeights(weights, expected)) {
      issues.push({
        provider: traffic.name,
        message: `${traffic.describe()} carries ${describeWeights(weights)}, expected ${describeWeights(expected)}`,
        fix: `set ${describeWeights(expected)} before starting, and check that no other tool manages these weights`,
      });
    }
  } catch (error) {
    issues.push({
      provider: traffic.name,
      message: `cannot read the weights: ${messageOf(error)}`,
      fix: "check the provider's address and credentials",
    });
  }
  issues.push(...(await metricIssues(body, metrics, signal)));
  issues.push(...(await manifestIssues(body.green, ports.scanManifests)));
  const gate = await parityIssues(body, ports.checkParity, ports.forceParity);
  issues.push(...gate.issues);
  return {
    issues: issues.map((issue) => ({ ...issue, message: redactSecrets(issue.message) })),
    weights,
    ...(gate.parity && { parity: gate.parity }),
  };
}

async function trafficIssues(traffic: TrafficProvider): Promise<PreflightIssue[]> {
  try {
    return await traffic.preflight();
  } catch (error) {
    return [
      {
        provider: traffic.name,
        message: messageOf(error),
        fix: "check the provider's address and credentials",
      },
    ];
  }
}

async function metricIssues(
  body: MigrationBody,
  metrics: MetricSource,
  signal?: AbortSignal,
): Promise<PreflightIssue[]> {
  const issues: PreflightIssue[] = [];
  const plans = body.steps.map((_, index) => measurePlan(body, analysisForStep(body, index), index, true));
  const backends = new Map(
    plans.flatMap((plan) =>
      plan.queries.map((query) => [JSON.stringify(query.backend), query.backend] as const),
    ),
  );
  for (const backend of backends.values()) {
    const provider = metrics(backend);
    const problem = await provider.ping();
    if (problem)
      issues.push({
        provider: provider.name,
        message: problem,
        fix: "start it or correct its address in the spec",
      });
  }
  if (issues.length > 0) return issues;
  const checked = new Set<string>();
  for (const plan of plans) {
    for (const query of plan.queries) {
      const key = `${query.metric}\n${query.blue}`;
      if (checked.has(key) || query.blue === null) continue;
      checked.add(key);
      const provider = metrics(query.backend);
      const answer = await provider.query(query.blue, signal);
      if (answer.kind === "error") {
        issues.push({
          provider: provider.name,
          message: `metric ${query.metric}: the query fails for blue: ${answer.message}`,
          fix: "correct the query in the spec",
        });
      } else if (answer.kind === "no-data") {
        issues.push({
          provider: provider.name,
          message: `metric ${query.metric}: no data for blue (${answer.reason}), although blue carries all traffic`,
          fix: "check the query's metric names and spec.blue.labels",
        });
      }
    }
    if (plan.minSamples) {
      const provider = metrics(plan.minSamples.backend);
      const answer = await provider.query(plan.minSamples.green, signal);
      if (answer.kind === "error") {
        issues.push({
          provider: provider.name,
          message: `minSamples: the query fails: ${answer.message}`,
          fix: "correct analysis.minSamples in the spec",
        });
      }
    }
  }
  return issues;
}
