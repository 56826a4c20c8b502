// Wiring for driver tests: a fake clock, the in-memory store, fake traffic and scripted metrics, a hook
// runner that succeeds without spawning anything, and helpers to read the event log.

import type { RunOptions, RunResult } from "../../../src/app/migrate/driver.js";
import { runMigration } from "../../../src/app/migrate/driver.js";
import type { HookRunner } from "../../../src/app/migrate/hooks.js";
import type { MetricTemplate } from "../../../src/core/migrate/metric-templates.js";
import type { Weights } from "../../../src/ports/traffic.js";
import { FakeClock } from "../../support/fake-clock.js";
import { type Script, type ScriptedMetrics, scriptedMetrics } from "../../support/fake-metrics.js";
import { FakeTraffic } from "../../support/fake-traffic.js";
import { MemoryStore } from "../../support/memory-store.js";
import { testSpec } from "../../support/migration-spec.js";

export const NAME = "shop-blue-green";

export interface Harness {
  clock: FakeClock;
  store: MemoryStore;
  traffic: FakeTraffic;
  metrics: ScriptedMetrics;
  hookCalls: string[];
  run(overrides?: Partial<RunOptions>): Promise<RunResult>;
  /** The weights of every weights-set event, in order. */
  weightsSet(): Promise<Weights[]>;
  eventsOf(type: string): Promise<{ seq: number; data: Record<string, unknown> }[]>;
}

export function harness(script: Script, specText?: string, templates: MetricTemplate[] = []): Harness {
  const clock = new FakeClock();
  const store = new MemoryStore(clock);
  const traffic = new FakeTraffic(clock);
  const metrics = scriptedMetrics(
    script,
    () => clock.now(),
    () => traffic.weights,
  );
  const hookCalls: string[] = [];
  const runHook: HookRunner = async (spec, context) => {
    hookCalls.push(`${context.hook}: ${spec.command.join(" ")}`);
    return { ok: true, message: "ok", durationMs: 0 };
  };
  const spec = testSpec(specText, templates);
  let runs = 0;
  const self: Harness = {
    clock,
    store,
    traffic,
    metrics,
    hookCalls,
    run: (overrides = {}) =>
      runMigration({
        spec,
        store,
        traffic,
        metrics: metrics.factory,
        clock,
        holder: `driver-${++runs}`,
        pollMs: 1_000,
        runHook,
        runSmoke: async () => [],
        ...overrides,
      }),
    weightsSet: async () =>
      (await self.eventsOf("weights-set")).map((event) => event.data.weights as Weights),
    eventsOf: async (type) => (await store.events(NAME)).filter((event) => event.type === type),
  };
  return self;
}

export const w = (green: number): Weights => ({ blue: 100 - green, green });
