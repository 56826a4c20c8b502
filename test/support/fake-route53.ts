// A Route 53 REST/XML endpoint on 127.0.0.1, enough for a weighted pair: GetHostedZone,
// ListResourceRecordSets (paginated by name, type and identifier), ChangeResourceRecordSets
// (transactional CREATE/UPSERT/DELETE) and GetChange (PENDING until polled `pendingPolls` times).
// It can answer Throttling, and records every request so tests can check the XML the SDK sent.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRecord {
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  ttl?: number;
  values?: string[];
  alias?: { dnsName: string; hostedZoneId: string; evaluateTargetHealth: boolean };
}

export interface FakeRoute53Options {
  zoneId: string;
  zoneName: string;
  records?: FakeRecord[];
  /** Records per ListResourceRecordSets page (default 100). */
  pageSize?: number;
  /** GetChange answers PENDING this many times before INSYNC (default 1). */
  pendingPolls?: number;
}

export interface FakeRoute53 {
  endpoint: string;
  records: FakeRecord[];
  requests: { method: string; path: string; query: Record<string, string>; body: string }[];
  /** The next `count` requests answer HTTP 400 Throttling "Rate exceeded". */
  throttleNext(count: number): void;
  close(): Promise<void>;
}

const XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/";

export async function startFakeRoute53(options: FakeRoute53Options): Promise<FakeRoute53> {
  const records = [...(options.records ?? [])];
  const requests: FakeRoute53["requests"] = [];
  const changes = new Map<string, number>();
  let throttled = 0;
  let changeCount = 0;

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      requests.push({
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
      });
      const reply = (status: number, xml: string) => {
        res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": `req-${requests.length}` });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
      };
      const fail = (status: number, code: string, message: string) =>
        reply(
          status,
          `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      if (throttled > 0) {
        throttled--;
        return fail(400, "Throttling", "Rate exceeded");
      }
      const zone = /^\/2013-04-01\/hostedzone\/([^/]+)(\/rrset)?\/?$/.exec(url.pathname);
      if (zone && zone[1] !== options.zoneId)
        return fail(404, "NoSuchHostedZone", `No hosted zone found with ID: ${zone[1]}`);
      if (zone && !zone[2] && req.method === "GET") return reply(200, hostedZoneXml(options, records.length));
      if (zone && req.method === "GET")
        return reply(200, listXml(records, url.searchParams, options.pageSize ?? 100));
      if (zone && req.method === "POST") {
        const error = applyChanges(records, parseChanges(body));
        if (error) return fail(400, "InvalidChangeBatch", error);
        const id = `C${++changeCount}FAKE`;
        changes.set(id, options.pendingPolls ?? 1);
        return reply(
          200,
          `<ChangeResourceRecordSetsResponse xmlns="${XMLNS}">${changeInfoXml(id, "PENDING")}</ChangeResourceRecordSetsResponse>`,
        );
      }
      const change = /^\/2013-04-01\/change\/([^/]+)$/.exec(url.pathname);
      const left = change ? changes.get(change[1] ?? "") : undefined;
      if (change && left !== undefined) {
        changes.set(change[1] ?? "", left - 1);
        return reply(
          200,
          `<GetChangeResponse xmlns="${XMLNS}">${changeInfoXml(change[1] ?? "", left > 0 ? "PENDING" : "INSYNC")}</GetChangeResponse>`,
        );
      }
      fail(400, "InvalidInput", `unsupported ${req.method} ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    records,
    requests,
    throttleNext: (count) => {
      throttled = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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

function hostedZoneXml(options: FakeRoute53Options, count: number): string {
  return `<GetHostedZoneResponse xmlns="${XMLNS}"><HostedZone><Id>/hostedzone/${options.zoneId}</Id><Name>${options.zoneName}</Name><CallerReference>fake</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>${count}</ResourceRecordSetCount></HostedZone></GetHostedZoneResponse>`;
}

function changeInfoXml(id: string, status: string): string {
  return `<ChangeInfo><Id>/change/${id}</Id><Status>${status}</Status><SubmittedAt>2026-11-26T12:00:00.000Z</SubmittedAt></ChangeInfo>`;
}

const sortKey = (r: FakeRecord) => [r.name, r.type, r.setIdentifier ?? ""].join("\u0000");

function listXml(records: FakeRecord[], query: URLSearchParams, pageSize: number): string {
  const start = [query.get("name") ?? "", query.get("type") ?? "", query.get("identifier") ?? ""].join(
    "\u0000",
  );
  const sorted = [...records].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const from = sorted.filter((r) => sortKey(r) >= start);
  const page = from.slice(0, pageSize);
  const next = from[pageSize];
  const nextXml = next
    ? `<NextRecordName>${next.name}</NextRecordName><NextRecordType>${next.type}</NextRecordType>${next.setIdentifier ? `<NextRecordIdentifier>${next.setIdentifier}</NextRecordIdentifier>` : ""}`
    : "";
  return `<ListResourceRecordSetsResponse xmlns="${XMLNS}"><ResourceRecordSets>${page.map(recordXml).join("")}</ResourceRecordSets><IsTruncated>${next ? "true" : "false"}</IsTruncated>${nextXml}<MaxItems>${pageSize}</MaxItems></ListResourceRecordSetsResponse>`;
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
      name: (tag(set, "Name") ?? "").toLowerCase().replace(/\.?$/, "."),
      type: tag(set, "Type") ?? "",
      ...(tag(set, "SetIdentifier") ? { setIdentifier: tag(set, "SetIdentifier") } : {}),
      ...(weight !== undefined ? { weight: Number(weight) } : {}),
      ...(ttl !== undefined ? { ttl: Number(ttl) } : {}),
      ...(alias
        ? {
            alias: {
              dnsName: tag(alias, "DNSName") ?? "",
              hostedZoneId: tag(alias, "HostedZoneId") ?? "",
              evaluateTargetHealth: tag(alias, "EvaluateTargetHealth") === "true",
            },
          }
        : { values: all(set, "Value").map(unescapeXml) }),
    };
    return { action: tag(change, "Action") ?? "", record };
  });
}

/** Applies a batch all or nothing; returns Route 53's complaint or undefined. */
function applyChanges(
  records: FakeRecord[],
  changes: { action: string; record: FakeRecord }[],
): string | undefined {
  const next = [...records];
  const key = (r: FakeRecord) => sortKey(r);
  for (const { action, record } of changes) {
    const at = next.findIndex((r) => key(r) === key(record));
    if (action === "CREATE" && at >= 0)
      return `Tried to create resource record set [name='${record.name}', type='${record.type}'] but it already exists`;
    if (action === "DELETE" && at < 0)
      return `Tried to delete resource record set [name='${record.name}', type='${record.type}'] but it was not found`;
    if (record.weight !== undefined && (record.weight < 0 || record.weight > 255))
      return "Weight must be between 0 and 255";
    if (at >= 0) next.splice(at, 1);
    if (action !== "DELETE") next.push(record);
  }
  records.splice(0, records.length, ...next);
  return undefined;
}
