import { describe, expect, it } from "vitest";
import type { MigrationError } from "../../../src/app/migrate/errors.js";
import { LeaseHeldError } from "../../../src/app/migrate/lease.js";
import { requestCommand } from "../../../src/app/migrate/requests.js";
import { exitCodeOf } from "../../../src/core/errors.js";
import type { Action } from "../../../src/core/migrate/actions.js";
import { healthy, noData, queryError, type Script, value } from "../../support/fake-metrics.js";
import { BASE_SPEC, isSampleQuery, testSpec } from "../../support/migration-spec.js";
import { harness, NAME, w } from "./driver-harness.js";

const INTERVAL_MS = 10_000;

/** Green's 5xx rate jumps to 20 % once it carries `from` % of the traffic. */
const faultFrom =
  (from: number): Script =>
  (context) =>
    context.side === "green" && context.weights.green >= from && !isSampleQuery(context.query)
      ? value(0.2)
      : healthy(context);

describe("runMigration: the happy path", () => {
  it("shifts 20/50/80/100 with exactly four weight changes, bakes, drains, freezes and completes", async () => {
    const h = harness(healthy);
    const result = await h.run();
    expect(result.stopped).toBe("completed");
    expect(await h.weightsSet()).toEqual([w(20), w(50), w(80), w(100)]);
    expect(h.traffic.changes).toEqual([w(20), w(50), w(80), w(100)]);
    expect(h.hookCalls).toEqual(["freeze: echo freeze"]);
    const phases = (await h.eventsOf("phase-entered")).map((event) => event.data.phase);
    expect(phases).toEqual(["preflight", "stepping", "final-bake", "draining", "frozen"]);
    expect(await h.store.types(NAME)).toContain("completed");
    expect((await h.store.get(NAME))?.phase).toBe("completed");
  });

  it("takes measurements only once a change is effective, one interval apart", async () => {
    const h = harness(healthy);
    await h.run();
    const effective = await h.eventsOf("weights-effective");
    const measurements = await h.eventsOf("measurement");
    const firstOfStep1 = measurements.find((event) => event.seq > (effective[0]?.seq ?? 0));
    expect(firstOfStep1?.data.at).toBe((effective[0]?.data.effectiveAt as number) + INTERVAL_MS);
  });

  it("queries blue only while blue carries traffic", async () => {
    const h = harness(healthy);
    await h.run();
    const blueQueries = (green: number) =>
      h.metrics.queries.filter((query) => query.weights.green === green && query.side === "blue");
    expect(blueQueries(50).length).toBeGreaterThan(0);
    expect(blueQueries(100)).toEqual([]);
  });
});

describe("runMigration: automatic rollback", () => {
  it("a fault on green at 50 % rolls back to blue 100 within one analysis interval", async () => {
    const h = harness(faultFrom(50));
    const result = await h.run();
    expect(result.stopped).toBe("rolled-back");
    expect(await h.weightsSet()).toEqual([w(20), w(50), w(0)]);
    expect(h.traffic.weights).toEqual(w(0));
    const effectiveAt50 = (await h.eventsOf("weights-effective"))[1]?.data.effectiveAt as number;
    const [rollback] = await h.eventsOf("rollback-started");
    expect((rollback?.data.at as number) - effectiveAt50).toBeLessThanOrEqual(INTERVAL_MS);
    expect(rollback?.data.reason).toMatch(
      /step 2 of 4 \(green 50 %\): error-rate: failed \(1\) > failureLimit \(0\)/,
    );
    expect(await h.store.types(NAME)).toContain("rolled-back");
  });

  it("a metrics outage (no data) holds, never advances, and rolls back past inconclusiveLimit", async () => {
    const outage: Script = (context) => (context.weights.green >= 50 ? noData : healthy(context));
    const h = harness(outage, BASE_SPEC.replace("{ green: 50, bake: 1m }", "{ green: 50, bake: 10s }"));
    const holds: string[] = [];
    const result = await h.run({ onAction: (action) => action.type === "hold" && holds.push(action.reason) });
    expect(result.stopped).toBe("rolled-back");
    expect(await h.weightsSet()).toEqual([w(20), w(50), w(0)]);
    expect((await h.eventsOf("step-passed")).map((event) => event.data.step)).toEqual([0]);
    expect(holds.some((reason) => reason.includes("no data for green"))).toBe(true);
    const [rollback] = await h.eventsOf("rollback-started");
    expect(rollback?.data.reason).toMatch(/inconclusive \(3\) > inconclusiveLimit \(2\)/);
  });

  it("query errors roll back past consecutiveErrorLimit", async () => {
    const h = harness((context) => (context.weights.green >= 80 ? queryError : healthy(context)));
    const result = await h.run();
    expect(result.stopped).toBe("rolled-back");
    expect(await h.weightsSet()).toEqual([w(20), w(50), w(80), w(0)]);
    const [rollback] = await h.eventsOf("rollback-started");
    expect(rollback?.data.reason).toMatch(/consecutive errors \(3\) > consecutiveErrorLimit \(2\)/);
  });

  it("an unhealthy blue holds the step (no rollback onto it) and the migration goes on once blue recovers", async () => {
    let brokenUntil = 0;
    const script: Script = (context) => {
      if (context.weights.green === 20 && brokenUntil === 0) brokenUntil = context.now + 45_000;
      const broken = context.side === "blue" && context.now < brokenUntil && !isSampleQuery(context.query);
      return broken ? value(0.3) : healthy(context);
    };
    const h = harness(script);
    const holds: string[] = [];
    const result = await h.run({ onAction: (action) => action.type === "hold" && holds.push(action.reason) });
    expect(result.stopped).toBe("completed");
    expect(await h.eventsOf("rollback-started")).toEqual([]);
    expect(holds.some((reason) => reason.includes("blue is unhealthy"))).toBe(true);
    expect(h.traffic.changes).toEqual([w(20), w(50), w(80), w(100)]);
  });
});

describe("runMigration: commands from other processes", () => {
  it("a manual step waits for approve, then goes on", async () => {
    const h = harness(
      healthy,
      BASE_SPEC.replace("{ green: 50, bake: 1m }", "{ green: 50, bake: 1m, approval: manual }"),
    );
    let approving: Promise<unknown> | null = null;
    const onAction = (action: Action) => {
      if (action.type === "await-approval" && action.requested && !approving) {
        approving = requestCommand(h.store, NAME, "approve", "alice", { now: h.clock.now() });
      }
    };
    const result = await h.run({ onAction });
    expect(result.stopped).toBe("completed");
    const [approved] = await h.eventsOf("approved");
    expect(approved?.data).toMatchObject({ step: 1, by: "alice" });
    expect((await h.eventsOf("approval-requested")).map((event) => event.data.step)).toEqual([1]);
  });

  it("rollback given while a step bakes brings blue back to 100", async () => {
    const h = harness(healthy);
    const result = await h.run({
      onEvent: (event) => {
        if (event.type === "weights-effective" && (event.data.weights as { green: number }).green === 50) {
          void requestCommand(h.store, NAME, "rollback", "bob", { now: h.clock.now() });
        }
      },
    });
    expect(result.stopped).toBe("rolled-back");
    expect(await h.weightsSet()).toEqual([w(20), w(50), w(0)]);
    const [rollback] = await h.eventsOf("rollback-started");
    expect(rollback?.data).toMatchObject({ by: "bob", reason: "requested by bob" });
  });

  it("pause holds every advance while measuring goes on; resume continues", async () => {
    const h = harness(healthy);
    let pausedAt = 0;
    const result = await h.run({
      onEvent: (event, state) => {
        if (event.type === "weights-effective" && pausedAt === 0) {
          pausedAt = h.clock.now();
          void requestCommand(h.store, NAME, "pause", "carol", { now: pausedAt });
        }
        if (event.type === "measurement" && state.paused && h.clock.now() > pausedAt + 5 * 60_000) {
          void requestCommand(h.store, NAME, "resume", "carol", { now: h.clock.now() });
        }
      },
    });
    expect(result.stopped).toBe("completed");
    const events = await h.store.events(NAME);
    const paused = events.find((event) => event.type === "paused")?.seq ?? 0;
    const resumed = events.find((event) => event.type === "resumed")?.seq ?? 0;
    const between = events
      .filter((event) => event.seq > paused && event.seq < resumed)
      .map((event) => event.type);
    expect(between).toContain("measurement");
    expect(between).not.toContain("step-started");
    expect(between).not.toContain("weights-intended");
    expect(h.traffic.changes).toEqual([w(20), w(50), w(80), w(100)]);
  });

  it("abort stops where it is and leaves the traffic alone", async () => {
    const h = harness(healthy);
    const result = await h.run({
      onEvent: (event) => {
        if (event.type === "weights-effective" && (event.data.weights as { green: number }).green === 50) {
          void requestCommand(h.store, NAME, "abort", "dave", { now: h.clock.now() });
        }
      },
    });
    expect(result.stopped).toBe("aborted");
    expect(h.traffic.weights).toEqual(w(50));
    expect(h.traffic.changes).toEqual([w(20), w(50)]);
  });
});

describe("runMigration: refusals and blocks", () => {
  it("refuses to run while another driver holds the lease, naming it", async () => {
    const h = harness(healthy);
    await h.store.acquireLease(NAME, "ci-runner-7", 60_000);
    const failure = await h.run().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LeaseHeldError);
    expect((failure as LeaseHeldError).heldBy.holder).toBe("ci-runner-7");
    expect((failure as Error).message).toContain("ci-runner-7");
    expect(exitCodeOf(failure)).toBe(2);
    expect(h.traffic.calls).toEqual([]);
  });

  it("refuses to resume with a different spec", async () => {
    const h = harness(healthy);
    h.traffic.preflightIssues = [{ provider: "fake", message: "socket missing", fix: "start haproxy" }];
    await h.run();
    const changed = testSpec(BASE_SPEC.replace("interval: 10s", "interval: 20s"));
    const failure = await h.run({ spec: changed }).catch((error: unknown) => error);
    expect((failure as MigrationError).code).toBe("spec-changed");
  });

  it.each([
    [
      "a provider preflight issue",
      (h: ReturnType<typeof harness>) =>
        (h.traffic.preflightIssues = [{ provider: "fake", message: "socket missing", fix: "start haproxy" }]),
      /socket missing/,
    ],
    [
      "weights not as expected",
      (h: ReturnType<typeof harness>) => (h.traffic.weights = w(30)),
      /carries blue 70 \/ green 30, expected blue 100 \/ green 0/,
    ],
    [
      "Prometheus not ready",
      (h: ReturnType<typeof harness>) => (h.metrics.pingProblem = "http://127.0.0.1:9090 is not ready"),
      /is not ready/,
    ],
  ])("blocks before any change on %s, and a resume after the fix completes", async (_, breakIt, reason) => {
    const h = harness(healthy);
    breakIt(h);
    const first = await h.run();
    expect(first.stopped).toBe("blocked");
    expect(first.reason).toMatch(reason);
    expect(h.traffic.calls.filter((call) => call.method === "setWeights")).toEqual([]);
    h.traffic.preflightIssues = [];
    h.traffic.weights = w(0);
    h.metrics.pingProblem = null;
    await requestCommand(h.store, NAME, "resume", "erin", { now: h.clock.now() });
    expect((await h.run()).stopped).toBe("completed");
  });

  it("blocks when a query returns no data for blue at preflight", async () => {
    const h = harness((context) => (context.side === "blue" ? noData : healthy(context)));
    const result = await h.run();
    expect(result.stopped).toBe("blocked");
    expect(result.reason).toMatch(/metric error-rate: no data for blue/);
  });

  it("a failed hook blocks; resume runs it again", async () => {
    const spec = BASE_SPEC.replace(
      "  steps:",
      "  hooks:\n    provision: { command: [terraform, apply] }\n  steps:",
    );
    const h = harness(healthy, spec);
    let attempts = 0;
    const runHook = async () => {
      attempts++;
      return attempts === 1
        ? { ok: false, message: "terraform exited with 1", durationMs: 5 }
        : { ok: true, message: "ok", durationMs: 5 };
    };
    const first = await h.run({ runHook });
    expect(first.stopped).toBe("blocked");
    expect(first.reason).toBe("provision hook failed: terraform exited with 1");
    await requestCommand(h.store, NAME, "resume", "frank", { now: h.clock.now() });
    expect((await h.run({ runHook })).stopped).toBe("completed");
    expect(attempts).toBe(3);
  });
});

describe("runMigration --dry-run", () => {
  it("records nothing, sets nothing, and lists the four weight changes", async () => {
    const h = harness(healthy);
    const result = await h.run({ dryRun: true });
    expect(result.stopped).toBe("dry-run");
    expect(await h.store.get(NAME)).toBeNull();
    expect(h.traffic.calls.map((call) => call.method)).toEqual(["preflight", "readWeights"]);
    expect(
      result.changes.filter((change) => change.kind === "set-weights").map((change) => change.weights),
    ).toEqual([w(20), w(50), w(80), w(100)]);
    expect(result.preflightIssues).toEqual([]);
  });
});
