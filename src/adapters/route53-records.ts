// The records of a Route 53 weighted pair: which record sets belong to it (dual-stack: an A pair and an
// AAAA pair under the same set identifiers), the record each side should have, the split they serve and
// how long resolvers may keep them.
//
// TTL: resolvers hold a record for its TTL. An alias record has no TTL of its own: Route 53 answers with
// the target's, 60 s for an Elastic Load Balancer. After a change, clients may hold the OLD records for
// the old TTL and the new ones for the new TTL, so the wait is the larger of the two.
import type { AliasTarget, ResourceRecordSet, RRType } from "@aws-sdk/client-route-53";
import type { Side, Weights } from "../ports/traffic.js";
import { type Route53Target, route53Name } from "./route53-api.js";
import { percentagesOf } from "./traffic-weights.js";

export interface WeightedPair {
  blue?: ResourceRecordSet;
  green?: ResourceRecordSet;
}

export const SIDES = ["blue", "green"] as const;
/** Seconds resolvers keep an alias answer: the target's TTL, 60 s for ELB/ALB/NLB. */
export const ALIAS_TTL_SECONDS = 60;

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

/** The other address family of a dual-stack name: A ↔ AAAA (CNAME has none). */
export function twinType(type: RRType): RRType | undefined {
  return type === "A" ? "AAAA" : type === "AAAA" ? "A" : undefined;
}

/**
 * The types Cutover shifts for `type`: the type itself, plus its twin when the name has a weighted pair of
 * the twin type under the same set identifiers (dual-stack). Shifting only one would leave IPv4 or IPv6
 * clients on the old split.
 */
export function pairTypes(records: ResourceRecordSet[], type: RRType, ids: Record<Side, string>): RRType[] {
  const twin = twinType(type);
  if (!twin) return [type];
  const twinPair = pairOf(
    records.filter((r) => r.Type === twin),
    ids,
  );
  return twinPair.blue || twinPair.green ? [type, twin] : [type];
}

/** Seconds a resolver may keep `record`: its TTL, or the alias target's. */
export function resolverTtl(record: ResourceRecordSet | undefined): number {
  if (!record) return 0;
  if (record.AliasTarget) return ALIAS_TTL_SECONDS;
  return record.TTL ?? 0;
}

/** The longest any resolver may keep one of `records`. */
export function holdSeconds(records: (ResourceRecordSet | undefined)[]): number {
  return Math.max(0, ...records.map(resolverTtl));
}

export interface DesiredInput {
  name: string;
  type: RRType;
  setIdentifier: string;
  weight: number;
  current: ResourceRecordSet | undefined;
  target: Route53Target | undefined;
  /** The TTL to write on plain records (spec `ttl`); default: the current record's, else 60. */
  ttl: number | undefined;
}

/**
 * The record a side should have: its configured target (keeping a health check), else the current record
 * with the new weight; undefined when there is neither (the caller names the missing record).
 */
export function desiredRecord(input: DesiredInput): ResourceRecordSet | undefined {
  const { current, target, weight } = input;
  if (!target) return current && { ...current, Weight: weight };
  const base: ResourceRecordSet = {
    Name: route53Name(input.name),
    Type: input.type,
    SetIdentifier: input.setIdentifier,
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
  const ttl = input.ttl ?? current?.TTL ?? ALIAS_TTL_SECONDS;
  return { ...base, TTL: ttl, ResourceRecords: target.values.map((Value) => ({ Value })) };
}

/** Same record as Route 53 would store it (key order and absent-vs-undefined fields do not matter). */
export function sameRecord(a: ResourceRecordSet | undefined, b: ResourceRecordSet): boolean {
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
