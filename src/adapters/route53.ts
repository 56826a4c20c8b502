// Route 53 traffic provider: Cutover owns a weighted pair for one name and type, one record per side
// (SetIdentifier), alias to each cluster's load balancer or plain values.
//
// Weights: Route 53 takes 0–255 per record and answers in proportion weight / sum. Cutover writes the
// percentage itself (weights out of 100), so the console shows the split as is; the pair is never 0/0
// (Route 53 would then split equally, which readWeights reports as 50/50).
//
// A change is ONE ChangeResourceRecordSets batch with two UPSERTs (transactional: both or neither).
// It is effective when GetChange says INSYNC and then the TTL has passed (alias records have no TTL of
// their own: resolvers use the load balancer's 60 s, hence `ttl` default 60).
import {
  type AliasTarget,
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  type ResourceRecordSet,
  type Route53Client,
  type RRType,
} from "@aws-sdk/client-route-53";
import type { Clock } from "../ports/clock.js";
import {
  type PreflightIssue,
  type Side,
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
  route53Name,
  withRetry,
} from "./route53-api.js";
import { preflightRecords } from "./route53-preflight.js";
import { pollUntil, systemClock, throwIfAborted } from "./traffic-clock.js";
import { assertWeights, formatWeights, percentagesOf, sameWeights } from "./traffic-weights.js";

export type { Route53SideOptions, Route53Target } from "./route53-api.js";

export interface Route53TrafficOptions {
  hostedZoneId: string;
  recordName: string;
  type: RRType;
  /** Seconds: the TTL written on plain records and waited after INSYNC (default: the record's, else 60). */
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
  retry?: Partial<RetryPolicy>;
}

export interface WeightedPair {
  blue?: ResourceRecordSet;
  green?: ResourceRecordSet;
}

const PROVIDER = "route53";
const DEFAULT_TTL_SECONDS = 60;
const SIDES = ["blue", "green"] as const;

/** The records of both sides by SetIdentifier (undefined when missing). */
export function pairOf(records: ResourceRecordSet[], ids: Record<Side, string>): WeightedPair {
  return {
    blue: records.find((r) => r.SetIdentifier === ids.blue),
    green: records.find((r) => r.SetIdentifier === ids.green),
  };
}

/** Percentages Route 53 serves for two record weights: 0/0 is its equal split. */
export function route53Percentages(raw: Weights): Weights {
  return percentagesOf(raw) ?? { blue: 50, green: 50 };
}

/** Percentages in effect for two weighted records (a missing record weighs 0). */
export function pairPercentages(pair: WeightedPair): Weights {
  return route53Percentages({ blue: pair.blue?.Weight ?? 0, green: pair.green?.Weight ?? 0 });
}

export function createRoute53Traffic(options: Route53TrafficOptions): TrafficProvider {
  const clock = options.clock ?? systemClock;
  const api = createRoute53Api(PROVIDER, clock, options);
  const zone = bareZoneId(options.hostedZoneId);
  const ids = { blue: options.blue.setIdentifier, green: options.green.setIdentifier };
  const label = `${options.recordName} ${options.type} in hosted zone ${zone}`;
  /** The change submitted by the last setWeights of this process, polled by waitEffective. */
  let pending: { changeId: string; weights: Weights } | undefined;
  let ttlSeconds = options.ttl ?? DEFAULT_TTL_SECONDS;

  async function readPair(): Promise<WeightedPair> {
    const records = await listRecordSets(api, zone, options.recordName, options.type);
    const pair = pairOf(records, ids);
    const ttls = SIDES.map((side) => pair[side]?.TTL ?? 0);
    if (options.ttl === undefined && Math.max(...ttls) > 0) ttlSeconds = Math.max(...ttls);
    return pair;
  }

  const missing = (side: Side) =>
    new TrafficError(
      PROVIDER,
      `no weighted record with SetIdentifier "${ids[side]}" (${side}) for ${label}; create it or give ${side}.target in the spec`,
    );

  async function readWeights(): Promise<Weights> {
    const pair = await readPair();
    for (const side of SIDES) if (!pair[side]) throw missing(side);
    return pairPercentages(pair);
  }

  /** The record a side should have: its configured target (keeping a health check), else the current record. */
  function desiredRecord(
    side: Side,
    weight: number,
    current: ResourceRecordSet | undefined,
  ): ResourceRecordSet {
    const target = options[side].target;
    if (!target) {
      if (!current) throw missing(side);
      return { ...current, Weight: weight };
    }
    const base: ResourceRecordSet = {
      Name: route53Name(options.recordName),
      Type: options.type,
      SetIdentifier: ids[side],
      Weight: weight,
      ...(current?.HealthCheckId ? { HealthCheckId: current.HealthCheckId } : {}),
    };
    if ("alias" in target) {
      const alias: AliasTarget = {
        DNSName: target.alias.dnsName,
        HostedZoneId: target.alias.hostedZoneId,
        EvaluateTargetHealth: target.alias.evaluateTargetHealth ?? false,
      };
      return { ...base, AliasTarget: alias };
    }
    return { ...base, TTL: ttlSeconds, ResourceRecords: target.values.map((Value) => ({ Value })) };
  }

  async function setWeights(weights: Weights): Promise<void> {
    assertWeights(PROVIDER, weights);
    const current = await readPair();
    const desired = {
      blue: desiredRecord("blue", weights.blue, current.blue),
      green: desiredRecord("green", weights.green, current.green),
    };
    const unchanged = SIDES.every((side) => sameRecord(current[side], desired[side]));
    if (unchanged) return;
    const output = await withRetry(api, `changing ${label} to ${formatWeights(weights)}`, () =>
      api.client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone,
          ChangeBatch: {
            Comment: `cutover: ${formatWeights(weights)}`,
            Changes: SIDES.map((side) => ({ Action: "UPSERT", ResourceRecordSet: desired[side] })),
          },
        }),
      ),
    );
    const changeId = output.ChangeInfo?.Id;
    pending = changeId ? { changeId, weights } : undefined;
  }

  async function waitInSync(changeId: string, signal?: AbortSignal): Promise<void> {
    await pollUntil(
      {
        provider: PROVIDER,
        clock,
        intervalMs: options.pollIntervalMs ?? 3000,
        timeoutMs: options.waitTimeoutMs ?? 600_000,
        signal,
        what: `waiting for Route 53 change ${changeId} to be INSYNC`,
      },
      async () => {
        const out = await withRetry(api, `reading change ${changeId}`, () =>
          api.client.send(new GetChangeCommand({ Id: changeId })),
        );
        const status = out.ChangeInfo?.Status ?? "unknown";
        return status === "INSYNC" ? { done: true } : { lastState: status };
      },
    );
  }

  async function waitEffective(weights: Weights, signal?: AbortSignal): Promise<{ effectiveAt: number }> {
    assertWeights(PROVIDER, weights);
    const inEffect = await readWeights();
    if (!sameWeights(inEffect, weights)) {
      throw new TrafficError(
        PROVIDER,
        `${label} has ${formatWeights(inEffect)}, not ${formatWeights(weights)}: set the weights first`,
      );
    }
    // A change made by an earlier process cannot be polled; its records are already visible, so only the TTL is left.
    if (pending && sameWeights(pending.weights, weights)) await waitInSync(pending.changeId, signal);
    await clock.sleep(ttlSeconds * 1000, signal);
    throwIfAborted(PROVIDER, signal, `waiting ${ttlSeconds} s of TTL for ${label}`);
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
    const records = await listRecordSets(api, zone, options.recordName);
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

/** Same record as Route 53 would store it (key order and absent-vs-undefined fields do not matter). */
function sameRecord(a: ResourceRecordSet | undefined, b: ResourceRecordSet): boolean {
  if (!a) return false;
  const canonical = (r: ResourceRecordSet) =>
    JSON.stringify({
      name: route53Name(r.Name ?? ""),
      type: r.Type,
      id: r.SetIdentifier,
      weight: r.Weight,
      ttl: r.TTL,
      values: r.ResourceRecords?.map((v) => v.Value),
      alias: r.AliasTarget && [
        route53Name(r.AliasTarget.DNSName ?? ""),
        r.AliasTarget.HostedZoneId,
        r.AliasTarget.EvaluateTargetHealth,
      ],
      health: r.HealthCheckId,
    });
  return canonical(a) === canonical(b);
}
