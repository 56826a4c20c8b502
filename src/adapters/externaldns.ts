// ExternalDNS traffic provider, the EKS Blueprints way: each cluster's ExternalDNS publishes one weighted
// Route 53 record from its Ingress/Service annotations (`<prefix>set-identifier`, `<prefix>aws-weight`);
// Cutover patches the weight annotation in each cluster and reads Route 53 back until both rows carry it,
// then waits Route 53's propagation bound (ExternalDNS's change id is unknown, so INSYNC cannot be polled)
// and the TTL.
//
// Not atomic: two clusters, two patches, two ExternalDNS loops. The side that gains weight is patched
// first, so capacity is added before it is taken away and the pair never passes through 0/0.
// Weights: the annotation holds the percentage itself (Route 53 weights out of 100). ExternalDNS reads a
// weight it cannot parse as 0, and so does readWeights; 0/0 is Route 53's equal split (50/50).
// Prefixes: `external-dns.alpha.kubernetes.io/` (before v0.22) and `external-dns.kubernetes.io/` (v0.22
// default); without `annotationPrefix`, the one carrying the set-identifier on the object is used.
import { GetHostedZoneCommand, type Route53Client, type RRType } from "@aws-sdk/client-route-53";
import type { Clock } from "../ports/clock.js";
import {
  type PreflightIssue,
  type Side,
  TrafficError,
  type TrafficProvider,
  type Weights,
} from "../ports/traffic.js";
import { annotatedObject, describeTarget, type KubeTarget } from "./externaldns-kube.js";
import { externalDnsWeight, weightAnnotationProblem } from "./externaldns-weight.js";
import { bareZoneId, createRoute53Api, listRecordSets, type RetryPolicy, withRetry } from "./route53-api.js";
import { holdSeconds, pairOf, route53Percentages, type WeightedPair } from "./route53-records.js";
import { pollUntil, systemClock, throwIfAborted } from "./traffic-clock.js";
import { assertWeights, formatWeights, gainingSideFirst, sameWeights } from "./traffic-weights.js";

export { externalDnsWeight, weightAnnotationProblem } from "./externaldns-weight.js";

export const ANNOTATION_PREFIXES = [
  "external-dns.alpha.kubernetes.io/",
  "external-dns.kubernetes.io/",
] as const;

export interface ExternalDnsSideOptions {
  kube: KubeTarget;
  /** Must equal the object's `<prefix>set-identifier` (EKS Blueprints: the cluster name). */
  setIdentifier: string;
}

/** Where ExternalDNS publishes: read back to confirm a change (never written by Cutover). */
export interface ExternalDnsRoute53Options {
  hostedZoneId: string;
  recordName: string;
  type: RRType;
  /** Seconds of TTL at least waited once Route 53 carries the weights (the records' own, 60 for alias, if longer). */
  ttl?: number;
  /**
   * Seconds waited once the rows carry the weights, before the TTL: ExternalDNS's change id is not known to
   * Cutover, so INSYNC cannot be polled; Route 53 propagates a change to all its name servers within 60 s
   * (default 60).
   */
  propagationSeconds?: number;
  region?: string;
  endpoint?: string;
  client?: Route53Client;
  retry?: Partial<RetryPolicy>;
}

export interface ExternalDnsTrafficOptions {
  annotationPrefix?: string;
  blue: ExternalDnsSideOptions;
  green: ExternalDnsSideOptions;
  route53: ExternalDnsRoute53Options;
  clock?: Clock;
  /** Route 53 read-back interval (default 5000 ms) and give-up time (default 10 min: ExternalDNS loops every minute). */
  pollIntervalMs?: number;
  waitTimeoutMs?: number;
}

interface SideState {
  prefix: string;
  /** The annotation text and the weight ExternalDNS makes of it. */
  weightText: string;
  weight: number;
}

const PROVIDER = "externaldns";
const SIDES = ["blue", "green"] as const;
/** Route 53: changes generally reach all its name servers within 60 seconds. */
const PROPAGATION_SECONDS = 60;

export function createExternalDnsTraffic(options: ExternalDnsTrafficOptions): TrafficProvider {
  const clock = options.clock ?? systemClock;
  const r53 = options.route53;
  const api = createRoute53Api(PROVIDER, clock, r53);
  const zone = bareZoneId(r53.hostedZoneId);
  const objects = { blue: annotatedObject(options.blue.kube), green: annotatedObject(options.green.kube) };
  const ids = { blue: options.blue.setIdentifier, green: options.green.setIdentifier };
  const rowsLabel = `${r53.recordName} ${r53.type} in hosted zone ${zone}`;

  async function readSide(side: Side): Promise<SideState> {
    const annotations = await kube(() => objects[side].readAnnotations());
    const where = objects[side].label;
    const prefix = options.annotationPrefix ?? detectPrefix(annotations, where);
    const identifier = annotations[`${prefix}set-identifier`];
    if (identifier !== ids[side]) {
      const found = identifier === undefined ? "is missing" : `is "${identifier}"`;
      throw new TrafficError(
        PROVIDER,
        `${prefix}set-identifier on ${where} ${found}, expected "${ids[side]}" (${side}); fix the spec or the annotation`,
      );
    }
    const weightText = annotations[`${prefix}aws-weight`];
    if (weightText === undefined) {
      throw new TrafficError(
        PROVIDER,
        `${where} has no ${prefix}aws-weight annotation, so ExternalDNS publishes no weighted record; add it (e.g. "0")`,
      );
    }
    return { prefix, weightText, weight: externalDnsWeight(weightText) };
  }

  const readBoth = async () => ({ blue: await readSide("blue"), green: await readSide("green") });
  const rawOf = (state: Record<Side, SideState>): Weights => ({
    blue: state.blue.weight,
    green: state.green.weight,
  });

  async function readWeights(): Promise<Weights> {
    return route53Percentages(rawOf(await readBoth()));
  }

  async function setWeights(weights: Weights): Promise<undefined> {
    assertWeights(PROVIDER, weights);
    const state = await readBoth();
    const done: string[] = [];
    for (const side of gainingSideFirst(rawOf(state), weights)) {
      if (state[side].weightText === String(weights[side])) continue;
      const key = `${state[side].prefix}aws-weight`;
      try {
        await kube(() => objects[side].patchAnnotations({ [key]: String(weights[side]) }));
      } catch (error) {
        const partial =
          done.length > 0
            ? ` after ${done.join(" and ")} (the change is half made; retry: setWeights is idempotent)`
            : "";
        throw new TrafficError(
          PROVIDER,
          `${(error as Error).message.replace(/^externaldns: /, "")}${partial}`,
        );
      }
      done.push(`${side} was set to ${weights[side]}`);
    }
  }

  async function readRows(): Promise<WeightedPair> {
    return pairOf(await listRecordSets(api, zone, r53.recordName, r53.type), ids);
  }

  async function waitEffective(weights: Weights, signal?: AbortSignal): Promise<{ effectiveAt: number }> {
    assertWeights(PROVIDER, weights);
    const state = await readBoth();
    const annotated = route53Percentages(rawOf(state));
    if (!sameWeights(annotated, weights)) {
      throw new TrafficError(
        PROVIDER,
        `the annotations say ${formatWeights(annotated)}, not ${formatWeights(weights)}: set the weights first`,
      );
    }
    const rows = await pollUntil<WeightedPair>(
      {
        provider: PROVIDER,
        clock,
        intervalMs: options.pollIntervalMs ?? 5000,
        timeoutMs: options.waitTimeoutMs ?? 600_000,
        signal,
        what: `waiting for ExternalDNS to publish ${formatWeights(weights)} to ${rowsLabel}`,
      },
      async () => {
        const pair = await readRows();
        const carried = SIDES.every((side) => pair[side]?.Weight === state[side].weight);
        return carried ? { done: pair } : { lastState: describeRows(pair, ids) };
      },
    );
    // Visible in ListResourceRecordSets is not yet served by every Route 53 name server (INSYNC).
    const propagation = r53.propagationSeconds ?? PROPAGATION_SECONDS;
    await clock.sleep(propagation * 1000, signal);
    throwIfAborted(PROVIDER, signal, `waiting ${propagation} s of propagation for ${rowsLabel}`);
    // Resolvers hold the old rows and the new ones for their TTL (alias: the load balancer's 60 s).
    const seconds = Math.max(r53.ttl ?? 0, holdSeconds([rows.blue, rows.green]));
    await clock.sleep(seconds * 1000, signal);
    throwIfAborted(PROVIDER, signal, `waiting ${seconds} s of TTL for ${rowsLabel}`);
    return { effectiveAt: clock.now() };
  }

  async function preflight(): Promise<PreflightIssue[]> {
    const issues: PreflightIssue[] = [];
    const issue = (message: string, fix: string) => issues.push({ provider: PROVIDER, message, fix });
    if (ids.blue === ids.green)
      issue(
        `blue and green share the set identifier "${ids.blue}"`,
        "give each cluster its own set-identifier (EKS Blueprints: the cluster name)",
      );
    const state: Partial<Record<Side, SideState>> = {};
    for (const side of SIDES) {
      try {
        state[side] = await readSide(side);
      } catch (error) {
        issue(
          (error as Error).message.replace(/^externaldns: /, ""),
          `make ${describeTarget(options[side].kube)} readable and annotated`,
        );
      }
    }
    for (const side of SIDES) {
      const text = state[side]?.weightText;
      const problem = text === undefined ? null : weightAnnotationProblem(text);
      if (problem)
        issue(
          `the ${side} weight annotation ${state[side]?.prefix}aws-weight on ${objects[side].label} ${problem}`,
          'write the weight as plain digits from 0 to 255, e.g. "50"',
        );
    }
    const { blue, green } = state;
    if (blue?.weight === 0 && green?.weight === 0)
      issue(
        "both weight annotations are 0, so Route 53 splits traffic equally",
        "set blue's weight to 100 first",
      );
    try {
      await withRetry(api, `reading hosted zone ${zone}`, () =>
        api.client.send(new GetHostedZoneCommand({ Id: zone })),
      );
      const rows = await readRows();
      for (const side of SIDES) rowIssues(side, rows, state[side], issue);
    } catch (error) {
      issue(
        (error as Error).message.replace(/^externaldns: /, ""),
        "check route53.hostedZoneId, the AWS credentials and their Route 53 read permissions",
      );
    }
    return issues;
  }

  function rowIssues(
    side: Side,
    rows: WeightedPair,
    state: SideState | undefined,
    issue: (m: string, f: string) => void,
  ): void {
    const row = rows[side];
    if (!row) {
      issue(
        `Route 53 has no ${r53.type} record "${ids[side]}" (${side}) for ${r53.recordName}: ExternalDNS has not published it`,
        `check ExternalDNS in ${options[side].kube.context ?? "that cluster"}: a distinct --txt-owner-id, --annotation-prefix matching ${state?.prefix ?? "the annotations"}, a domain filter covering the name`,
      );
    } else if (state && row.Weight !== state.weight) {
      issue(
        `Route 53 has weight ${row.Weight} for "${ids[side]}" (${side}) but the annotation says ${state.weightText}: ExternalDNS is not syncing it`,
        "check ExternalDNS's logs, its --policy (sync or upsert-only) and --annotation-prefix",
      );
    }
  }

  return {
    name: PROVIDER,
    describe: () =>
      `externaldns: ${describeTarget(options.blue.kube)} (blue, "${ids.blue}") and ${describeTarget(options.green.kube)} (green, "${ids.green}"); ` +
      `two changes, one per cluster, the gaining side first (not one atomic batch); confirmed in Route 53 ${rowsLabel}`,
    preflight,
    readWeights,
    setWeights,
    waitEffective,
  };
}

function detectPrefix(annotations: Record<string, string>, where: string): string {
  const found = ANNOTATION_PREFIXES.filter((prefix) => `${prefix}set-identifier` in annotations);
  if (found.length === 1 && found[0]) return found[0];
  const problem =
    found.length === 0
      ? "has no set-identifier annotation under either prefix"
      : "has set-identifier annotations under both prefixes";
  throw new TrafficError(
    PROVIDER,
    `${where} ${problem} (${ANNOTATION_PREFIXES.join(", ")}); set annotationPrefix to the --annotation-prefix of its ExternalDNS`,
  );
}

function describeRows(pair: WeightedPair, ids: Record<Side, string>): string {
  return SIDES.map((side) => `${ids[side]}=${pair[side]?.Weight ?? "missing"}`).join(", ");
}

/** Kubernetes failures become TrafficErrors with their message (object, context, cause). */
async function kube<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TrafficError) throw error;
    throw new TrafficError(PROVIDER, (error as Error).message);
  }
}
