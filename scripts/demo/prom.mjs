// A minimal Prometheus HTTP API client for the stage (the engine uses its own prometheus metric provider).

/** Runs an instant query; resolves to the first sample's value, or null when the result is empty. */
export async function queryValue(address, query) {
  const response = await fetch(`${address}/api/v1/query`, {
    method: "POST",
    body: new URLSearchParams({ query }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = await response.json();
  if (body.status !== "success") throw new Error(`Prometheus ${address} rejected ${query}: ${body.error}`);
  const first = body.data.result[0];
  return first ? Number(first.value[1]) : null;
}

/** Resolves to the number of series the query returns (0 on an empty result). */
export async function countSeries(address, query) {
  const response = await fetch(`${address}/api/v1/query?${new URLSearchParams({ query })}`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = await response.json();
  if (body.status !== "success") throw new Error(`Prometheus ${address} rejected ${query}: ${body.error}`);
  return body.data.result.length;
}
