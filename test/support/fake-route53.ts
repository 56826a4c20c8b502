// A stateful Route 53 REST/XML endpoint on 127.0.0.1, reached by the real AWS SDK v3 through its
// `endpoint` setting: hosted zones with weighted A/AAAA/alias records and their TTLs, GetHostedZone,
// ListResourceRecordSets (paged by name, type and identifier, honouring maxitems),
// ChangeResourceRecordSets validated as Route 53 does it (test/support/fake-route53-zone.ts), and
// GetChange: PENDING until it has been polled `pendingPolls` times AND `insyncAfterMs` have passed on
// `now()`, then INSYNC. Faults are injected per request: throttling, PriorRequestNotComplete, HTTP 500
// and 503, and a connection reset. Every request is recorded so tests can check the XML the SDK sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  applyChanges,
  type ExternalAliasTarget,
  escapeXml,
  type FakeRecord,
  type FakeZone,
  listXml,
  parseChanges,
} from "./fake-route53-zone.js";

export type { FakeRecord, FakeZone } from "./fake-route53-zone.js";
export { parseChanges } from "./fake-route53-zone.js";

export interface FakeRoute53Options {
  /** The first zone (more in `zones`). */
  zoneId: string;
  zoneName: string;
  records?: FakeRecord[];
  zones?: FakeZone[];
  /** Records per ListResourceRecordSets page (default 100). */
  pageSize?: number;
  /** GetChange answers PENDING at least this many times (default 1)… */
  pendingPolls?: number;
  /** …and until this long after the change was submitted (default 0), on `now` (default Date.now). */
  insyncAfterMs?: number;
  now?: () => number;
  /** When given, an alias to a zone not hosted here must name one of these (e.g. the ALBs). */
  aliasTargets?: ExternalAliasTarget[];
}

export type Fault = "throttle" | "prior-request" | 500 | 503 | "reset";

export interface FakeChange {
  id: string;
  zoneId: string;
  submittedAt: number;
  polls: number;
  status: "PENDING" | "INSYNC";
  comment?: string;
}

export interface FakeRoute53 {
  endpoint: string;
  /** The records of the first zone (live: changes show here). */
  records: FakeRecord[];
  zones: FakeZone[];
  changes: Map<string, FakeChange>;
  requests: { method: string; path: string; query: Record<string, string>; body: string }[];
  /** The next `count` requests answer HTTP 400 Throttling "Rate exceeded". */
  throttleNext(count: number): void;
  /** The next `count` requests (of `method` only, when given) fail with `fault`. */
  failNext(fault: Fault, count: number, method?: "GET" | "POST"): void;
  close(): Promise<void>;
}

const XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/";

export async function startFakeRoute53(options: FakeRoute53Options): Promise<FakeRoute53> {
  const first: FakeZone = {
    id: options.zoneId,
    name: options.zoneName,
    records: [...(options.records ?? [])],
  };
  const zones = [first, ...(options.zones ?? [])];
  const requests: FakeRoute53["requests"] = [];
  const changes = new Map<string, FakeChange>();
  const now = options.now ?? Date.now;
  const faults: { fault: Fault; method?: string }[] = [];
  let changeCount = 0;

  const statusOf = (change: FakeChange) => {
    const due = change.polls >= (options.pendingPolls ?? 1);
    const settled = now() - change.submittedAt >= (options.insyncAfterMs ?? 0);
    if (due && settled) change.status = "INSYNC";
    change.polls++;
    return change.status;
  };

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
      const fail = (status: number, code: string, message: string, type = "Sender") =>
        reply(
          status,
          `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      const at = faults.findIndex((f) => !f.method || f.method === req.method);
      if (at >= 0) {
        const [{ fault }] = faults.splice(at, 1) as [{ fault: Fault }];
        if (fault === "reset") return req.socket.destroy();
        if (fault === "throttle") return fail(400, "Throttling", "Rate exceeded");
        if (fault === "prior-request")
          return fail(
            400,
            "PriorRequestNotComplete",
            "The request was rejected because Route 53 was still processing a prior request.",
          );
        if (fault === 500) return fail(500, "InternalFailure", "An internal error occurred.", "Receiver");
        return fail(503, "ServiceUnavailable", "Service is unavailable. Please retry.", "Receiver");
      }
      const path = /^\/2013-04-01\/hostedzone\/([^/]+)(\/rrset)?\/?$/.exec(url.pathname);
      const zone = path ? zones.find((z) => z.id === path[1]) : undefined;
      if (path && !zone) return fail(404, "NoSuchHostedZone", `No hosted zone found with ID: ${path[1]}`);
      if (zone && !path?.[2] && req.method === "GET") return reply(200, hostedZoneXml(zone));
      if (zone && req.method === "GET")
        return reply(200, listXml(XMLNS, zone.records, url.searchParams, options.pageSize ?? 100));
      if (zone && req.method === "POST") {
        const error = applyChanges(zone, parseChanges(body), zones, options.aliasTargets);
        if (error) return fail(400, "InvalidChangeBatch", error);
        const id = `C${++changeCount}FAKE`;
        changes.set(id, { id, zoneId: zone.id, submittedAt: now(), polls: 0, status: "PENDING" });
        return reply(
          200,
          `<ChangeResourceRecordSetsResponse xmlns="${XMLNS}">${changeInfoXml(id, "PENDING")}</ChangeResourceRecordSetsResponse>`,
        );
      }
      const changePath = /^\/2013-04-01\/change\/([^/]+)$/.exec(url.pathname);
      if (changePath) {
        const change = changes.get(changePath[1] ?? "");
        if (!change)
          return fail(
            404,
            "NoSuchChange",
            `A change with the specified change ID does not exist: ${changePath[1]}`,
          );
        return reply(
          200,
          `<GetChangeResponse xmlns="${XMLNS}">${changeInfoXml(change.id, statusOf(change))}</GetChangeResponse>`,
        );
      }
      fail(400, "InvalidInput", `unsupported ${req.method} ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    records: first.records,
    zones,
    changes,
    requests,
    throttleNext: (count) => {
      for (let i = 0; i < count; i++) faults.push({ fault: "throttle" });
    },
    failNext: (fault, count, method) => {
      for (let i = 0; i < count; i++) faults.push({ fault, ...(method && { method }) });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hostedZoneXml(zone: FakeZone): string {
  return `<GetHostedZoneResponse xmlns="${XMLNS}"><HostedZone><Id>/hostedzone/${zone.id}</Id><Name>${zone.name}</Name><CallerReference>fake</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>${zone.records.length}</ResourceRecordSetCount></HostedZone></GetHostedZoneResponse>`;
}

function changeInfoXml(id: string, status: string): string {
  return `<ChangeInfo><Id>/change/${id}</Id><Status>${status}</Status><SubmittedAt>2026-11-26T12:00:00.000Z</SubmittedAt></ChangeInfo>`;
}
