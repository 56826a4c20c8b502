import type { ApiLifecycle } from "../knowledge.js";

/** Finds the lifecycle entry of an apiVersion/kind: an exact kind wins over a "*" entry of the same apiVersion. */
export interface ApiIndex {
  lookup(apiVersion: string, kind: string): ApiLifecycle | undefined;
}

export function indexApis(apis: readonly ApiLifecycle[]): ApiIndex {
  const byKey = new Map<string, ApiLifecycle>();
  for (const api of apis) byKey.set(keyOf(api.apiVersion, api.kind), api);
  return {
    lookup: (apiVersion, kind) => byKey.get(keyOf(apiVersion, kind)) ?? byKey.get(keyOf(apiVersion, "*")),
  };
}

function keyOf(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}
