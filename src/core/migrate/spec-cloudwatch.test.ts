// spec.analysis CloudWatch sources: period, window, publication delay and endpoint, what the backend gets
// of them, and the engine refusing a datapoint whose period began before the step was effective.
import { describe, expect, it } from "vitest";
import { BASE_SPEC } from "../../../test/support/migration-spec.js";
import { evaluateRound, measurePlan } from "./measure-plan.js";
import { parseMigrationSpec } from "./spec-parse.js";

const withCloudWatch = (fields: string) =>
  BASE_SPEC.replace(
    /( {6}- name: error-rate\n) {8}prometheus: .*\n/,
    `$1        cloudwatch: { query: "AWS/ApplicationELB:RequestCount:Sum:TargetGroup={{cluster}}"${fields} }\n`,
  );

function parse(fields: string) {
  return parseMigrationSpec(withCloudWatch(fields), "m.yaml");
}

describe("CloudWatch source fields", () => {
  it("reads period, window, publication delay and endpoint into the backend, in seconds", () => {
    const parsed = parse(
      ', period: 5m, window: 15m, publicationDelay: 3m, endpoint: "http://127.0.0.1:4566", region: eu-west-1',
    );
    if ("errors" in parsed) throw new Error(JSON.stringify(parsed.errors));
    const body = parsed.spec.spec;
    expect(measurePlan(body, body.analysis, 0, true).queries[0]?.backend).toEqual({
      provider: "cloudwatch",
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:4566",
      periodSeconds: 300,
      windowSeconds: 900,
      publicationDelaySeconds: 180,
    });
  });

  it("leaves the defaults to the adapter when nothing is set", () => {
    const parsed = parse("");
    if ("errors" in parsed) throw new Error(JSON.stringify(parsed.errors));
    const body = parsed.spec.spec;
    expect(measurePlan(body, body.analysis, 0, true).queries[0]?.backend).toEqual({ provider: "cloudwatch" });
  });

  it.each([
    [", period: 45s", "period", "CloudWatch periods are 1s, 5s, 10s, 30s or a multiple of 60s"],
    [", period: 5m, window: 1m", "window", "must be at least one period"],
    [", publicationDelay: soon", "publicationDelay", '"soon" is not a duration'],
  ])("rejects %j", (fields, field, message) => {
    const parsed = parse(fields);
    if (!("errors" in parsed)) throw new Error("expected errors");
    const error = parsed.errors.find((e) => e.path.endsWith(field));
    expect(error?.message).toContain(message);
  });
});

describe("data older than the step", () => {
  const parsed = parse(", period: 1m");
  if ("errors" in parsed) throw new Error(JSON.stringify(parsed.errors));
  const body = parsed.spec.spec;
  const effectiveAt = Date.UTC(2026, 0, 15, 12, 0, 30);

  it.each([
    [
      "began before the split was effective: no data, never a pass",
      Date.UTC(2026, 0, 15, 12, 0, 0),
      "inconclusive",
    ],
    ["began after it: judged", Date.UTC(2026, 0, 15, 12, 1, 0), "successful"],
  ])("a period that %s", (_label, at, phase) => {
    const plan = measurePlan(body, { ...body.analysis, minSamples: undefined }, 0, false, effectiveAt);
    const measurements = evaluateRound(
      plan,
      { metrics: { "error-rate": { green: { kind: "value", value: 0, at }, blue: null } }, minSamples: null },
      effectiveAt + 120_000,
    );
    expect(measurements.map((m) => m.phase)).toEqual([phase]);
    if (phase === "inconclusive")
      expect(measurements[0]?.message).toMatch(/began before this traffic split was effective/);
  });
});
