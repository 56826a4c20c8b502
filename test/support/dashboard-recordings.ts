// Migrations recorded by the real engine (runMigration with the fake clock, fake traffic and scripted
// metrics) into any StateStore, for the dashboard's API, browser and bench runs: a completed cutover, a
// rollback on a fault at the 50 % step, and a manual step left waiting for approval.
import type { RunOptions, RunResult } from "../../src/app/migrate/driver.js";
import { runMigration } from "../../src/app/migrate/driver.js";
import type { Action } from "../../src/core/migrate/actions.js";
import type { MigrationState } from "../../src/core/migrate/state.js";
import type { StateStore } from "../../src/ports/store.js";
import { FakeClock } from "./fake-clock.js";
import { healthy, type Script, scriptedMetrics, value } from "./fake-metrics.js";
import { FakeTraffic } from "./fake-traffic.js";
import { BASE_SPEC, isSampleQuery, testSpec } from "./migration-spec.js";

/** Green's 5xx rate jumps to 20 % once it carries `from` % of the traffic. */
export const faultFrom =
  (from: number): Script =>
  (context) =>
    context.side === "green" && context.weights.green >= from && !isSampleQuery(context.query)
      ? value(0.2)
      : healthy(context);

export const APPROVAL_SPEC = BASE_SPEC.replace(
  "{ green: 50, bake: 1m }",
  "{ green: 50, bake: 1m, approval: manual }",
);

/** A fake clock whose sleeps also take a little real time, so a driver waiting for a person does not spin. */
export class PacedClock extends FakeClock {
  override async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await super.sleep(ms, signal);
  }
}

export interface Recording {
  name: string;
  script?: Script;
  specText?: string;
  /** Aborts the run when this returns true (e.g. once an approval is requested). */
  stopAt?: (action: Action, state: MigrationState) => boolean;
  clock?: FakeClock;
  holder?: string;
}

export function recordingOptions(store: StateStore, recording: Recording, signal?: AbortSignal): RunOptions {
  const clock = recording.clock ?? new FakeClock();
  const traffic = new FakeTraffic(clock);
  const metrics = scriptedMetrics(
    recording.script ?? healthy,
    () => clock.now(),
    () => traffic.weights,
  );
  const text = (recording.specText ?? BASE_SPEC).replace("name: shop-blue-green", `name: ${recording.name}`);
  return {
    spec: testSpec(text),
    store,
    traffic,
    metrics: metrics.factory,
    clock,
    holder: recording.holder ?? `recorder-${recording.name}`,
    pollMs: 1_000,
    runHook: async () => ({ ok: true, message: "ok", durationMs: 0 }),
    runSmoke: async () => [],
    ...(signal && { signal }),
  };
}

/** Runs the engine until the migration stops (or `stopAt` says so). */
export async function record(store: StateStore, recording: Recording): Promise<RunResult> {
  const controller = new AbortController();
  const options = recordingOptions(store, recording, controller.signal);
  return runMigration({
    ...options,
    onAction: (action, state) => {
      if (recording.stopAt?.(action, state)) controller.abort();
    },
  });
}

export const COMPLETED: Recording = { name: "shop-completed" };
export const ROLLED_BACK: Recording = { name: "shop-rollback", script: faultFrom(50) };
export const AWAITING: Recording = {
  name: "shop-approval",
  specText: APPROVAL_SPEC,
  stopAt: (action) => action.type === "await-approval" && action.requested,
};

export async function recordAll(store: StateStore): Promise<void> {
  for (const recording of [COMPLETED, ROLLED_BACK, AWAITING]) await record(store, recording);
}
