// GET requests to a cluster's API server as JSON. client-node applies the kubeconfig's auth and TLS
// (tokens, client certificates, exec plugins such as `aws eks get-token`, CA data, proxies); we only
// build the URL and read the body. Errors name the path and the status, never a credential.
import http from "node:http";
import https from "node:https";
import { createGunzip } from "node:zlib";
import { CutoverError, messageOf } from "../core/errors.js";
import type { LoadedKubeConfig } from "./kubeconfig.js";

export interface ClusterClient {
  readonly context: string;
  /** Server URL without credentials. */
  readonly server: string;
  getJson(path: string, query?: Record<string, string | undefined>): Promise<unknown>;
}

/** A request that got an error status (or no response: status 0). */
export class ClusterRequestError extends CutoverError {
  override name = "ClusterRequestError";
  constructor(
    readonly status: number,
    readonly path: string,
    /** The server's own explanation (its Status message) or the network error. */
    readonly reason: string,
    /** On 410 Gone for an expired continue token, the server's fresh token for an inconsistent continuation. */
    readonly freshContinue?: string,
  ) {
    super(`GET ${path}: ${status === 0 ? reason : `${status} ${reason}`}`);
  }
}

export interface ClusterClientOptions {
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
}

export function clusterClient(loaded: LoadedKubeConfig, options: ClusterClientOptions = {}): ClusterClient {
  const { kc, context } = loaded;
  const base = kc.getCurrentCluster()?.server.replace(/\/+$/, "") ?? "";
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    context,
    server: loaded.server,
    async getJson(path, query = {}) {
      const url = new URL(base + path);
      for (const [key, value] of Object.entries(query))
        if (value !== undefined) url.searchParams.set(key, value);
      const requestOptions: https.RequestOptions = {
        method: "GET",
        headers: { Accept: "application/json", "Accept-Encoding": "gzip", "User-Agent": "cutover" },
      };
      try {
        await kc.applyToHTTPSOptions(requestOptions);
      } catch (error) {
        throw new ClusterRequestError(
          0,
          path,
          `cannot authenticate to ${loaded.server}: ${messageOf(error)}`,
        );
      }
      return send(url, path, requestOptions, timeoutMs, loaded.server);
    },
  };
}

function send(url: URL, path: string, options: https.RequestOptions, timeoutMs: number, server: string) {
  const transport = url.protocol === "http:" ? http : https;
  return new Promise<unknown>((resolve, reject) => {
    const request = transport.request(url, options, (response) => {
      const body = response.headers["content-encoding"] === "gzip" ? response.pipe(createGunzip()) : response;
      const chunks: Buffer[] = [];
      body.on("data", (chunk: Buffer) => chunks.push(chunk));
      body.on("error", (error) =>
        reject(new ClusterRequestError(0, path, `reading the response: ${error.message}`)),
      );
      body.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) reject(statusError(status, path, text));
        else parseBody(text, path, status).then(resolve, reject);
      });
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on("error", (error: NodeJS.ErrnoException) => {
      const cause = error.code ? `${error.code} (${error.message})` : error.message;
      reject(new ClusterRequestError(0, path, `cannot reach ${server}: ${cause}`));
    });
    request.end();
  });
}

async function parseBody(text: string, path: string, status: number): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    throw new ClusterRequestError(
      status,
      path,
      "the answer is not JSON (is the server a Kubernetes API server?)",
    );
  }
}

/** Builds the error from a Kubernetes Status body when there is one, else from the status line. */
function statusError(status: number, path: string, text: string): ClusterRequestError {
  let message = text.trim().slice(0, 200) || http.STATUS_CODES[status] || "error";
  let freshContinue: string | undefined;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; metadata?: { continue?: unknown } };
    if (typeof parsed.message === "string") message = parsed.message;
    if (typeof parsed.metadata?.continue === "string" && parsed.metadata.continue) {
      freshContinue = parsed.metadata.continue;
    }
  } catch {
    // Not a Status object: keep the start of the body.
  }
  return new ClusterRequestError(status, path, message, freshContinue);
}
