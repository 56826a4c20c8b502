// `cutover migrate start` through the CLI, in-process, against AWS as it behaves: the real AWS SDK v3
// pointed (spec `endpoint`) at the stateful Route 53 test server and at a CloudWatch server whose newest
// period is partial and whose latest are not yet published. A full shift and an automatic rollback.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Measurement } from "../../src/core/migrate/analysis.js";
import { type FakeCloudWatch, type MetricRequest, startFakeCloudWatch } from "../support/fake-cloudwatch.js";
import { type FakeRoute53, startFakeRoute53 } from "../support/fake-route53.js";
import { storedEvents, w, weightsSet } from "../support/migrate-stack.js";
import { NAME } from "../support/route53-fixtures.js";
import { runCli } from "../support/terminal.js";

const ENV = {
  AWS_ACCESS_KEY_ID: "AKIDFAKE",
  AWS_SECRET_ACCESS_KEY: "fake-secret-never-printed",
  AWS_EC2_METADATA_DISABLED: "true",
};

/** A CloudWatch source: 1 s periods read 2 s late, from the test server; `indent` spaces deep. */
const source = (endpoint: string, query: string, indent: number) =>
  [
    "region: us-east-1",
    `endpoint: "${endpoint}"`,
    "period: 1s",
    "window: 10s",
    "publicationDelay: 2s",
    `query: "${query}"`,
  ]
    .map((line) => `${" ".repeat(indent)}${line}`)
    .join("\n");

const TG = "TargetGroup={{tg}}";
const REQUESTS = `AWS/ApplicationELB:RequestCount:Sum:${TG}`;
const TARGET_5XX = `FILL(e, 0) + 0 * r; e = AWS/ApplicationELB:HTTPCode_Target_5XX_Count:Sum:${TG}; r = ${REQUESTS}`;

const spec = (name: string, route53: string, cloudwatch: string) => `
apiVersion: cutover.dev/v1alpha1
kind: Migration
metadata: { name: ${name} }
spec:
  blue: { labels: { tg: targetgroup/blue/1 } }
  green: { labels: { tg: targetgroup/green/2 } }
  traffic:
    provider: route53
    route53:
      hostedZoneId: ZFAKE1
      recordName: shop.example.com
      endpoint: "${route53}"
      blue: { setIdentifier: blue }
      green: { setIdentifier: green }
  steps:
    - { green: 50, bake: 4s }
    - { green: 100, bake: 4s }
  analysis:
    interval: 1s
    inconclusiveLimit: 8
    minSamples:
      min: 50
      cloudwatch:
${source(cloudwatch, REQUESTS, 8)}
    metrics:
      - name: target-5xx
        cloudwatch:
${source(cloudwatch, TARGET_5XX, 10)}
        max: 5
  drain: { wait: 1s }
`;

/** 100 requests a second per target group; green answers `green5xx` of them with 5xx (none: not reported). */
const alb = (green5xx: number) => (request: MetricRequest) => {
  const green = request.metrics.some((m) => m.dimensions.TargetGroup?.includes("green"));
  if (!request.expression) return 100;
  return green ? green5xx : 0;
};

describe("cutover migrate on Route 53 and CloudWatch test servers", () => {
  let dir = "";
  let route53: FakeRoute53 | undefined;
  let cloudwatch: FakeCloudWatch | undefined;
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "cutover-aws-"));
    for (const [key, value] of Object.entries(ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await route53?.close();
    await cloudwatch?.close();
  });

  async function run(name: string, green5xx: number) {
    route53 = await startFakeRoute53({
      zoneId: "ZFAKE1",
      zoneName: "example.com.",
      pendingPolls: 0,
      records: [
        { name: NAME, type: "A", setIdentifier: "blue", weight: 100, ttl: 1, values: ["192.0.2.1"] },
        { name: NAME, type: "A", setIdentifier: "green", weight: 0, ttl: 1, values: ["192.0.2.2"] },
      ],
    });
    cloudwatch = await startFakeCloudWatch({ answer: alb(green5xx), lagMs: 1000, partialShare: 0.1 });
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, spec(name, route53.endpoint, cloudwatch.endpoint));
    const store = path.join(dir, `${name}.db`);
    const result = await runCli(["migrate", "start", file, "--store", store]);
    return { result, events: await storedEvents(store, name), route53, cloudwatch };
  }

  it("shifts 50 then 100 in one batch each, waits INSYNC and the TTL, judges only complete periods", async () => {
    const { result, events, route53: r53 } = await run("aws-shift", 0);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(weightsSet(events)).toEqual([w(50), w(100)]);
    expect(r53.records.map((r) => `${r.setIdentifier} ${r.weight}`)).toEqual(["blue 0", "green 100"]);
    const changes = events.flatMap((e) => (e.type === "weights-set" ? [e.data.change] : []));
    expect(changes).toEqual([
      { id: "/change/C1FAKE", holdSeconds: 1 },
      { id: "/change/C2FAKE", holdSeconds: 1 },
    ]);
    expect(
      r53.requests.filter((r) => r.path.startsWith("/2013-04-01/change/")).length,
    ).toBeGreaterThanOrEqual(2);
    const measurements = events.flatMap((e) =>
      e.type === "measurement" ? (e.data.measurements as Measurement[]) : [],
    );
    // A partial period (10 of 100 requests) would fail min-samples: none was ever read.
    expect(
      measurements.filter((m) => m.metric === "min-samples" && m.value !== undefined && m.value < 50),
    ).toEqual([]);
    expect(measurements.some((m) => /began before this traffic split was effective/.test(m.message))).toBe(
      true,
    );
    expect(result.stdout).toContain("aws-shift completed: green carries all traffic.");
    expect(result.stdout).toContain(
      "weights set: blue 50 / green 50 (change /change/C1FAKE, resolvers may hold records 1 s)",
    );
  }, 60_000);

  it("rolls back to blue 100 when green's 5xx count breaks its max", async () => {
    const { result, events, route53: r53 } = await run("aws-rollback", 30);
    expect(result.stdout).toMatch(/rolled back/);
    expect(weightsSet(events)).toEqual([w(50), w(0)]);
    expect(r53.records.map((r) => `${r.setIdentifier} ${r.weight}`)).toEqual(["blue 100", "green 0"]);
    const failed = events.flatMap((e) =>
      e.type === "measurement"
        ? (e.data.measurements as Measurement[]).filter((m) => m.phase === "failed")
        : [],
    );
    expect(failed[0]?.message).toBe("green 30 > max 5");
  }, 60_000);
});
