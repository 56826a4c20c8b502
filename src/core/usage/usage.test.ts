import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../knowledge/load.js";
import { indexApis } from "../scan/api-index.js";
import { compileFilters, type FindingFilters } from "../scan/filters.js";
import { findingFor } from "../scan/scan.js";
import { clientAction, serviceAccountOf } from "./advice.js";
import { type ApiCall, createLinePrefilter, parseAuditLine, parseRequestUri } from "./audit-event.js";
import { callFromRow, insightsQuery, insightsTime } from "./cloudwatch.js";
import { createUsageClassifier, createUsageGrouper, resourceOfKind } from "./group.js";
import { usageFromSeries, usageQueries, windowMs } from "./prometheus.js";

const kb = loadKnowledge();
const index = indexApis(kb.apis);

function call(overrides: Partial<ApiCall>): ApiCall {
  return {
    user: "system:serviceaccount:ops:agent",
    userAgent: "agent/1.0",
    sourceIP: "10.0.0.1",
    verb: "list",
    apiVersion: "policy/v1beta1",
    resource: "podsecuritypolicies",
    subresource: null,
    time: "2026-11-20T10:00:00Z",
    deprecated: false,
    removedRelease: null,
    ...overrides,
  };
}

describe("parseRequestUri", () => {
  it.each([
    ["/api/v1/pods", { apiVersion: "v1", resource: "pods", subresource: null }],
    ["/api/v1/namespaces/a/pods/b/log?follow=1", { apiVersion: "v1", resource: "pods", subresource: "log" }],
    [
      "/apis/policy/v1beta1/namespaces/a/poddisruptionbudgets/b/status",
      { apiVersion: "policy/v1beta1", resource: "poddisruptionbudgets", subresource: "status" },
    ],
    [
      "/apis/extensions/v1beta1/watch/ingresses",
      { apiVersion: "extensions/v1beta1", resource: "ingresses", subresource: null },
    ],
    ["/healthz", null],
    ["/apis/policy/v1beta1", null],
  ])("%s", (uri, expected) => {
    expect(parseRequestUri(uri)).toEqual(expected);
  });
});

describe("parseAuditLine", () => {
  const event = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    stage: "ResponseComplete",
    verb: "get",
    requestURI: "/apis/batch/v1beta1/namespaces/x/cronjobs/y",
    user: { username: "alice" },
    userAgent: "kubectl/v1.20.0",
    sourceIPs: ["1.2.3.4", "5.6.7.8"],
    stageTimestamp: "2026-11-20T10:00:00.5Z",
    annotations: { "k8s.io/deprecated": "true", "k8s.io/removed-release": "1.25" },
  };

  it("reads the call from the request URI when there is no objectRef", () => {
    expect(parseAuditLine(JSON.stringify(event))).toEqual({
      type: "call",
      call: {
        user: "alice",
        userAgent: "kubectl/v1.20.0",
        sourceIP: "1.2.3.4",
        verb: "get",
        apiVersion: "batch/v1beta1",
        resource: "cronjobs",
        subresource: null,
        time: "2026-11-20T10:00:00.5Z",
        deprecated: true,
        removedRelease: "1.25",
      },
    });
  });

  it.each([
    ["RequestReceived", "skip"],
    ["ResponseStarted", "skip"],
    ["Panic", "call"],
  ])("stage %s → %s", (stage, type) => {
    expect(parseAuditLine(JSON.stringify({ ...event, stage })).type).toBe(type);
  });

  it.each([
    ['{"kind":"Event","apiVer', /not JSON/],
    ["[1,2]", /not a JSON object/],
    ['{"kind":"Pod","apiVersion":"v1"}', /not an audit event/],
  ])("%s is an error", (line, message) => {
    const parsed = parseAuditLine(line);
    expect(parsed.type).toBe("error");
    expect(parsed.type === "error" && parsed.message).toMatch(message);
  });

  it("skips blank lines", () => {
    expect(parseAuditLine("  ")).toEqual({ type: "skip" });
  });
});

describe("classifying and grouping calls", () => {
  it.each([
    ["Ingress", "ingresses"],
    ["NetworkPolicy", "networkpolicies"],
    ["CSIStorageCapacity", "csistoragecapacities"],
    ["FlowSchema", "flowschemas"],
  ])("resource of %s is %s", (kind, resource) => {
    expect(resourceOfKind(kind)).toBe(resource);
  });

  it("keeps calls to APIs removed or deprecated at the target, or announced deprecated", () => {
    const classifier = createUsageClassifier(kb.apis, index, "1.29");
    expect(classifier.kindOf(call({}))).toBe("PodSecurityPolicy");
    expect(classifier.kindOf(call({ apiVersion: "apps/v1", resource: "deployments" }))).toBeUndefined();
    expect(
      classifier.kindOf(call({ apiVersion: "example.com/v1alpha1", resource: "widgets", deprecated: true })),
    ).toBe("widgets");
    // Not yet deprecated at 1.21's predecessor: PodSecurityPolicy is fine at 1.20.
    expect(createUsageClassifier(kb.apis, index, "1.20").kindOf(call({}))).toBeUndefined();
  });

  it("groups by client and resource with counts and first/last seen compared as times", () => {
    const grouper = createUsageGrouper(createUsageClassifier(kb.apis, index, "1.29"));
    const at = { via: "audit-log" as const, file: "audit.log", line: 3 };
    grouper.add(call({ time: "2026-11-20T10:00:00Z" }), at);
    grouper.add(call({ time: "2026-11-20T09:59:59.9Z" }), { ...at, line: 4 });
    grouper.add(call({ time: "2026-11-21T00:00:00Z" }), { ...at, line: 5 });
    grouper.add(call({ verb: "watch" }), { ...at, line: 6 });
    expect(grouper.add(call({ apiVersion: "v1", resource: "pods" }), at)).toBe(false);
    const usages = grouper.usages();
    expect(usages).toHaveLength(2);
    expect(usages[0]).toMatchObject({
      apiVersion: "policy/v1beta1",
      kind: "PodSecurityPolicy",
      source: { file: "audit.log", line: 3, origin: "usage" },
      usage: {
        count: 3,
        serviceAccount: "ops/agent",
        firstSeen: "2026-11-20T09:59:59.9Z",
        lastSeen: "2026-11-21T00:00:00Z",
      },
    });
    expect(usages[1]?.usage).toMatchObject({ verb: "watch", count: 1 });
  });

  it("makes findings that name the client, also for APIs only the server announced", () => {
    const grouper = createUsageGrouper(createUsageClassifier(kb.apis, index, "1.29"));
    const at = { via: "audit-log" as const, file: "a.log", line: 1 };
    grouper.add(call({}), at);
    grouper.add(
      call({ apiVersion: "x.io/v1alpha1", resource: "widgets", deprecated: true, removedRelease: "1.31" }),
      at,
    );
    const [psp, widget] = grouper.usages().map((usage) => findingFor(usage, index, "1.29"));
    expect(psp).toMatchObject({
      status: "removed",
      removedIn: "1.25",
      replacement: null,
      kind: "PodSecurityPolicy",
    });
    expect(psp?.notes[0]).toContain('user agent "agent/1.0", service account ops/agent, from 10.0.0.1');
    expect(widget).toMatchObject({ status: "deprecated", removedIn: "1.31", kind: "widgets" });
    expect(findingFor(grouper.usages()[1] as never, index, "1.31")?.status).toBe("removed");
  });

  it("says who to upgrade, or that metrics cannot tell", () => {
    const detail = {
      via: "prometheus" as const,
      user: null,
      serviceAccount: null,
      userAgent: null,
      sourceIP: null,
      verb: null,
      resource: "ingresses",
      count: 2,
      firstSeen: null,
      lastSeen: null,
      removedRelease: null,
    };
    expect(clientAction(detail, "extensions/v1beta1", "networking.k8s.io/v1")).toMatch(
      /^Find and upgrade the client .*\(--usage-audit-log/,
    );
    expect(serviceAccountOf("system:serviceaccount:a:b")).toBe("a/b");
    expect(serviceAccountOf("alice")).toBeNull();
  });
});

describe("Prometheus series", () => {
  it("builds window queries limited to the given versions", () => {
    const queries = usageQueries("7d", ["v1beta1", "v2beta2"]);
    expect(queries.requests).toBe(
      'sum by (group, version, resource, subresource) (increase(apiserver_request_total{version=~"v1beta1|v2beta2"}[7d]))',
    );
    expect(queries.deprecated).toContain("apiserver_requested_deprecated_apis[7d]");
    expect(windowMs("7d")).toBe(604_800_000);
    expect(windowMs("90m")).toBe(5_400_000);
  });

  it("joins deprecation flags, counts and last seen; counters that did not move are dropped", () => {
    const calls = usageFromSeries({
      deprecated: [
        {
          metric: {
            group: "policy",
            version: "v1beta1",
            resource: "podsecuritypolicies",
            removed_release: "1.25",
          },
          value: 1,
        },
      ],
      requests: [
        { metric: { group: "policy", version: "v1beta1", resource: "podsecuritypolicies" }, value: 41.6 },
        { metric: { group: "", version: "v1", resource: "pods" }, value: 0 },
      ],
      lastSeen: [
        {
          metric: { group: "policy", version: "v1beta1", resource: "podsecuritypolicies" },
          value: 1_700_000_000,
        },
      ],
    });
    expect(calls).toEqual([
      {
        call: expect.objectContaining({
          apiVersion: "policy/v1beta1",
          deprecated: true,
          removedRelease: "1.25",
        }),
        stats: { count: 42, firstSeen: null, lastSeen: "2023-11-14T22:13:20.000Z" },
      },
    ]);
  });
});

describe("CloudWatch Logs Insights rows", () => {
  it("turns a stats row into a counted call", () => {
    const row = [
      { field: "user.username", value: "system:serviceaccount:ops:agent" },
      { field: "userAgent", value: "agent/1.0" },
      { field: "sourceIPs.0", value: "10.0.0.1" },
      { field: "verb", value: "list" },
      { field: "objectRef.apiGroup", value: "policy" },
      { field: "objectRef.apiVersion", value: "v1beta1" },
      { field: "objectRef.resource", value: "podsecuritypolicies" },
      { field: "annotations.k8s.io/deprecated", value: "true" },
      { field: "calls", value: "7" },
      { field: "firstSeen", value: "2026-11-20 10:00:00.000" },
      { field: "lastSeen", value: "2026-11-21 10:00:00.000" },
    ];
    expect(callFromRow(row)).toEqual({
      call: expect.objectContaining({ apiVersion: "policy/v1beta1", deprecated: true, subresource: null }),
      stats: { count: 7, firstSeen: "2026-11-20T10:00:00.000Z", lastSeen: "2026-11-21T10:00:00.000Z" },
    });
    expect(callFromRow([{ field: "calls", value: "1" }])).toBeUndefined();
    expect(insightsTime("not a time")).toBe("not a time");
  });

  it("queries audit streams, completed requests, announced or listed versions", () => {
    const query = insightsQuery(["v1beta1"], 50);
    expect(query).toContain("filter @logStream like /^kube-apiserver-audit/");
    expect(query).toContain('`objectRef.apiVersion` in ["v1beta1"]');
    expect(query).toMatch(/\| limit 50$/);
  });
});

describe("createLinePrefilter", () => {
  const prefilter = createLinePrefilter(["v1beta1"]);
  it.each([
    ['{"requestURI":"/apis/policy/v1beta1/x"}', "parse"],
    ['{"annotations":{"k8s.io/deprecated":"true"}}', "parse"],
    ['{"requestURI":"/apis/apps/v1/deployments"}', "skip"],
    ["   ", "skip"],
    ['{"requestURI":"/apis/apps/v1/deplo', "error"],
    ["garbage", "error"],
  ])("%s → %s", (line, decision) => {
    expect(prefilter(line)).toBe(decision);
  });
});

describe("filters on usage findings", () => {
  const grouper = createUsageGrouper(createUsageClassifier(kb.apis, index, "1.29"));
  grouper.add(call({}), { via: "audit-log", file: "a.log", line: 1 });
  const finding = findingFor(grouper.usages()[0] as never, index, "1.29");

  it.each<[FindingFilters, boolean]>([
    [{ namespace: "shop" }, true],
    [{ ignore: ["usage:agent/*"] }, false],
    [{ ignore: ["usage:system:serviceaccount:ops:*"] }, false],
    [{ ignore: ["usage:kubectl/*"] }, true],
    [{ excludeKinds: ["podsecuritypolicy"] }, false],
  ])("%j keeps it: %s", (filters, kept) => {
    expect(finding && compileFilters(filters)(finding)).toBe(kept);
  });
});
