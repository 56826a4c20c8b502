// Route 53 traffic provider: Cutover owns a weighted pair for one name and type, one record per side
// (SetIdentifier), alias to each cluster's load balancer or plain values. A dual-stack name (weighted A
// and AAAA pairs under the same set identifiers) is shifted as two pairs in the same batch.
//
// Weights: Route 53 takes 0–255 per record and answers in proportion weight / sum. Cutover writes the
// percentage itself (weights out of 100), so the console shows the split as is; the pair is never 0/0
// (Route 53 would then split equally, which readWeights reports as 50/50).
//
// A change is ONE ChangeResourceRecordSets batch of UPSERTs (transactional: all or nothing). It is in
// effect once GetChange says INSYNC (every Route 53 name server answers with it) and then the longest TTL
// a resolver may hold has passed: the larger of the old and new records' TTL, 60 s for an alias to a load
// balancer (route53-records.ts). The change id is returned to be kept in the event log; a later process
// polls it. Without one (the change was found already made after a crash), Route 53's propagation bound
// (60 s) is waited instead of INSYNC.
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  type Route53Client,
  type RRType,
} from "@aws-sdk/client-route-53";
import type { Clock } from "../ports/clock.js";
import {
  type PreflightIssue,
  type Side,
  type TrafficChange,
  TrafficError,
  type TrafficProvider,
  type Weights,
} from "../ports/traffic.js";
import {
  bareZoneId,
  createRoute53Api,
  describeAwsError,
  listRecordSets,
  type RetryPolicy,
  type Route53SideOptions,
  withRetry,
} from "./route53-api.js";
import { preflightRecords } from "./route53-preflight.js";
import {
  desiredRecord,
  holdSeconds,
  pairOf,
  pairPercentages,
  pairTypes,
  SIDES,
  sameRecord,
  type WeightedPair,
} from "./route53-records.js";
import { pollUntil, systemClock, throwIfAborted } from "./traffic-clock.js";
import { assertWeights, formatWeights, sameWeights } from "./traffic-weights.js";

export type { Route53SideOptions, Route53Target } from "./route53-api.js";
export {
  pairOf,
  pairPercentages,
  route53Percentages,
  type WeightedPair,
} from "./route53-records.js";

export interface Route53TrafficOptions {
  hostedZoneId: string;
  recordName: string;
  type: RRType;
  /** Seconds: the TTL written on plain records with `values` targets (default: the record's, else 60). */
  ttl?: number;
  blue: Route53SideOptions;
  green: Route53SideOptions;
  /** Default us-east-1 (Route 53 is global). Credentials come from the SDK's default chain. */
  region?: string;
  /** A Route 53-compatible endpoint (tests, LocalStack). */
  endpoint?: string;
  client?: Route53Client;
  clock?: Clock;
  /** GetChange poll interval (default 3000 ms) and give-up time (default 10 min). */
  pollIntervalMs?: number;
  waitTimeoutMs?: number;
  /** Waited instead of INSYNC when the change id is unknown (default 60 s, Route 53's propagation bound). */
  propagationSeconds?: number;
  retry?: Partial<RetryPolicy>;
}

const PROVIDER = "route53";
/** Route 53: changes generally reach all its name servers within 60 seconds. */
const PROPAGATION_SECONDS = 60;

/** The pairs of the name: one per shifted type (A, or A and AAAA for a dual-stack name). */
type Pairs = { type: RRType; pair: WeightedPair }[];

export function createRoute53Traffic(options: Route53TrafficOptions): TrafficProvider {
  const clock = options.clock ?? systemClock;
  const api = createRoute53Api(PROVIDER, clock, options);
  const zone = bareZoneId(options.hostedZoneId);
  const ids = { blue: options.blue.setIdentifier, green: options.green.setIdentifier };
  const label = `${options.recordName} ${options.type} in hosted zone ${zone}`;
  /** The change submitted by the last setWeights of this process (used when none is passed in). */
  let pending: (TrafficChange & { weights: Weights }) | undefined;

  /** Every record set of the name (all types: a dual-stack twin is found with them). */
  const readRecords = () => listRecordSets(api, zone, options.recordName);

  async function readPairs(): Promise<Pairs> {
    const records = await readRecords();
    return pairTypes(records, options.type, ids).map((type) => ({
      type,
      pair: pairOf(
        records.filter((r) => r.Type === type),
        ids,
      ),
    }));
  }

  const missing = (side: Side, type: RRType) =>
    new TrafficError(
      PROVIDER,
      `no weighted record with SetIdentifier "${ids[side]}" (${side}) for ${options.recordName} ${type} in hosted zone ${zone}; create it or give ${side}.target in the spec`,
    );

  /** The split served; a dual-stack name must serve the same one over A and AAAA. */
  async function readWeights(): Promise<Weights> {
    const pairs = await readPairs();
    for (const { type, pair } of pairs) for (const side of SIDES) if (!pair[side]) throw missing(side, type);
    const splits = pairs.map(({ type, pair }) => ({ type, weights: pairPercentages(pair) }));
    const [first, ...rest] = splits;
    const other = rest.find((split) => first && !sameWeights(split.weights, first.weights));
    if (first && other) {
      throw new TrafficError(
        PROVIDER,
        `${options.recordName} serves ${formatWeights(first.weights)} over ${first.type} but ${formatWeights(other.weights)} over ${other.type}; set both pairs to the same weights (e.g. cutover migrate rollback)`,
      );
    }
    return first?.weights ?? { blue: 50, green: 50 };
  }

  /** The records of `pairs` at `weights`; alias targets also serve the twin type (dual-stack ALBs). */
  function desiredPairs(pairs: Pairs, weights: Weights) {
    return pairs.map(({ type, pair }) => {
      const records = SIDES.map((side) => {
        const target = options[side].target;
        const record = desiredRecord({
          name: options.recordName,
          type,
          setIdentifier: ids[side],
          weight: weights[side],
          current: pair[side],
          target: type === options.type || (target && "alias" in target) ? target : undefined,
          ttl: options.ttl,
        });
        if (!record) throw missing(side, type);
        return { current: pair[side], record };
      });
      return records;
    });
  }

  async function setWeights(weights: Weights): Promise<TrafficChange | undefined> {
    assertWeights(PROVIDER, weights);
    const rows = desiredPairs(await readPairs(), weights).flat();
    if (rows.every(({ current, record }) => sameRecord(current, record))) return undefined;
    const output = await withRetry(api, `changing ${label} to ${formatWeights(weights)}`, () =>
      api.client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone,
          ChangeBatch: {
            Comment: `cutover: ${formatWeights(weights)}`,
            Changes: rows.map(({ record }) => ({ Action: "UPSERT", ResourceRecordSet: record })),
          },
        }),
      ),
    );
    const id = output.ChangeInfo?.Id;
    if (!id) return undefined;
    const change = { id, holdSeconds: holdSeconds(rows.flatMap((row) => [row.current, row.record])) };
    pending = { ...change, weights };
    return change;
  }

  /** Polls GetChange until INSYNC; false when Route 53 no longer knows the change. */
  async function waitInSync(changeId: string, signal?: AbortSignal): Promise<boolean> {
    return pollUntil<boolean>(
      {
        provider: PROVIDER,
        clock,
        intervalMs: options.pollIntervalMs ?? 3000,
        timeoutMs: options.waitTimeoutMs ?? 600_000,
        signal,
        what: `waiting for Route 53 change ${changeId} to be INSYNC`,
      },
      async () => {
        try {
          const out = await withRetry(api, `reading change ${changeId}`, () =>
            api.client.send(new GetChangeCommand({ Id: changeId })),
          );
          const status = out.ChangeInfo?.Status ?? "unknown";
          return status === "INSYNC" ? { done: true } : { lastState: status };
        } catch (error) {
          if (/NoSuchChange/.test((error as Error).message)) return { done: false };
          throw error;
        }
      },
    );
  }

  async function sleepSeconds(seconds: number, what: string, signal?: AbortSignal): Promise<void> {
    await clock.sleep(seconds * 1000, signal);
    throwIfAborted(PROVIDER, signal, `waiting ${seconds} s ${what} for ${label}`);
  }

  async function waitEffective(
    weights: Weights,
    signal?: AbortSignal,
    given?: TrafficChange,
  ): Promise<{ effectiveAt: number }> {
    assertWeights(PROVIDER, weights);
    const inEffect = await readWeights();
    if (!sameWeights(inEffect, weights)) {
      throw new TrafficError(
        PROVIDER,
        `${label} has ${formatWeights(inEffect)}, not ${formatWeights(weights)}: set the weights first`,
      );
    }
    const change = given ?? (pending && sameWeights(pending.weights, weights) ? pending : undefined);
    const known = change ? await waitInSync(change.id, signal) : false;
    // A change whose id is unknown (made before a crash) or forgotten by Route 53 may still be spreading.
    if (!known)
      await sleepSeconds(options.propagationSeconds ?? PROPAGATION_SECONDS, "of propagation", signal);
    const current = (await readPairs()).flatMap(({ pair }) => [pair.blue, pair.green]);
    const ttl = Math.max(change?.holdSeconds ?? 0, holdSeconds(current));
    await sleepSeconds(ttl, "of TTL", signal);
    return { effectiveAt: clock.now() };
  }

  async function preflight(): Promise<PreflightIssue[]> {
    const issues: PreflightIssue[] = [];
    if (ids.blue === ids.green) {
      issues.push({
        provider: PROVIDER,
        message: `blue and green share the SetIdentifier "${ids.blue}"`,
        fix: "give each side its own setIdentifier",
      });
    }
    let zoneName: string;
    try {
      const out = await withRetry(api, `reading hosted zone ${zone}`, () =>
        api.client.send(new GetHostedZoneCommand({ Id: zone })),
      );
      zoneName = out.HostedZone?.Name ?? "";
    } catch (error) {
      const message = error instanceof TrafficError ? error.message : describeAwsError(error);
      return [
        ...issues,
        {
          provider: PROVIDER,
          message: `hosted zone ${zone} is not reachable: ${message}`,
          fix: "check hostedZoneId, the AWS credentials and their Route 53 permissions",
        },
      ];
    }
    const records = await readRecords();
    return [...issues, ...preflightRecords({ provider: PROVIDER, options, zoneName, records })];
  }

  return {
    name: PROVIDER,
    describe: () =>
      `route53 ${zone} ${options.recordName} ${options.type}, weighted pair ${ids.blue} (blue) / ${ids.green} (green), one UPSERT batch per change`,
    preflight,
    readWeights,
    setWeights,
    waitEffective,
  };
}
