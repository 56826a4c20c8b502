// EKS audit-log usage through CloudWatch Logs Insights, with aws-sdk-client-mock: queries that are
// Scheduled/Running before Complete, full answers that split the range ("pages"), throttling retried with
// backoff, a query that never completes, and a missing log group.
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { readCloudWatchUsage } from "../../src/adapters/cloudwatch-logs.js";
import { gatherUsage } from "../../src/app/usage.js";
import { indexApis } from "../../src/core/scan/api-index.js";
import { findingFor } from "../../src/core/scan/scan.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: "eu-west-1" });
const kb = loadKnowledge();
const END = Date.parse("2026-11-27T00:00:00Z");
const DAY = 86_400_000;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};

function row(user: string, agent: string, calls: number, resource = "podsecuritypolicies") {
  return [
    { field: "user.username", value: user },
    { field: "userAgent", value: agent },
    { field: "sourceIPs.0", value: "10.0.4.9" },
    { field: "verb", value: "list" },
    { field: "objectRef.apiGroup", value: "policy" },
    { field: "objectRef.apiVersion", value: "v1beta1" },
    { field: "objectRef.resource", value: resource },
    { field: "calls", value: String(calls) },
    { field: "firstSeen", value: "2026-11-20 10:00:00.000" },
    { field: "lastSeen", value: "2026-11-26 10:00:00.000" },
  ];
}

const base = {
  client,
  logGroup: "/aws/eks/prod/cluster",
  startMs: END - 2 * DAY,
  endMs: END,
  versions: ["v1beta1"],
  sleep,
  pollMs: 10,
  backoffMs: 100,
};

beforeEach(() => {
  logs.reset();
  sleeps.length = 0;
});

describe("readCloudWatchUsage", () => {
  it("polls Scheduled → Running → Complete and sends one Insights query over the range", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q1" });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: "Scheduled" })
      .resolvesOnce({ status: "Running", results: [] })
      .resolves({
        status: "Complete",
        results: [row("system:serviceaccount:monitoring:psp-exporter", "psp-exporter/1.2.0", 12)],
      });
    const read = await readCloudWatchUsage(base);
    expect(read.calls).toEqual([
      {
        call: expect.objectContaining({ apiVersion: "policy/v1beta1", userAgent: "psp-exporter/1.2.0" }),
        stats: { count: 12, firstSeen: "2026-11-20T10:00:00.000Z", lastSeen: "2026-11-26T10:00:00.000Z" },
      },
    ]);
    const start = logs.commandCalls(StartQueryCommand)[0]?.args[0].input;
    expect(start).toMatchObject({
      logGroupName: "/aws/eks/prod/cluster",
      startTime: (END - 2 * DAY) / 1000,
      endTime: END / 1000,
      limit: 10_000,
    });
    expect(start?.queryString).toContain("stats count(*) as calls");
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
    expect(sleeps).toEqual([10, 10]);
  });

  it("splits a full answer into halves until each fits, and keeps every row", async () => {
    const full = [row("a", "agent-a/1", 1), row("b", "agent-b/1", 2)];
    logs
      .on(StartQueryCommand)
      .callsFake((input) => Promise.resolve({ queryId: `${input.startTime}-${input.endTime}` }));
    logs.on(GetQueryResultsCommand).callsFake((input) => {
      // The whole range is "full" (2 rows at maxRows 2); each half has one row.
      const [start, end] = String(input.queryId).split("-").map(Number);
      const whole = start === (END - 2 * DAY) / 1000 && end === END / 1000;
      return Promise.resolve({
        status: "Complete",
        results: whole ? full : [row(`u${start}`, "agent/2", 5)],
      });
    });
    const read = await readCloudWatchUsage({ ...base, maxRows: 2 });
    const ranges = logs
      .commandCalls(StartQueryCommand)
      .map((call) => [call.args[0].input.startTime, call.args[0].input.endTime]);
    const middle = (END - DAY) / 1000;
    expect(ranges).toEqual([
      [(END - 2 * DAY) / 1000, END / 1000],
      [(END - 2 * DAY) / 1000, middle - 1],
      [middle, END / 1000],
    ]);
    expect(read.calls.map((item) => item.stats.count)).toEqual([5, 5]);
    expect(read.warnings).toEqual([]);
  });

  it("retries throttling with exponential backoff", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const tooMany = Object.assign(new Error("too many concurrent queries"), {
      name: "LimitExceededException",
    });
    logs.on(StartQueryCommand).rejectsOnce(throttled).rejectsOnce(tooMany).resolves({ queryId: "q" });
    logs.on(GetQueryResultsCommand).rejectsOnce(throttled).resolves({ status: "Complete", results: [] });
    await readCloudWatchUsage(base);
    expect(sleeps).toEqual([100, 200, 100]);
    expect(logs.commandCalls(StartQueryCommand)).toHaveLength(3);
  });

  it("gives up on throttling after the last attempt with a clear error", async () => {
    logs
      .on(StartQueryCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    await expect(readCloudWatchUsage({ ...base, attempts: 3 })).rejects.toThrow(
      "CloudWatch Logs StartQuery on /aws/eks/prod/cluster failed: ThrottlingException: Rate exceeded; still throttled after 3 attempts; run it again later",
    );
  });

  it("stops a query that does not complete in time and says so", async () => {
    let now = END;
    logs.on(StartQueryCommand).resolves({ queryId: "slow" });
    logs.on(GetQueryResultsCommand).callsFake(() => {
      now += 61_000;
      return Promise.resolve({ status: "Running" });
    });
    logs.on(StopQueryCommand).resolves({ success: true });
    await expect(readCloudWatchUsage({ ...base, queryTimeoutMs: 120_000, now: () => now })).rejects.toThrow(
      /did not complete within 120 s \(status Running\); it was stopped — shorten --usage-window/,
    );
    expect(logs.commandCalls(StopQueryCommand)[0]?.args[0].input).toEqual({ queryId: "slow" });
  });

  it.each([
    ["Timeout", /ended with status Timeout; shorten --usage-window/],
    ["Failed", /ended with status Failed/],
  ])("a query that ends %s is an error", async (status, message) => {
    logs.on(StartQueryCommand).resolves({ queryId: "q" });
    logs.on(GetQueryResultsCommand).resolves({ status: status as "Timeout" });
    await expect(readCloudWatchUsage(base)).rejects.toThrow(message);
  });

  it("explains a missing log group: EKS audit logging is off", async () => {
    logs
      .on(StartQueryCommand)
      .rejects(Object.assign(new Error("Log group does not exist"), { name: "ResourceNotFoundException" }));
    await expect(readCloudWatchUsage(base)).rejects.toThrow(/turn on the EKS control-plane "audit" log type/);
  });
});

describe("gatherUsage with --usage-cloudwatch", () => {
  it("queries /aws/eks/CLUSTER/cluster over the window and makes findings that name the client", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q" });
    logs.on(GetQueryResultsCommand).resolves({
      status: "Complete",
      results: [row("system:serviceaccount:monitoring:psp-exporter", "psp-exporter/1.2.0", 12)],
    });
    const gathered = await gatherUsage({ usageCloudwatch: "prod", usageWindow: "2d" }, kb, "1.29", {
      cloudwatchClient: client,
      now: () => END,
    });
    expect(logs.commandCalls(StartQueryCommand)[0]?.args[0].input).toMatchObject({
      logGroupName: "/aws/eks/prod/cluster",
      startTime: (END - 2 * DAY) / 1000,
    });
    const finding = findingFor(gathered.usages[0] as never, indexApis(kb.apis), "1.29");
    expect(finding).toMatchObject({
      kind: "PodSecurityPolicy",
      status: "removed",
      source: { file: "cloudwatch:/aws/eks/prod/cluster", line: null, origin: "usage" },
      usage: { via: "cloudwatch", serviceAccount: "monitoring/psp-exporter", count: 12 },
    });
  });
});
