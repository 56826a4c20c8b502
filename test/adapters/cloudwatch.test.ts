// The CloudWatch adapter with aws-sdk-client-mock: the exact GetMetricData request for each ALB signal
// (5xx, requests, p99 latency, the 5xx / requests error rate), and each kind of result.
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListMetricsCommand,
} from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createCloudWatchMetrics } from "../../src/adapters/cloudwatch.js";
import { albQuery } from "../../src/adapters/cloudwatch-query.js";
import { renderQuery } from "../../src/ports/metrics.js";

const cloudwatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
});
// 12:03:27 less ALB's 2-minute publication delay → the last complete, published minute ends at 12:01:00;
// the 5-minute window starts at 11:56:00.
const clock = { now: () => Date.UTC(2026, 0, 15, 12, 3, 27) };
const provider = createCloudWatchMetrics({ client, clock });
const window = { StartTime: new Date("2026-01-15T11:56:00Z"), EndTime: new Date("2026-01-15T12:01:00Z") };
const minute = (hhmm: string) => new Date(`2026-01-15T${hhmm}:00Z`);

const TG = "targetgroup/shop-green/0123456789abcdef";
const LB = "app/shop-green/fedcba9876543210";
const target = { targetGroup: TG, loadBalancer: LB };
const dimensions = [
  { Name: "TargetGroup", Value: TG },
  { Name: "LoadBalancer", Value: LB },
];
const albMetric = (MetricName: string, Stat: string) => ({
  Metric: { Namespace: "AWS/ApplicationELB", MetricName, Dimensions: dimensions },
  Period: 60,
  Stat,
});

beforeEach(() => {
  cloudwatch.reset();
  cloudwatch.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      {
        Id: "result",
        Values: [0.02, 0.5],
        Timestamps: [minute("12:00"), minute("11:59")],
        StatusCode: "Complete",
      },
    ],
  });
});

function sentInput(): GetMetricDataCommandInput {
  const calls = cloudwatch.commandCalls(GetMetricDataCommand);
  expect(calls).toHaveLength(1);
  return calls[0]?.args[0].input as GetMetricDataCommandInput;
}

describe("GetMetricData requests", () => {
  it.each([
    [
      "5xx count (0 when missing, but only for minutes with a RequestCount: published ones)",
      albQuery("5xx-count", target),
      [
        { Id: "e", MetricStat: albMetric("HTTPCode_Target_5XX_Count", "Sum"), ReturnData: false },
        { Id: "r", MetricStat: albMetric("RequestCount", "Sum"), ReturnData: false },
        { Id: "result", Expression: "FILL(e, 0) + 0 * r", Period: 60, ReturnData: true },
      ],
    ],
    [
      "request count",
      albQuery("request-count", target),
      [{ Id: "result", MetricStat: albMetric("RequestCount", "Sum"), ReturnData: true }],
    ],
    [
      "p99 target response time",
      albQuery("latency-p99", target),
      [{ Id: "result", MetricStat: albMetric("TargetResponseTime", "p99"), ReturnData: true }],
    ],
    [
      "error rate (metric math 5xx / RequestCount)",
      albQuery("error-rate", target),
      [
        { Id: "e", MetricStat: albMetric("HTTPCode_Target_5XX_Count", "Sum"), ReturnData: false },
        { Id: "r", MetricStat: albMetric("RequestCount", "Sum"), ReturnData: false },
        { Id: "result", Expression: "FILL(e, 0) / r", Period: 60, ReturnData: true },
      ],
    ],
    [
      "a trimmed mean without dimensions",
      "AWS/ApplicationELB:TargetResponseTime:TM(10%:90%)",
      [
        {
          Id: "result",
          MetricStat: {
            Metric: { Namespace: "AWS/ApplicationELB", MetricName: "TargetResponseTime", Dimensions: [] },
            Period: 60,
            Stat: "TM(10%:90%)",
          },
          ReturnData: true,
        },
      ],
    ],
  ])("%s", async (_case, query, queries) => {
    expect(await provider.query(query)).toEqual({
      kind: "value",
      value: 0.02,
      at: minute("12:00").getTime(),
    });
    expect(sentInput()).toEqual({ MetricDataQueries: queries, ...window, ScanBy: "TimestampDescending" });
  });

  it("reads the same request from the JSON form", async () => {
    const json = JSON.stringify({
      expression: "FILL(e, 0) / r",
      metrics: {
        e: {
          namespace: "AWS/ApplicationELB",
          metricName: "HTTPCode_Target_5XX_Count",
          stat: "Sum",
          dimensions: { TargetGroup: TG, LoadBalancer: LB },
        },
        r: {
          namespace: "AWS/ApplicationELB",
          metricName: "RequestCount",
          stat: "Sum",
          dimensions: { TargetGroup: TG, LoadBalancer: LB },
        },
      },
    });
    await provider.query(json);
    expect(sentInput().MetricDataQueries?.map((query) => query.Id)).toEqual(["e", "r", "result"]);
    expect(sentInput().MetricDataQueries?.[1]?.MetricStat).toEqual(albMetric("RequestCount", "Sum"));
  });

  it("fills {{placeholders}} per side before the request", async () => {
    const template = albQuery("request-count", {
      targetGroup: "{{targetGroup}}",
      loadBalancer: "{{loadBalancer}}",
    });
    await provider.query(renderQuery(template, { targetGroup: TG, loadBalancer: LB }));
    expect(sentInput().MetricDataQueries?.[0]?.MetricStat).toEqual(albMetric("RequestCount", "Sum"));
  });

  it("uses the configured period, window and publication delay", async () => {
    const custom = createCloudWatchMetrics({
      client,
      clock,
      periodSeconds: 300,
      windowSeconds: 900,
      publicationDelaySeconds: 0,
    });
    await custom.query(albQuery("request-count", target));
    expect(sentInput()).toMatchObject({
      StartTime: new Date("2026-01-15T11:45:00Z"),
      EndTime: new Date("2026-01-15T12:00:00Z"),
      MetricDataQueries: [{ MetricStat: { Period: 300 } }],
    });
  });

  it("waits one minute of publication for other namespaces", async () => {
    await provider.query("AWS/Lambda:Errors:Sum:FunctionName=shop");
    expect(sentInput()).toMatchObject({ EndTime: minute("12:02") });
  });
});

describe("results", () => {
  it("reports no datapoints as no-data, never a pass", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: "result", Values: [], Timestamps: [], StatusCode: "Complete" }],
    });
    expect(await provider.query(albQuery("request-count", target))).toEqual({
      kind: "no-data",
      reason:
        "CloudWatch has no complete, published datapoint for AWS/ApplicationELB RequestCount Sum in the 300 s before 2026-01-15T12:01:00.000Z",
    });
  });

  it("never reads a period that is not over by the end of the request (a partial minute)", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: "result",
          Values: [3, 250],
          Timestamps: [minute("12:01"), minute("11:58")],
          StatusCode: "PartialData",
        },
      ],
    });
    expect(await provider.query(albQuery("request-count", target))).toEqual({
      kind: "value",
      value: 250,
      at: minute("11:58").getTime(),
    });
  });

  it("reports a Forbidden result status as an error with CloudWatch's messages", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: "result",
          StatusCode: "Forbidden",
          Messages: [{ Code: "Forbidden", Value: "cross-account access denied" }],
        },
      ],
    });
    const result = await provider.query(albQuery("latency-p99", target));
    expect(result).toEqual({
      kind: "error",
      message:
        "CloudWatch answered Forbidden for AWS/ApplicationELB TargetResponseTime p99: Forbidden cross-account access denied",
    });
  });

  it("reports an API failure with its name and what to check, without credentials", async () => {
    const denied = Object.assign(
      new Error(
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:GetMetricData",
      ),
      {
        name: "AccessDeniedException",
      },
    );
    cloudwatch.on(GetMetricDataCommand).rejects(denied);
    const result = await provider.query(albQuery("error-rate", target));
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toMatch(
      /^CloudWatch GetMetricData failed: AccessDeniedException: User: .* not authorized .*; check AWS credentials and region/,
    );
    expect(JSON.stringify(result)).not.toContain("AKIDTEST");
  });

  it.each([
    ["the caller aborted", true, "CloudWatch request was aborted"],
    ["the SDK gave up", false, "CloudWatch did not answer in time; check the network or raise timeoutMs"],
  ])("reports an abort when %s", async (_case, callerAborts, message) => {
    cloudwatch
      .on(GetMetricDataCommand)
      .rejects(Object.assign(new Error("Request aborted"), { name: "AbortError" }));
    const controller = new AbortController();
    if (callerAborts) controller.abort();
    expect(await provider.query(albQuery("request-count", target), controller.signal)).toEqual({
      kind: "error",
      message,
    });
  });

  it.each([
    ["", "empty query"],
    ["AWS/ApplicationELB:RequestCount", "is not NAMESPACE:METRIC:STAT"],
    ["AWS/ApplicationELB:RequestCount:Sum:TargetGroup", 'dimension "TargetGroup" is not NAME=VALUE'],
    ["e / r; e = AWS/ApplicationELB:RequestCount:Sum", '"e / r" uses r but defines no such metric'],
    [
      "e * 2; e = AWS/ApplicationELB:RequestCount:Sum; r = AWS/ApplicationELB:RequestCount:Sum",
      "metric r defined but not used",
    ],
    ["result * 2; result = AWS/ApplicationELB:RequestCount:Sum", 'not "result"'],
    ['{"metric": {"namespace": "AWS/ApplicationELB"}}', "metric.metricName"],
    ["{not json", "not valid JSON"],
  ])("rejects %j before calling CloudWatch", async (query, problem) => {
    const result = await provider.query(query);
    expect(result).toEqual({ kind: "error", message: expect.stringContaining(problem) });
    expect(result.kind === "error" && result.message).toMatch(/^invalid CloudWatch query: /);
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  it("rejects an impossible period without calling CloudWatch", async () => {
    const broken = createCloudWatchMetrics({ client, clock, periodSeconds: 45 });
    expect(await broken.query(albQuery("request-count", target))).toEqual({
      kind: "error",
      message: "CloudWatch periodSeconds 45 is invalid; use 1, 5, 10, 30 or a multiple of 60",
    });
    expect(await broken.ping()).toContain("periodSeconds 45 is invalid");
    expect(cloudwatch.calls()).toHaveLength(0);
  });
});

describe("ping", () => {
  it("is ready when one ListMetrics page comes back", async () => {
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    expect(await provider.ping()).toBeNull();
    expect(cloudwatch.commandCalls(ListMetricsCommand)[0]?.args[0].input).toEqual({
      Namespace: "AWS/ApplicationELB",
      MetricName: "RequestCount",
    });
  });

  it("names a credentials problem and what to check", async () => {
    const missing = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    cloudwatch.on(ListMetricsCommand).rejects(missing);
    expect(await provider.ping()).toBe(
      "CloudWatch ListMetrics failed: CredentialsProviderError: Could not load credentials from any providers; check AWS credentials and region (AWS_PROFILE, AWS_REGION, SSO login) and the cloudwatch:ListMetrics permission",
    );
  });
});
