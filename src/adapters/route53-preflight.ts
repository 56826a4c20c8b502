// Route 53 preconditions for a weighted pair, checked on the record sets of the name (all types), before
// any change. Each rule is one Route 53 fact (see the reference's §7): a weighted group is one name and
// one type, all of it weighted, weights 0–255, and 0/0 splits equally.
import type { ResourceRecordSet, RRType } from "@aws-sdk/client-route-53";
import type { PreflightIssue, Side } from "../ports/traffic.js";
import { type Route53SideOptions, route53Name } from "./route53-api.js";
import { pairOf, twinType } from "./route53-records.js";

export interface RecordsPreflightInput {
  provider: string;
  /** The weighted pair as the spec names it (route53.ts's options). */
  options: {
    recordName: string;
    type: RRType;
    blue: Route53SideOptions;
    green: Route53SideOptions;
  };
  /** The hosted zone's name, e.g. `example.com.` (empty when unknown). */
  zoneName: string;
  /** Every record set named recordName, of any type. */
  records: ResourceRecordSet[];
}

const MAX_WEIGHT = 255;

export function preflightRecords(input: RecordsPreflightInput): PreflightIssue[] {
  const { provider, options, zoneName, records } = input;
  const issues: PreflightIssue[] = [];
  const issue = (message: string, fix: string) => issues.push({ provider, message, fix });
  const name = route53Name(options.recordName);
  const { type } = options;
  const ids: Record<Side, string> = { blue: options.blue.setIdentifier, green: options.green.setIdentifier };
  const describe = (r: ResourceRecordSet) => `${r.Type}${r.SetIdentifier ? ` "${r.SetIdentifier}"` : ""}`;

  if (zoneName && name !== route53Name(zoneName) && !name.endsWith(`.${route53Name(zoneName)}`)) {
    issue(
      `${options.recordName} is not inside hosted zone ${zoneName}`,
      "use the hosted zone that holds the name",
    );
  }
  for (const r of records.filter((r) => r.Type !== type && (r.Type === "CNAME" || type === "CNAME"))) {
    issue(
      `${name} already has a ${describe(r)} record, which cannot coexist with ${type} records`,
      `delete it or use type ${r.Type}`,
    );
  }
  const group = records.filter((r) => r.Type === type);
  if (group.some((r) => !r.SetIdentifier)) {
    issue(
      `${name} has a simple (non-weighted) ${type} record: Route 53 cannot mix it with weighted records`,
      "delete it in the same change that creates the weighted pair (see the docs' cutover runbook)",
    );
  }
  for (const r of group.filter((r) => r.SetIdentifier && r.Weight === undefined)) {
    issue(
      `${name} ${describe(r)} uses another routing policy (failover, latency, geolocation…); one name and type takes one policy`,
      "remove it or use another record name",
    );
  }
  for (const r of group.filter(
    (r) => r.Weight !== undefined && !Object.values(ids).includes(r.SetIdentifier ?? ""),
  )) {
    issue(
      `another weighted record ${describe(r)} (weight ${r.Weight}) shares ${name} ${type} and would take a share of the traffic`,
      "delete it or set blue/green to its SetIdentifier",
    );
  }
  const own = {
    blue: group.find((r) => r.SetIdentifier === ids.blue),
    green: group.find((r) => r.SetIdentifier === ids.green),
  };
  // A dual-stack name (A and AAAA pairs under the same identifiers) is shifted as both pairs; only half
  // a twin pair would leave one address family with a record Cutover cannot weigh.
  const twin = twinType(type);
  const twinPair = pairOf(
    records.filter((r) => r.Type === twin),
    ids,
  );
  for (const side of ["blue", "green"] as const) {
    const other = side === "blue" ? "green" : "blue";
    if (twin && twinPair[other] && !twinPair[side]) {
      issue(
        `${name} is dual-stack (${type} and ${twin}) but has no weighted ${twin} record "${ids[side]}" (${side}); both address families are shifted together`,
        `create the ${side} ${twin} record, or delete the ${other} one`,
      );
    }
  }
  for (const side of ["blue", "green"] as const) {
    const otherType = records.find(
      (r) => r.SetIdentifier === ids[side] && r.Type !== type && r.Type !== twin,
    );
    if (otherType) {
      issue(
        `the ${side} record "${ids[side]}" is ${otherType.Type}, not ${type}: both records of the pair need the same type`,
        `set type ${otherType.Type} in the spec or recreate the record as ${type}`,
      );
    }
    const record = own[side];
    if (!record && !options[side].target && !otherType) {
      issue(
        `no weighted ${type} record "${ids[side]}" (${side}) for ${name}`,
        `create it, or give ${side}.target so Cutover creates it`,
      );
    }
    const weight = record?.Weight;
    if (weight !== undefined && (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT)) {
      issue(
        `the ${side} record "${ids[side]}" has weight ${weight}, outside 0–${MAX_WEIGHT}`,
        "set a weight between 0 and 255",
      );
    }
    const target = options[side].target;
    if (target && "values" in target && target.values.length === 0) {
      issue(
        `${side}.target.values is empty`,
        "give at least one value (an IP address or, for CNAME, a host name)",
      );
    }
  }
  if (own.blue?.Weight === 0 && own.green?.Weight === 0) {
    issue(
      `both records of ${name} have weight 0, so Route 53 splits traffic equally between them`,
      "set blue to 100 (e.g. cutover migrate rollback) before starting",
    );
  }
  return issues;
}
