// Performing one engine action: the side effect through a port, then the event(s) that record it. The
// crash-safety rule lives here: a weight change is recorded as intended before the provider is called and
// as set after it returned, so a resumed driver can tell what happened (core/migrate/reconcile.ts).
// Text that comes from outside (hook output, provider and HTTP errors) is redacted before it is recorded:
// the event log is kept and shown to everyone who can read the store (core/redact.ts).
import { hostname } from "node:os";
import type { Action } from "../../core/migrate/actions.js";
import { newEvent } from "../../core/migrate/events.js";
import { evaluateRound } from "../../core/migrate/measure-plan.js";
import type { MigrationBody } from "../../core/migrate/spec.js";
import { redactArgv, redactDeep, redactSecrets } from "../../core/redact.js";
import type { Clock } from "../../ports/clock.js";
import type { TrafficProvider } from "../../ports/traffic.js";
import { stopLeftoverHook } from "./hook-leftover.js";
import type { HookRunner } from "./hooks.js";
import type { ManifestScanner } from "./manifest-check.js";
import { type MetricSource, runRound } from "./measure.js";
import type { ParityChecker } from "./parity-check.js";
import { runPreflight } from "./preflight.js";
import type { Session } from "./session.js";
import type { SmokeResult } from "./smoke.js";

export interface Effects {
  body: MigrationBody;
  traffic: TrafficProvider;
  metrics: MetricSource;
  clock: Clock;
  runHook: HookRunner;
  runSmoke: (checks: MigrationBody["smoke"], signal?: AbortSignal) => Promise<SmokeResult[]>;
  /** Scans green's desired manifests at green's version in preflight (spec.green.manifests). */
  scanManifests?: ManifestScanner;
  checkParity?: ParityChecker;
  forceParity?: boolean;
  signal?: AbortSignal;
}

type Performable = Exclude<Action, { type: "done" | "wait" | "hold" }>;

/** Runs `action` and records what happened. Provider failures propagate (the run stops; resume reconciles). */
export async function perform(action: Performable, session: Session, effects: Effects): Promise<void> {
  const { clock, traffic, signal } = effects;
  const at = () => clock.now();
  switch (action.type) {
    case "enter-phase":
      await session.record(newEvent("phase-entered", { at: at(), phase: action.phase }));
      return;
    case "run-hook":
      return runHookAction(action, session, effects);
    case "preflight": {
      const outcome = await runPreflight(effects.body, effects, action.expected, signal);
      if (signal?.aborted) return;
      if (outcome.issues.length > 0 || !outcome.weights) {
        await session.record(
          newEvent("preflight-failed", {
            at: at(),
            issues: outcome.issues,
            ...(outcome.parity && { parity: outcome.parity }),
          }),
        );
      } else {
        await session.record(
          newEvent("preflight-passed", {
            at: at(),
            weights: outcome.weights,
            ...(outcome.parity && { parity: outcome.parity }),
          }),
        );
      }
      return;
    }
    case "smoke": {
      const results = redactDeep(await effects.runSmoke(action.checks, signal));
      if (signal?.aborted) return;
      const problems = results.flatMap((result) => (result.problem ? [result.problem] : []));
      const event =
        problems.length > 0
          ? newEvent("smoke-failed", { at: at(), message: problems.join("; "), results })
          : newEvent("smoke-passed", { at: at(), results });
      await session.record(event);
      return;
    }
    case "set-weights": {
      const { weights, previous, purpose } = action;
      if (!action.intentRecorded)
        await session.record(newEvent("weights-intended", { at: at(), weights, previous, purpose }));
      const change = await traffic.setWeights(weights);
      await session.record(
        newEvent("weights-set", { at: at(), weights, previous, ...(change && { change }) }),
      );
      return;
    }
    case "read-weights": {
      const weights = await traffic.readWeights();
      await session.record(newEvent("weights-observed", { at: at(), weights, purpose: action.purpose }));
      return;
    }
    case "confirm-weights":
      await session.record(
        newEvent("weights-set", { at: at(), weights: action.weights, previous: null, reconciled: true }),
      );
      return;
    case "wait-effective": {
      const { effectiveAt } = await traffic.waitEffective(action.weights, signal, action.change);
      // The provider's clock may run ahead of ours; a window never starts in the future.
      const now = at();
      await session.record(
        newEvent("weights-effective", {
          at: now,
          weights: action.weights,
          effectiveAt: Math.min(effectiveAt, now),
        }),
      );
      return;
    }
    case "measure": {
      const started = at();
      const answers = await runRound(action.plan, effects.metrics, signal);
      if (signal?.aborted) return;
      // A failed query's message may quote the backend's URL.
      const measurements = evaluateRound(action.plan, answers, started).map((measurement) => ({
        ...measurement,
        message: redactSecrets(measurement.message),
      }));
      await session.record(newEvent("measurement", { at: started, step: action.plan.step, measurements }));
      return;
    }
    default:
      await session.record(decisionEvent(action, at()));
  }
}

/** Decisions that change nothing outside: only an event. */
function decisionEvent(
  action: Exclude<
    Performable,
    {
      type:
        | "enter-phase"
        | "run-hook"
        | "preflight"
        | "smoke"
        | "set-weights"
        | "read-weights"
        | "confirm-weights"
        | "wait-effective"
        | "measure";
    }
  >,
  at: number,
) {
  switch (action.type) {
    case "pass-step":
      return newEvent("step-passed", { at, step: action.step, reason: action.reason });
    case "await-approval":
      return newEvent("approval-requested", { at, step: action.step });
    case "next-step":
      return newEvent("step-started", { at, step: action.step });
    case "rollback":
      return newEvent("rollback-started", { at, reason: action.reason, by: "cutover (automatic)" });
    case "finish-rollback":
      return newEvent("rolled-back", { at, weights: action.weights });
    case "promote":
      return newEvent("promoted", { at });
    case "complete":
      return newEvent("completed", { at });
  }
}

async function runHookAction(
  action: Extract<Action, { type: "run-hook" }>,
  session: Session,
  effects: Effects,
): Promise<void> {
  const { clock, signal } = effects;
  const { hook, spec } = action;
  // A run of this hook left by a driver that stopped is stopped before the hook runs again.
  const left = session.state.hooks[hook];
  const leftover =
    left?.status === "running" && left.process
      ? await stopLeftoverHook(left.process, session.name, hook)
      : { kind: "none" as const };
  if (leftover.kind === "unknown") {
    await session.record(newEvent("hook-failed", { at: clock.now(), hook, message: leftover.message }));
    return;
  }
  const command = redactArgv(spec.command);
  await session.record(
    newEvent("hook-started", {
      at: clock.now(),
      hook,
      command,
      ...(leftover.kind === "stopped" && { leftover: leftover.message }),
    }),
  );
  let spawned: Promise<unknown> = Promise.resolve();
  const onSpawn = (pgid: number) => {
    spawned = session.record(newEvent("hook-process", { at: clock.now(), hook, pgid, host: hostname() }));
    spawned.catch(() => undefined);
  };
  const outcome = await effects.runHook(spec, {
    migration: session.name,
    hook,
    clock,
    onSpawn,
    ...(signal && { signal }),
  });
  await spawned;
  // An interrupted hook is neither success nor failure: it runs again on resume.
  if (signal?.aborted) return;
  const at = clock.now();
  const event = outcome.ok
    ? newEvent("hook-succeeded", { at, hook, durationMs: outcome.durationMs })
    : newEvent("hook-failed", { at, hook, message: redactSecrets(outcome.message) });
  await session.record(event);
}
