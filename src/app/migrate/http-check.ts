// One HTTP GET with an optional Host header, for smoke tests and readiness checks. node:http/https rather
// than fetch: fetch forbids setting Host. For https the Host also names the TLS server (SNI).
import http from "node:http";
import https from "node:https";

export interface HttpAnswer {
  status: number | null;
  latencyMs: number;
  /** Why no status came back (refused, timeout, TLS…). */
  error?: string;
}

export async function httpGet(
  url: string,
  options: { host?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  const started = performance.now();
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise<HttpAnswer>((resolve) => {
    const request = client.request(
      target,
      {
        method: "GET",
        headers: options.host ? { host: options.host } : {},
        ...(options.host && target.protocol === "https:" && { servername: options.host }),
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        response.on("end", () =>
          resolve({ status: response.statusCode ?? null, latencyMs: performance.now() - started }),
        );
        response.on("error", (error) =>
          resolve({ status: null, latencyMs: performance.now() - started, error: error.message }),
        );
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on("error", (error) =>
      resolve({ status: null, latencyMs: performance.now() - started, error: error.message }),
    );
    request.end();
  });
}
