// Nothing from outside that may hold a credential reaches the event log (or the CLI) unredacted: a failed
// hook's output, preflight issues, smoke results, a failed metric query, a provider error.
import { describe, expect, it } from "vitest";
import type { MigrationEvent } from "../../../src/ports/store.js";
import { describeEvent } from "../../../src/report/migrate/events.js";
import { healthy, type Script } from "../../support/fake-metrics.js";
import { BASE_SPEC } from "../../support/migration-spec.js";
import { harness, NAME } from "./driver-harness.js";

const URL_WITH_PASSWORD = "https://ops:hunter2@prometheus.internal:9090/api/v1/query";
const SECRETS = ["hunter2", "IOSFODNN7EXAMPLE", "s3cr3t"];

function expectNoSecret(events: readonly MigrationEvent[]): void {
  const log = JSON.stringify(events);
  for (const secret of SECRETS) expect(log).not.toContain(secret);
}

describe("the driver redacts what it records", () => {
  it("a failed hook's message", async () => {
    const h = harness(healthy);
    const result = await h.run({
      runHook: async () => ({
        ok: false,
        message: "argocd exited with 1: login with --password=s3cr3t failed | key AKIAIOSFODNN7EXAMPLE",
        durationMs: 5,
      }),
    });
    expect(result.stopped).toBe("blocked");
    const [failed] = await h.eventsOf("hook-failed");
    expect(failed?.data.message).toBe(
      "argocd exited with 1: login with --password=[redacted] failed | key AKIA[redacted]",
    );
    expect(result.reason).toContain("--password=[redacted]");
    expectNoSecret(await h.store.events(NAME));
  });

  it("a hook's argv (the running line and the hook-started event), and what --dry-run lists", async () => {
    const spec = BASE_SPEC.replace(
      "  steps:",
      "  hooks:\n    provision: { command: [curl, -u, 'ops:s3cr3t', -H, 'Authorization: Basic s3cr3t', https://x] }\n    bootstrap: { command: [argocd, login, --password, hunter2] }\n  steps:",
    );
    const h = harness(healthy, spec);
    const lines: string[] = [];
    const result = await h.run({
      runHook: async () => ({ ok: true, message: "ok", durationMs: 5 }),
      onEvent: (event) => lines.push(describeEvent(event)),
    });
    expect(result.stopped).toBe("completed");
    const started = await h.eventsOf("hook-started");
    expect(started.map((event) => event.data.command)).toEqual([
      ["curl", "-u", "ops:[redacted]", "-H", "Authorization: Basic [redacted]", "https://x"],
      ["argocd", "login", "--password", "[redacted]"],
      ["echo", "freeze"],
    ]);
    expect(lines).toContain("bootstrap hook: running argocd login --password [redacted]");
    expectNoSecret(await h.store.events(NAME));
    const planned = await harness(healthy, spec).run({ dryRun: true });
    expect(JSON.stringify(planned.changes)).toContain("argocd login --password [redacted]");
    expect(JSON.stringify(planned.changes)).not.toMatch(/hunter2|s3cr3t/);
  });

  it("preflight issues from the traffic provider", async () => {
    const h = harness(healthy);
    h.traffic.preflightIssues = [
      { provider: "fake", message: `cannot reach ${URL_WITH_PASSWORD}`, fix: "check it" },
    ];
    const result = await h.run();
    expect(result.stopped).toBe("blocked");
    const [failed] = await h.eventsOf("preflight-failed");
    expect(failed?.data.issues).toEqual([
      {
        provider: "fake",
        message: "cannot reach https://ops:[redacted]@prometheus.internal:9090/api/v1/query",
        fix: "check it",
      },
    ]);
    expectNoSecret(await h.store.events(NAME));
  });

  it("smoke results and their message", async () => {
    const h = harness(
      healthy,
      BASE_SPEC.replace("  steps:", '  smoke: [{ url: "http://127.0.0.1:1/healthz" }]\n  steps:'),
    );
    const result = await h.run({
      runSmoke: async () => [
        {
          url: "https://u:s3cr3t@green.internal/healthz",
          requests: 1,
          succeeded: 0,
          successRate: 0,
          p95LatencyMs: 1,
          passed: false,
          problem: "https://u:s3cr3t@green.internal/healthz: 0/1 succeeded",
        },
      ],
    });
    expect(result.stopped).toBe("blocked");
    const [failed] = await h.eventsOf("smoke-failed");
    expect(failed?.data.message).toBe("https://u:[redacted]@green.internal/healthz: 0/1 succeeded");
    expectNoSecret(await h.store.events(NAME));
  });

  it("a failed query's message in a measurement", async () => {
    const failing: Script = (context) =>
      context.weights.green >= 20 && context.side === "green"
        ? { kind: "error", message: `POST ${URL_WITH_PASSWORD}: 502` }
        : healthy(context);
    const h = harness(failing);
    const result = await h.run();
    expect(result.stopped).toBe("rolled-back");
    const messages = (await h.eventsOf("measurement")).flatMap((event) =>
      (event.data.measurements as { message: string }[]).map((m) => m.message),
    );
    expect(messages).toContain(
      "green query failed: POST https://ops:[redacted]@prometheus.internal:9090/api/v1/query: 502",
    );
    expectNoSecret(await h.store.events(NAME));
  });

  it("a provider error the run stops on (the CLI prints its message)", async () => {
    const h = harness(healthy);
    h.traffic.setWeights = async () => {
      throw new Error(`haproxy: cannot reach tcp://admin:s3cr3t@127.0.0.1:9999`);
    };
    await expect(h.run()).rejects.toThrow("haproxy: cannot reach tcp://admin:[redacted]@127.0.0.1:9999");
    expectNoSecret(await h.store.events(NAME));
  });
});
