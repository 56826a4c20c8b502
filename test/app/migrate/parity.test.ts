// Preflight's parity gate (spec.preflight.compare): blue and green are compared with the real comparer
// (the planted pair of test/support/compare-pair.ts) and no weight moves while green is not at parity,
// unless --force (forceParity), which the preflight event records.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parityChecker, resolveSpecPaths } from "../../../src/app/migrate/wiring.js";
import type { ParityRecord } from "../../../src/core/compare/types.js";
import { parseMigrationSpec } from "../../../src/core/migrate/spec-parse.js";
import type { PreflightIssue } from "../../../src/ports/traffic.js";
import { SECRET_TEXTS, writePair } from "../../support/compare-pair.js";
import { healthy } from "../../support/fake-metrics.js";
import { BASE_SPEC } from "../../support/migration-spec.js";
import { harness, NAME, w } from "./driver-harness.js";

const DIR = mkdtempSync(path.join(tmpdir(), "cutover-parity-"));
const PAIR = writePair(DIR);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function specWith(blue: string, green: string, failOn = "drift"): string {
  const gate = `preflight: { compare: { blue: { snapshot: "${blue}" }, green: { snapshot: "${green}" }, failOn: ${failOn} } }`;
  return BASE_SPEC.replace("  traffic:", `  ${gate}\n  traffic:`);
}

async function preflightEvent(h: ReturnType<typeof harness>, type: "preflight-failed" | "preflight-passed") {
  const [event] = await h.eventsOf(type);
  return event?.data as { issues?: PreflightIssue[]; parity?: ParityRecord } | undefined;
}

describe("preflight: green at parity with blue (spec.preflight.compare)", () => {
  it("green not ready blocks the migration before any weight moves, and the result is stored", async () => {
    const h = harness(healthy, specWith(PAIR.blue, PAIR.green));
    const result = await h.run({ checkParity: parityChecker() });
    expect(result.stopped).toBe("blocked");
    expect(h.traffic.changes).toEqual([]);
    expect(await h.store.types(NAME)).not.toContain("weights-intended");
    const failed = await preflightEvent(h, "preflight-failed");
    expect(failed?.parity).toMatchObject({
      verdict: "not-ready",
      passed: false,
      forced: false,
      blocking: 3,
      drift: 3,
    });
    expect(failed?.issues?.map((issue) => issue.message)).toEqual([
      "parity (blocking): Application argocd/shop is Synced/Degraded on green, Synced/Healthy on blue",
      "parity (blocking): PersistentVolumeClaim shop/data is Pending on green, Bound on blue",
      "parity (blocking): CronJob shop/nightly-report is on blue, not on green",
      expect.stringMatching(/^parity \(drift\): ConfigMap shop\/settings data.LOG_LEVEL/),
      expect.stringMatching(/^parity \(drift\): Deployment shop\/web containers\[web\].image/),
      "parity (drift): Secret shop/db-credentials key data.password differs (compared by hash; values not shown)",
    ]);
    const log = JSON.stringify(await h.store.events(NAME));
    for (const secret of SECRET_TEXTS) expect(log).not.toContain(secret);
  });

  it("--force moves weight anyway and records the forced verdict in the preflight event", async () => {
    const h = harness(healthy, specWith(PAIR.blue, PAIR.green));
    const result = await h.run({ checkParity: parityChecker(), forceParity: true });
    expect(result.stopped).toBe("completed");
    expect(await h.weightsSet()).toEqual([w(20), w(50), w(80), w(100)]);
    const passed = await preflightEvent(h, "preflight-passed");
    expect(passed?.parity).toMatchObject({ verdict: "not-ready", passed: false, forced: true });
  });

  it("a green identical to blue passes and the migration completes", async () => {
    const h = harness(healthy, specWith(PAIR.blue, PAIR.blue));
    const result = await h.run({ checkParity: parityChecker() });
    expect(result.stopped).toBe("completed");
    expect((await preflightEvent(h, "preflight-passed"))?.parity).toMatchObject({
      verdict: "at-parity",
      passed: true,
    });
  });

  it("an unreadable side is a preflight issue naming it", async () => {
    const missing = path.join(DIR, "nope");
    const h = harness(healthy, specWith(PAIR.blue, missing));
    const result = await h.run({ checkParity: parityChecker() });
    expect(result.stopped).toBe("blocked");
    const failed = await preflightEvent(h, "preflight-failed");
    expect(failed?.issues?.[0]?.message).toContain(missing);
  });

  it("paths in spec.preflight.compare are relative to the spec file", () => {
    const parsed = parseMigrationSpec(specWith("snap/blue", "snap/green"), "spec.yaml");
    if (!("spec" in parsed)) throw new Error(JSON.stringify(parsed));
    const resolved = resolveSpecPaths(parsed.spec, "/srv/migrations/prod.yaml");
    expect(resolved.spec.preflight?.compare.blue.snapshot).toBe("/srv/migrations/snap/blue");
    expect(resolved.spec.preflight?.compare.failOn).toBe("drift");
  });
});
