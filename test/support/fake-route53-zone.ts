// The records of the fake Route 53 (test/support/fake-route53.ts): its XML in and out, and ChangeBatch
// validation as Route 53 does it — the whole batch or nothing, CREATE of an existing and DELETE of a
// missing or different record refused, weights 0–255, an alias has no TTL and a plain record needs one,
// A values IPv4 and AAAA values IPv6, one routing policy per name and type, CNAME alone at its name,
// one change per record per batch, and an alias needs its target to exist.
import { isIPv4, isIPv6 } from "node:net";

export interface FakeRecord {
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  ttl?: number;
  values?: string[];
  alias?: { dnsName: string; hostedZoneId: string; evaluateTargetHealth: boolean };
}

export interface FakeZone {
  id: string;
  name: string;
  records: FakeRecord[];
}

/** Alias targets outside the fake's zones (load balancers): `dnsName` in canonical zone `hostedZoneId`. */
export interface ExternalAliasTarget {
  dnsName: string;
  hostedZoneId: string;
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
const tag = (xml: string, name: string) => {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? unescapeXml(match[1] ?? "") : undefined;
};
const all = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, "g"))].map((m) => m[1] ?? "");

export { escapeXml };

const fqdn = (name: string) => name.toLowerCase().replace(/\.?$/, ".");
export const sortKey = (r: FakeRecord) => [r.name, r.type, r.setIdentifier ?? ""].join("\u0000");

export function listXml(
  xmlns: string,
  records: FakeRecord[],
  query: URLSearchParams,
  pageSize: number,
): string {
  const max = Math.min(pageSize, Number(query.get("maxitems") ?? pageSize));
  const start = [query.get("name") ?? "", query.get("type") ?? "", query.get("identifier") ?? ""].join(
    "\u0000",
  );
  const sorted = [...records].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const from = sorted.filter((r) => sortKey(r) >= start);
  const page = from.slice(0, max);
  const next = from[max];
  const nextXml = next
    ? `<NextRecordName>${next.name}</NextRecordName><NextRecordType>${next.type}</NextRecordType>${next.setIdentifier ? `<NextRecordIdentifier>${next.setIdentifier}</NextRecordIdentifier>` : ""}`
    : "";
  return `<ListResourceRecordSetsResponse xmlns="${xmlns}"><ResourceRecordSets>${page.map(recordXml).join("")}</ResourceRecordSets><IsTruncated>${next ? "true" : "false"}</IsTruncated>${nextXml}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`;
}

function recordXml(r: FakeRecord): string {
  const parts = [`<Name>${escapeXml(r.name)}</Name><Type>${r.type}</Type>`];
  if (r.setIdentifier) parts.push(`<SetIdentifier>${escapeXml(r.setIdentifier)}</SetIdentifier>`);
  if (r.weight !== undefined) parts.push(`<Weight>${r.weight}</Weight>`);
  if (r.alias) {
    parts.push(
      `<AliasTarget><HostedZoneId>${r.alias.hostedZoneId}</HostedZoneId><DNSName>${escapeXml(r.alias.dnsName)}</DNSName><EvaluateTargetHealth>${r.alias.evaluateTargetHealth}</EvaluateTargetHealth></AliasTarget>`,
    );
  } else {
    parts.push(
      `<TTL>${r.ttl ?? 300}</TTL><ResourceRecords>${(r.values ?? []).map((v) => `<ResourceRecord><Value>${escapeXml(v)}</Value></ResourceRecord>`).join("")}</ResourceRecords>`,
    );
  }
  return `<ResourceRecordSet>${parts.join("")}</ResourceRecordSet>`;
}

/** The changes of a ChangeResourceRecordSetsRequest body, as records. */
export function parseChanges(xml: string): { action: string; record: FakeRecord }[] {
  return all(xml, "Change").map((change) => {
    const set = tag(change, "ResourceRecordSet") ?? "";
    const alias = tag(set, "AliasTarget");
    const weight = tag(set, "Weight");
    const ttl = tag(set, "TTL");
    const record: FakeRecord = {
      name: fqdn(tag(set, "Name") ?? ""),
      type: tag(set, "Type") ?? "",
      ...(tag(set, "SetIdentifier") ? { setIdentifier: tag(set, "SetIdentifier") } : {}),
      ...(weight !== undefined ? { weight: Number(weight) } : {}),
      ...(ttl !== undefined ? { ttl: Number(ttl) } : {}),
      ...(alias
        ? {
            alias: {
              dnsName: fqdn(tag(alias, "DNSName") ?? ""),
              hostedZoneId: tag(alias, "HostedZoneId") ?? "",
              evaluateTargetHealth: tag(alias, "EvaluateTargetHealth") === "true",
            },
          }
        : { values: all(set, "Value").map(unescapeXml) }),
    };
    return { action: tag(change, "Action") ?? "", record };
  });
}

const describe = (r: FakeRecord) =>
  `[name='${r.name}', type='${r.type}'${r.setIdentifier ? `, set-identifier='${r.setIdentifier}'` : ""}]`;
const sameContent = (a: FakeRecord, b: FakeRecord) =>
  JSON.stringify([a.weight, a.ttl, a.values, a.alias]) ===
  JSON.stringify([b.weight, b.ttl, b.values, b.alias]);

/** What Route 53 says about one record on its own, or undefined. */
function recordProblem(record: FakeRecord): string | undefined {
  if (record.weight !== undefined && (record.weight < 0 || record.weight > 255))
    return `Invalid Resource Record: Weight must be between 0 and 255 for ${describe(record)}`;
  if (record.weight !== undefined && !record.setIdentifier)
    return `Invalid request: Missing field 'SetIdentifier' in Change with [Action=UPSERT, Name=${record.name}, Type=${record.type}]`;
  if (record.alias && record.ttl !== undefined)
    return `Invalid request: an alias record ${describe(record)} cannot have a TTL`;
  if (!record.alias && record.ttl === undefined)
    return `Invalid request: Missing field 'TTL' in ${describe(record)}`;
  for (const value of record.values ?? []) {
    if (record.type === "A" && !isIPv4(value))
      return `ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '${value}'`;
    if (record.type === "AAAA" && !isIPv6(value))
      return `AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '${value}'`;
  }
  return undefined;
}

/** Conflicts of the zone after the batch: policies per name and type, CNAME alone, alias targets. */
function zoneProblem(
  zone: FakeZone,
  records: FakeRecord[],
  zones: FakeZone[],
  external: ExternalAliasTarget[] | undefined,
): string | undefined {
  for (const record of records) {
    const group = records.filter((r) => r.name === record.name && r.type === record.type);
    if (group.some((r) => !r.setIdentifier) && group.length > 1)
      return `RRSet with DNS name ${record.name} and type ${record.type} cannot be created as a non-weighted set exists with the same name and type`;
    const cname = records.find((r) => r.name === record.name && r.type === "CNAME");
    if (cname && records.some((r) => r.name === record.name && r.type !== "CNAME"))
      return `RRSet of type CNAME with DNS name ${record.name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`;
    if (!record.alias) continue;
    const targetZone = zones.find((z) => z.id === record.alias?.hostedZoneId);
    const target = record.alias.dnsName;
    const exists = targetZone
      ? (targetZone === zone ? records : targetZone.records).some(
          (r) => r.name === target && r.type === record.type,
        )
      : !external ||
        external.some((t) => fqdn(t.dnsName) === target && t.hostedZoneId === record.alias?.hostedZoneId);
    if (!exists)
      return `Tried to create an alias that targets ${target}, type ${record.type} in zone ${record.alias.hostedZoneId}, but the alias target name does not lie within the target zone`;
  }
  return undefined;
}

/** Applies a batch to `zone` all or nothing; returns Route 53's InvalidChangeBatch message or undefined. */
export function applyChanges(
  zone: FakeZone,
  changes: { action: string; record: FakeRecord }[],
  zones: FakeZone[],
  external?: ExternalAliasTarget[],
): string | undefined {
  if (changes.length === 0) return "Invalid request: the batch has no changes";
  const next = [...zone.records];
  const seen = new Set<string>();
  for (const { action, record } of changes) {
    const key = sortKey(record);
    if (seen.has(key))
      return `The request contains an invalid set of changes for a resource record set '${record.type} ${record.name}'`;
    seen.add(key);
    if (!["CREATE", "UPSERT", "DELETE"].includes(action)) return `Invalid action ${action}`;
    const problem = recordProblem(record);
    if (problem) return problem;
    const at = next.findIndex((r) => sortKey(r) === key);
    const found = next[at];
    if (action === "CREATE" && found)
      return `Tried to create resource record set ${describe(record)} but it already exists`;
    if (action === "DELETE" && (!found || !sameContent(found, record)))
      return `Tried to delete resource record set ${describe(record)} but it was not found`;
    if (at >= 0) next.splice(at, 1);
    if (action !== "DELETE") next.push(record);
  }
  const conflict = zoneProblem(zone, next, zones, external);
  if (conflict) return conflict;
  zone.records.splice(0, zone.records.length, ...next);
  return undefined;
}
