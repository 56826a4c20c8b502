// A test double of the Prometheus HTTP API on 127.0.0.1: /-/ready, and instant queries
// (/api/v1/query, GET or POST) answered by a responder from the metric name and label matchers of the
// query, e.g. `error_ratio{cluster="green"}` → responder("error_ratio", { cluster: "green" }). It lets a test
// decide what green and blue "measure" at each moment, with the real HTTP client and parser in the loop.
import http from "node:http";
import type net from "node:net";

/** A number, no series ("no-data"), or a query error ("error"). */
export type Answer = number | "no-data" | "error";
export type Responder = (metric: string, labels: Record<string, string>) => Answer | Promise<Answer>;

export interface PrometheusDouble {
  /** http://127.0.0.1:PORT */
  address: string;
  /** Every query received, in order. */
  queries: string[];
  respond(responder: Responder): void;
  stop(): Promise<void>;
}

export async function startPrometheusDouble(initial: Responder): Promise<PrometheusDouble> {
  let responder = initial;
  const queries: string[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      if (url.pathname !== "/api/v1/query") {
        const ready = url.pathname === "/-/ready";
        send(response, ready ? 200 : 404, ready ? "Prometheus Server is Ready.\n" : "404 page not found\n");
        return;
      }
      const query = url.searchParams.get("query") ?? new URLSearchParams(body).get("query") ?? "";
      queries.push(query);
      const { metric, labels } = parseQuery(query);
      Promise.resolve(responder(metric, labels)).then(
        (answer) => answerQuery(response, answer),
        (error: unknown) => answerQuery(response, "error", String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    queries,
    respond: (next) => {
      responder = next;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The first metric name and every `label="value"` matcher of a PromQL query. */
export function parseQuery(query: string): { metric: string; labels: Record<string, string> } {
  const metric = /([A-Za-z_:][\w:]*)\s*\{/.exec(query)?.[1] ?? /[A-Za-z_:][\w:]*/.exec(query)?.[0] ?? "";
  const labels: Record<string, string> = {};
  for (const match of query.matchAll(/(\w+)\s*=\s*"([^"]*)"/g))
    labels[match[1] as string] = match[2] as string;
  return { metric, labels };
}

function answerQuery(
  response: http.ServerResponse,
  answer: Answer,
  why = "the test made this query fail",
): void {
  if (answer === "error") {
    send(response, 400, JSON.stringify({ status: "error", errorType: "bad_data", error: why }));
    return;
  }
  const result = answer === "no-data" ? [] : [{ metric: {}, value: [Date.now() / 1000, String(answer)] }];
  send(response, 200, JSON.stringify({ status: "success", data: { resultType: "vector", result } }));
}

function send(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": body.startsWith("{") ? "application/json" : "text/plain" });
  response.end(body);
}
