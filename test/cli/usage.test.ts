// scan and plan with usage sources (audit logs here; Prometheus and CloudWatch have their own tests):
// findings of origin "usage" in every output format, and on the hop where the API goes away.
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/core/types.js";
import { ScanResultSchema } from "../../src/report/scan/contract.js";
import { runCli } from "../support/terminal.js";

const DIR = "test/fixtures/usage";
const ROTATED = `${DIR}/audit-2026-11-19T07-10-00.000.log`;
const scan = (...args: string[]) => runCli(["scan", "-t", "1.29", ...args]);

describe("cutover scan --usage-audit-log", () => {
  it("reports clients of removed APIs in the JSON contract, with the malformed line as an input error", async () => {
    const run = await scan("--usage-audit-log", DIR, "-o", "json");
    expect(run.code).toBe(2);
    const result = ScanResultSchema.parse(JSON.parse(run.stdout)) as ScanResult;
    expect(result.errors).toEqual([
      { file: `${DIR}/audit.log`, line: 6, message: expect.stringMatching(/^not JSON/) },
    ]);
    const rows = result.findings.map((f) => [
      f.kind,
      f.usage?.verb,
      f.usage?.serviceAccount ?? f.usage?.user,
      f.usage?.count,
    ]);
    expect(rows).toEqual([
      ["PodSecurityPolicy", "list", "monitoring/psp-exporter", 2],
      ["FlowSchema", "watch", "ops/old-agent", 1],
      ["FlowSchema", "list", "ops/old-agent", 2],
      ["HorizontalPodAutoscaler", "create", "kubernetes-admin", 1],
      ["FlowSchema", "get", "ops/old-agent", 1],
    ]);
    expect(result.findings[2]).toMatchObject({
      status: "removed",
      removedIn: "1.29",
      source: { file: `${DIR}/audit.log`, line: 2, origin: "usage" },
      usage: {
        via: "audit-log",
        userAgent: "old-agent/v0.3.1 (linux/amd64) kubernetes/4c9e1f0",
        sourceIP: "10.0.3.7",
        firstSeen: "2026-11-20T10:00:00.004200Z",
        lastSeen: "2026-11-21T08:30:00.004200Z",
        removedRelease: "1.29",
      },
    });
    expect(result.summary).toMatchObject({ removed: 5, deprecated: 0, objects: 0 });
  });

  it("merges usage with manifest findings; exit 1 on findings when every line was read", async () => {
    const run = await scan("examples", "--usage-audit-log", ROTATED, "-o", "json");
    expect(run.code).toBe(1);
    const origins = new Set((JSON.parse(run.stdout) as ScanResult).findings.map((f) => f.source.origin));
    expect(origins).toEqual(new Set(["manifest", "last-applied", "managed-fields", "helm-release", "usage"]));
  });

  it.each<[string, RegExp[]]>([
    [
      "table",
      [
        /client: user agent "psp-exporter\/1\.2\.0", service account monitoring\/psp-exporter, from 10\.0\.4\.9, list podsecuritypolicies/,
        /audit-2026-11-19T07-10-00\.000\.log:1 \(usage: 2 calls, first 2026-11-19T07:00:00\.004200Z, last 2026-11-19T07:05:00\.004200Z\)/,
        /\(usage\): the API server saw a client call this API/,
      ],
    ],
    ["markdown", [/client: user agent "psp-exporter\/1\.2\.0"/, /\*\*usage\*\*/]],
    [
      "junit",
      [
        /The client user agent &quot;psp-exporter\/1\.2\.0&quot;, service account monitoring\/psp-exporter, from 10\.0\.4\.9 called list podsecuritypolicies/,
      ],
    ],
  ])("-o %s names the client", async (format, patterns) => {
    const run = await scan("--usage-audit-log", ROTATED, "-o", format);
    for (const pattern of patterns) expect(run.stdout).toMatch(pattern);
  });

  it("-o sarif points at the audit-log file and line", async () => {
    const run = await scan("--usage-audit-log", ROTATED, "-o", "sarif");
    const sarif = JSON.parse(run.stdout);
    const result = sarif.runs[0].results[0];
    expect(result.ruleId).toBe("api/policy/v1beta1/PodSecurityPolicy");
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: ROTATED },
      region: { startLine: 1 },
    });
    expect(result.properties).toMatchObject({
      origin: "usage",
      usage: { count: 2, userAgent: "psp-exporter/1.2.0" },
    });
    expect(result.message.text).toMatch(/upgrade or stop that client: no API replaces this one\.$/);
  });

  it("--ignore usage:<user agent> leaves a client out", async () => {
    const run = await scan("--usage-audit-log", ROTATED, "--ignore", "usage:old-agent/*", "-o", "json");
    expect((JSON.parse(run.stdout) as ScanResult).findings.map((f) => f.kind)).toEqual(["PodSecurityPolicy"]);
  });

  it("rejects a window that is not a duration", async () => {
    const run = await scan("--usage-audit-log", ROTATED, "--usage-window", "7 days");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--usage-window "7 days" is not a duration; write a number and one unit: 7d/);
  });
});

describe("cutover plan --usage-audit-log", () => {
  it("places each client's calls on the hop where the API goes away", async () => {
    const run = await runCli([
      "plan",
      "--from",
      "1.24",
      "--to",
      "1.30",
      "--today",
      "2026-12-01",
      "--usage-audit-log",
      DIR,
      "-o",
      "json",
    ]);
    expect(run.stderr).toMatch(/audit\.log:6: not JSON/);
    expect(run.code).toBe(2);
    const plan = JSON.parse(run.stdout) as {
      hops: { controlPlane: string; findings: ScanResult["findings"] }[];
    };
    const placed = plan.hops
      .filter((hop) => hop.findings.length > 0)
      .map((hop) => [hop.controlPlane, hop.findings.map((f) => `${f.kind} ${f.usage?.verb}`)]);
    expect(placed).toEqual([
      ["1.25", ["PodSecurityPolicy list"]],
      ["1.26", ["HorizontalPodAutoscaler create"]],
      ["1.29", ["FlowSchema watch", "FlowSchema list", "FlowSchema get"]],
    ]);
  });

  it("names the clients in the markdown playbook", async () => {
    const run = await runCli([
      "plan",
      "--from",
      "1.28",
      "--to",
      "1.29",
      "--today",
      "2026-12-01",
      "--usage-audit-log",
      ROTATED,
      "-o",
      "markdown",
    ]);
    expect(run.stdout).toMatch(
      /FlowSchema called by user agent "old-agent\/v0\.3\.1 \(linux\/amd64\) kubernetes\/4c9e1f0", service account ops\/old-agent, from 10\.0\.3\.7, watch flowschemas \(1 call/,
    );
  });
});

describe("cutover scan --usage-cloudwatch", () => {
  it("queries the cluster's log group in the region asked for and reports the clients", async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(StartQueryCommand).resolves({ queryId: "q" });
    logs.on(GetQueryResultsCommand).resolves({
      status: "Complete",
      results: [
        [
          { field: "user.username", value: "system:serviceaccount:ci:deployer" },
          { field: "userAgent", value: "kubectl/v1.24.0 (linux/amd64) kubernetes/4c9e1f0" },
          { field: "verb", value: "create" },
          { field: "objectRef.apiGroup", value: "batch" },
          { field: "objectRef.apiVersion", value: "v1beta1" },
          { field: "objectRef.resource", value: "cronjobs" },
          { field: "calls", value: "3" },
        ],
      ],
    });
    try {
      const run = await scan(
        "--usage-cloudwatch",
        "prod",
        "--region",
        "eu-west-1",
        "--profile",
        "ops",
        "-o",
        "json",
      );
      expect(run.code).toBe(1);
      const [finding] = (JSON.parse(run.stdout) as ScanResult).findings;
      expect(finding).toMatchObject({
        kind: "CronJob",
        source: { file: "cloudwatch:/aws/eks/prod/cluster", origin: "usage" },
        usage: { serviceAccount: "ci/deployer", count: 3, verb: "create" },
      });
      expect(logs.commandCalls(StartQueryCommand)[0]?.args[0].input.logGroupName).toBe(
        "/aws/eks/prod/cluster",
      );
      expect(await logs.commandCalls(StartQueryCommand)[0]?.thisValue.config.region()).toBe("eu-west-1");
    } finally {
      logs.restore();
    }
  });
});
