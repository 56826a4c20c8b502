// --dry-run: the read-only preflight against the real provider and metrics, then the engine walked on a
// virtual clock (core/migrate/simulate.ts). Records nothing, takes no lease, calls no setter.
import { replay } from "../../core/migrate/apply.js";
import { simulateMigration } from "../../core/migrate/simulate.js";
import type { MigrationSpec } from "../../core/migrate/spec.js";
import { BLUE_ONLY, initialState } from "../../core/migrate/state.js";
import type { MetricSource } from "./measure.js";
import { runPreflight } from "./preflight.js";
import type { RunOptions, RunResult } from "./run-types.js";

export async function planMigration(
  options: RunOptions,
  spec: MigrationSpec,
  metrics: MetricSource,
): Promise<RunResult> {
  const name = spec.metadata.name;
  const existing = await options.store.get(name);
  const state = existing ? replay(name, await options.store.events(name)) : initialState(name);
  const expected = state.weights.applied ?? BLUE_ONLY;
  const { traffic, scanManifests, checkParity } = options;
  const ports = {
    traffic,
    metrics,
    ...(scanManifests && { scanManifests }),
    ...(checkParity && { checkParity }),
  };
  const preflight = await runPreflight(spec.spec, ports, expected, options.signal);
  const changes = simulateMigration(spec, state);
  return {
    state,
    stopped: "dry-run",
    reason: `dry run: ${changes.length} changes planned, ${preflight.issues.length} preflight issues`,
    changes,
    preflightIssues: preflight.issues,
  };
}
