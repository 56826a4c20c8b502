// A CloudWatch endpoint on 127.0.0.1 (AWS JSON 1.0, as the SDK v3 client speaks it) answering
// GetMetricData and ListMetrics the way a late publisher looks: datapoints per period from `answer`,
// none for periods that end less than `lagMs` before now (not yet published), and the newest published
// period only `partialShare` of its value (still being aggregated). Requests are recorded.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface MetricRequest {
  /** Metric names of the MetricStat queries, and their dimensions (Name=Value), in query order. */
  metrics: { id: string; name: string; dimensions: Record<string, string> }[];
  expression?: string;
}

export interface FakeCloudWatchOptions {
  /** The value of the answer (the query with ReturnData) for the period starting at `periodStart`. */
  answer: (request: MetricRequest, periodStart: number) => number | undefined;
  lagMs?: number;
  partialShare?: number;
  now?: () => number;
}

export interface FakeCloudWatch {
  endpoint: string;
  requests: { target: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

interface Query {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  Period?: number;
  MetricStat?: {
    Period: number;
    Metric: { MetricName: string; Dimensions?: { Name: string; Value: string }[] };
  };
}

export async function startFakeCloudWatch(options: FakeCloudWatchOptions): Promise<FakeCloudWatch> {
  const requests: FakeCloudWatch["requests"] = [];
  const now = options.now ?? Date.now;
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const body = JSON.parse(text || "{}") as Record<string, unknown>;
      requests.push({ target, body });
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify(json));
      };
      if (target.endsWith(".ListMetrics")) return reply(200, { Metrics: [] });
      if (!target.endsWith(".GetMetricData"))
        return reply(400, { __type: "InvalidAction", message: `unsupported ${target}` });
      reply(200, { MetricDataResults: [metricData(body, options, now())], Messages: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The answer's datapoints, newest first: published periods only, the newest of them partial. */
function metricData(body: Record<string, unknown>, options: FakeCloudWatchOptions, now: number) {
  const queries = body.MetricDataQueries as Query[];
  const result = queries.find((q) => q.ReturnData !== false);
  const periodMs = (result?.Period ?? result?.MetricStat?.Period ?? 60) * 1000;
  const request: MetricRequest = {
    metrics: queries.flatMap((q) =>
      q.MetricStat
        ? [
            {
              id: q.Id,
              name: q.MetricStat.Metric.MetricName,
              dimensions: Object.fromEntries(
                (q.MetricStat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]),
              ),
            },
          ]
        : [],
    ),
    ...(result?.Expression && { expression: result.Expression }),
  };
  const start = Number(body.StartTime) * 1000;
  const end = Number(body.EndTime) * 1000;
  const published = Math.floor((now - (options.lagMs ?? 0)) / periodMs) * periodMs;
  const points: { t: number; v: number }[] = [];
  for (let t = start; t < end && t + periodMs <= published + periodMs; t += periodMs) {
    const value = options.answer(request, t);
    if (value === undefined) continue;
    const partial = t + periodMs > published;
    points.push({ t, v: partial ? value * (options.partialShare ?? 0.2) : value });
  }
  points.reverse();
  return {
    Id: result?.Id ?? "result",
    Label: result?.Id ?? "result",
    Timestamps: points.map((p) => p.t / 1000),
    Values: points.map((p) => p.v),
    StatusCode: "Complete",
  };
}
