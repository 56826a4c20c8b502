import { describe, expect, it } from "vitest";
import { renderScanSarif, sarifRuleId, toUriReference } from "../../../src/report/scan/sarif.js";
import { cleanScan, sampleScan } from "./sample.js";

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; informationUri?: string; version?: string; rules: { id: string }[] } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string }; locations?: SarifLocation[] }[];
    }[];
    results: SarifResult[];
  }[];
}

function sarif(result = sampleScan(), version?: string): SarifLog {
  return JSON.parse(renderScanSarif(result, version));
}

function run(log: SarifLog) {
  const first = log.runs[0];
  if (!first) throw new Error("no run");
  return first;
}

describe("renderScanSarif", () => {
  it("has the required SARIF 2.1.0 top-level fields and one run by cutover", () => {
    const log = sarif();
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(run(log).tool.driver.name).toBe("cutover");
    expect(run(log).tool.driver.name).toBe("cutover");
    expect(run(log).tool.driver.informationUri).toBeUndefined();
  });

  it("writes the tool version only when given", () => {
    expect(run(sarif()).tool.driver).not.toHaveProperty("version");
    expect(run(sarif(sampleScan(), "0.1.0")).tool.driver.version).toBe("0.1.0");
  });

  it("has one rule per apiVersion/kind, with unique ids, and results point at their rule", () => {
    const { tool, results } = run(sarif());
    const ids = tool.driver.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(7);
    expect(ids).toContain("api/extensions/v1beta1/Ingress");
    expect(ids).toContain("api/v1/Endpoints");
    for (const result of results) expect(tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it("rule ids do not depend on status or target", () => {
    expect(sarifRuleId({ apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget" })).toBe(
      "api/policy/v1beta1/PodDisruptionBudget",
    );
  });

  it("levels results error for removed and warning for deprecated", () => {
    const levels = run(sarif()).results.map((result) => `${result.ruleId} ${result.level}`);
    expect(levels).toContain("api/extensions/v1beta1/Ingress error");
    expect(levels).toContain("api/v1/Endpoints warning");
    expect(levels.filter((level) => level.endsWith(" error"))).toHaveLength(7);
  });

  it("locates files with their line and live objects by cluster without a region", () => {
    const { results } = run(sarif());
    const byMessage = (text: string) => results.find((result) => result.message.text.startsWith(text));
    expect(byMessage("Ingress shop/storefront")?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "deploy/shop/ingress.yaml" },
      region: { startLine: 1 },
    });
    expect(byMessage("ClusterRole -/metrics-reader")?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "cluster:prod-eu" },
    });
  });

  it.each([
    ["deploy/a.yaml", "deploy/a.yaml"],
    ["odd dir/a#1?.yaml", "odd%20dir/a%231%3F.yaml"],
    ["charts\\web\\x.yaml", "charts/web/x.yaml"],
    ["100%.yaml", "100%25.yaml"],
    ["cluster:arn:aws:eks:eu-west-1:1:cluster/prod", "cluster:arn:aws:eks:eu-west-1:1:cluster/prod"],
  ])("toUriReference(%j) = %j", (file, uri) => {
    expect(toUriReference(file)).toBe(uri);
  });

  it("reports input errors as failed-execution notifications, skipped files and warnings too", () => {
    const [invocation] = run(sarif()).invocations;
    expect(invocation?.executionSuccessful).toBe(false);
    const levels = invocation?.toolExecutionNotifications.map((notification) => notification.level);
    expect(levels).toEqual(["error", "note", "warning"]);
    expect(invocation?.toolExecutionNotifications[0]?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "deploy/broken.yaml" },
      region: { startLine: 7 },
    });
  });

  it("a clean scan succeeds with no rules and no results", () => {
    const only = run(sarif(cleanScan()));
    expect(only.invocations[0]?.executionSuccessful).toBe(true);
    expect(only.tool.driver.rules).toEqual([]);
    expect(only.results).toEqual([]);
  });
});
