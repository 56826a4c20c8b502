// Which phases a spec goes through, and the times the spec implies (drain wait).
import { durationMs } from "./duration.js";
import type { MigrationBody } from "./spec.js";
import { PHASES, type Phase } from "./state.js";

/** Established connections (keep-alive, HTTP/2, gRPC) stay on blue regardless of DNS: allow them this long. */
export const CONNECTION_HORIZON_MS = 5 * 60_000;
/** ExternalDNS's default TTL for records it writes (alias records use the load balancer's 60 s). */
const EXTERNALDNS_DEFAULT_TTL_S = 300;
/** Route 53 alias records have no TTL of their own; for load balancers resolvers see 60 s. */
const ALIAS_TTL_S = 60;

/** Whether the spec goes through `phase` (optional phases are those with a hook, checks or a duration). */
function phaseApplies(body: MigrationBody, phase: Phase): boolean {
  switch (phase) {
    case "provision":
      return body.hooks?.provision !== undefined;
    case "bootstrap":
      return body.hooks?.bootstrap !== undefined;
    case "smoke":
      return body.smoke.length > 0;
    case "final-bake":
      return durationMs(body.finalBake) > 0;
    case "frozen":
      return body.freeze !== undefined;
    case "decommissioning":
      return body.decommission !== undefined;
    case "rolling-back":
    case "rolled-back":
    case "aborted":
      return false;
    default:
      return true;
  }
}

/** The next phase of progress after `phase` ("completed" after the last one). */
export function phaseAfter(body: MigrationBody, phase: Phase): Phase {
  const order = PHASES.slice(0, PHASES.indexOf("completed") + 1);
  const next = order.slice(order.indexOf(phase) + 1).find((candidate) => phaseApplies(body, candidate));
  return next ?? "completed";
}

/** The DNS TTL clients may cache the old answer for, in ms (0 for a proxy such as HAProxy). */
function trafficTtlMs(body: MigrationBody): number {
  const traffic = body.traffic;
  switch (traffic.provider) {
    case "route53": {
      const alias = traffic.route53.blue.alias !== undefined || traffic.route53.green.alias !== undefined;
      // Without a spec ttl the records keep their own, unknown here: set drain.wait for long TTLs.
      return (alias ? ALIAS_TTL_S : (traffic.route53.ttl ?? ALIAS_TTL_S)) * 1000;
    }
    case "externaldns":
      return EXTERNALDNS_DEFAULT_TTL_S * 1000;
    case "haproxy":
      return 0;
  }
}

/** How long blue is drained once its weight is 0: spec.drain.wait, or the TTL plus the connection horizon. */
export function drainWaitMs(body: MigrationBody): number {
  return body.drain.wait !== undefined
    ? durationMs(body.drain.wait)
    : trafficTtlMs(body) + CONNECTION_HORIZON_MS;
}
