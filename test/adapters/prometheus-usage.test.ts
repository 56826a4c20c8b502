// Usage from API server metrics against a real Prometheus (Debian 2.42): three hours of backfilled
// apiserver_request_total and apiserver_requested_deprecated_apis series (promtool) for two removed APIs,
// one current API and one removed API nobody calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPrometheusUsage } from "../../src/adapters/prometheus-usage.js";
import { gatherUsage, versionsAtRisk } from "../../src/app/usage.js";
import { indexApis } from "../../src/core/scan/api-index.js";
import { findingFor } from "../../src/core/scan/scan.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { freePort, type RunningPrometheus, startPrometheus } from "../support/prometheus.js";

const STEP_SECONDS = 60;
const STEPS = 180;
/** PodSecurityPolicy calls stop an hour before now. */
const PSP_LAST_STEP = 120;
const kb = loadKnowledge();
const nowSeconds = Math.floor(Date.now() / 1000);
let prometheus: RunningPrometheus;
let empty: RunningPrometheus;

type Labels = Record<string, string>;
const request = (group: string, version: string, resource: string, verb: string): Labels => ({
  code: "200",
  component: "apiserver",
  group,
  resource,
  scope: "cluster",
  subresource: "",
  verb,
  version,
});

/** OpenMetrics for promtool: counters start at 0 three hours ago; `perStep(step)` is each step's growth. */
function backfill(): string {
  const counters: [Labels, (step: number) => number][] = [
    [request("policy", "v1beta1", "podsecuritypolicies", "LIST"), (step) => (step <= PSP_LAST_STEP ? 10 : 0)],
    [request("flowcontrol.apiserver.k8s.io", "v1beta2", "flowschemas", "WATCH"), () => 2],
    [request("apps", "v1", "deployments", "GET"), () => 50],
    [request("extensions", "v1beta1", "ingresses", "LIST"), () => 0],
  ];
  const gauges: Labels[] = [
    {
      group: "policy",
      version: "v1beta1",
      resource: "podsecuritypolicies",
      subresource: "",
      removed_release: "1.25",
    },
    {
      group: "flowcontrol.apiserver.k8s.io",
      version: "v1beta2",
      resource: "flowschemas",
      subresource: "",
      removed_release: "1.29",
    },
  ];
  const lines: string[] = [];
  const labelText = (labels: Labels) =>
    `{${Object.entries(labels)
      .map(([name, value]) => `${name}="${value}"`)
      .join(",")}}`;
  for (const [labels, perStep] of counters) {
    let value = 0;
    for (let step = 0; step <= STEPS; step++) {
      if (step > 0) value += perStep(step);
      lines.push(
        `apiserver_request_total${labelText(labels)} ${value} ${nowSeconds - (STEPS - step) * STEP_SECONDS}`,
      );
    }
  }
  for (const labels of gauges) {
    for (let step = 0; step <= STEPS; step++) {
      lines.push(
        `apiserver_requested_deprecated_apis${labelText(labels)} 1 ${nowSeconds - (STEPS - step) * STEP_SECONDS}`,
      );
    }
  }
  return `${lines.join("\n")}\n# EOF\n`;
}

beforeAll(async () => {
  [prometheus, empty] = await Promise.all([startPrometheus({ backfill: backfill() }), startPrometheus()]);
  await prometheus.waitFor("apiserver_request_total");
}, 60_000);

afterAll(async () => {
  await Promise.all([prometheus?.stop(), empty?.stop()]);
});

describe("usage from Prometheus", () => {
  it("counts the calls to removed APIs in the window, with the last time they were seen", async () => {
    const read = await readPrometheusUsage({
      address: prometheus.address,
      window: "6h",
      versions: versionsAtRisk(kb, "1.29"),
    });
    expect(read.warnings).toEqual([]);
    const byResource = new Map(read.calls.map((item) => [item.call.resource, item]));
    expect([...byResource.keys()].sort()).toEqual(["flowschemas", "podsecuritypolicies"]);
    const psp = byResource.get("podsecuritypolicies");
    expect(psp?.call).toMatchObject({
      apiVersion: "policy/v1beta1",
      deprecated: true,
      removedRelease: "1.25",
    });
    // 120 steps of 10 calls; extrapolation to the window's end adds at most a call
    expect(psp?.stats.count).toBeGreaterThanOrEqual(1200);
    expect(psp?.stats.count).toBeLessThanOrEqual(1201);
    const pspLast = Date.parse(psp?.stats.lastSeen ?? "") / 1000;
    const pspStopped = nowSeconds - (STEPS - PSP_LAST_STEP) * STEP_SECONDS;
    expect(pspLast).toBeGreaterThanOrEqual(pspStopped - STEP_SECONDS);
    expect(pspLast).toBeLessThanOrEqual(pspStopped + 6 * STEP_SECONDS);
    const flow = byResource.get("flowschemas");
    expect(flow?.stats.count).toBeGreaterThanOrEqual(360);
    expect(Date.parse(flow?.stats.lastSeen ?? "") / 1000).toBeGreaterThan(nowSeconds - 6 * STEP_SECONDS);
  });

  it("becomes findings of origin usage that say metrics do not name the client", async () => {
    const gathered = await gatherUsage(
      { usagePrometheus: prometheus.address, usageWindow: "6h" },
      kb,
      "1.29",
    );
    const index = indexApis(kb.apis);
    const findings = gathered.usages
      .map((usage) => findingFor(usage, index, "1.29"))
      .sort((a, b) => (a?.kind ?? "").localeCompare(b?.kind ?? ""));
    expect(findings.map((finding) => [finding?.kind, finding?.status, finding?.removedIn])).toEqual([
      ["FlowSchema", "removed", "1.29"],
      ["PodSecurityPolicy", "removed", "1.25"],
    ]);
    expect(findings[1]?.source).toEqual({
      file: `prometheus:${prometheus.address}`,
      line: null,
      origin: "usage",
    });
    expect(findings[1]?.usage).toMatchObject({ via: "prometheus", user: null, userAgent: null });
    expect(findings[1]?.notes[0]).toMatch(
      /^Find and upgrade the client that calls policy\/v1beta1 podsecuritypolicies/,
    );
  });

  it("warns, naming the metric, when Prometheus does not scrape the API server", async () => {
    const read = await readPrometheusUsage({ address: empty.address, window: "7d", versions: [] });
    expect(read.calls).toEqual([]);
    expect(read.warnings).toEqual([
      expect.stringMatching(
        /^Prometheus has no apiserver_request_total series: .*the rest of the scan goes on$/,
      ),
    ]);
  });

  it("warns when Prometheus cannot be reached, and the gathering goes on", async () => {
    const address = `http://127.0.0.1:${await freePort()}`;
    const gathered = await gatherUsage(
      { usagePrometheus: address, usageAuditLog: ["test/fixtures/usage/audit.log"] },
      kb,
      "1.29",
    );
    expect(gathered.warnings).toEqual([
      expect.stringMatching(new RegExp(`^cannot reach Prometheus at ${address}.*left out`)),
    ]);
    expect(gathered.usages.length).toBeGreaterThan(0);
  });
});
