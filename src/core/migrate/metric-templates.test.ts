import { describe, expect, it } from "vitest";
import {
  checkMetricTemplate,
  expandMetricTemplate,
  type MetricTemplate,
  sidePlaceholders,
  templatePlaceholders,
} from "./metric-templates.js";

const errorRate: MetricTemplate = {
  name: "error-rate",
  description: "5xx share",
  unit: "ratio",
  sideLabel: "cluster",
  source: "test",
  params: {
    job: { type: "label-value", required: true, description: "the scrape job" },
    pod: { type: "label-regex", required: false, default: ".+", description: "pods" },
    metric: { type: "metric-name", required: false, default: "http_requests_total", description: "counter" },
    codeLabel: { type: "label-name", required: false, default: "code", description: "code label" },
    window: { type: "duration", required: false, default: "1m", description: "window" },
  },
  query: `sum(rate(\${metric}{job="\${job}",pod=~"\${pod}",\${side},\${codeLabel}=~"5.."}[\${window}])) / sum(rate(\${metric}{job="\${job}",\${side}}[\${window}]))`,
};
const templates = [errorRate];

describe("expandMetricTemplate", () => {
  it("fills params and defaults and leaves the side placeholder for per-side rendering", () => {
    expect(expandMetricTemplate(templates, { template: "error-rate", params: { job: "shop" } })).toEqual({
      ok: true,
      sideLabel: "cluster",
      query:
        'sum(rate(http_requests_total{job="shop",pod=~".+",cluster="{{cluster}}",code=~"5.."}[1m])) / sum(rate(http_requests_total{job="shop",cluster="{{cluster}}"}[1m]))',
    });
  });

  it("renames the side label with sideLabel and overrides defaults", () => {
    const expanded = expandMetricTemplate(templates, {
      template: "error-rate",
      params: { job: "shop", sideLabel: "server", window: "30s", codeLabel: "status" },
    });
    expect(expanded.ok && expanded.query).toBe(
      'sum(rate(http_requests_total{job="shop",pod=~".+",server="{{server}}",status=~"5.."}[30s])) / sum(rate(http_requests_total{job="shop",server="{{server}}"}[30s]))',
    );
    expect(expanded.ok && sidePlaceholders(expanded.query)).toEqual(["server"]);
  });

  it("escapes label values and regexes so they stay inside their quotes", () => {
    const expanded = expandMetricTemplate(templates, {
      template: "error-rate",
      params: { job: 'a"} or vector(1) #', pod: "shop-\\d+" },
    });
    expect(expanded.ok && expanded.query).toContain('job="a\\"} or vector(1) #"');
    expect(expanded.ok && expanded.query).toContain('pod=~"shop-\\\\d+"');
  });

  it("accepts numbers as param values", () => {
    const expanded = expandMetricTemplate(templates, { template: "error-rate", params: { job: 8080 } });
    expect(expanded.ok && expanded.query).toContain('job="8080"');
  });

  it.each([
    [{ template: "errors" }, ['unknown metric template "errors"; known templates: error-rate']],
    [{ template: "error-rate" }, ['template "error-rate": param "job" is required (the scrape job)']],
    [
      { template: "error-rate", params: { job: "shop", jb: "x" } },
      ['template "error-rate": unknown param "jb"; it takes job, pod, metric, codeLabel, window, sideLabel'],
    ],
    [
      { template: "error-rate", params: { job: "shop", window: "5 minutes" } },
      ['template "error-rate": param "window" must be a PromQL duration like 1m or 30s, got "5 minutes"'],
    ],
    [
      { template: "error-rate", params: { job: "shop", metric: "http-requests", pod: "(" } },
      [
        'template "error-rate": param "pod" must be a regular expression (RE2 syntax), got "("',
        'template "error-rate": param "metric" must be a metric name like http_requests_total, got "http-requests"',
      ],
    ],
    [
      { template: "error-rate", params: { job: "shop", sideLabel: "side label" } },
      ['template "error-rate": param "sideLabel" must be a label name like cluster, got "side label"'],
    ],
  ])("reports %j", (ref, problems) => {
    expect(expandMetricTemplate(templates, ref)).toEqual({ ok: false, problems });
  });
});

describe("checkMetricTemplate", () => {
  it("accepts a consistent template", () => {
    expect(checkMetricTemplate(errorRate)).toEqual([]);
  });

  it("lists every inconsistency", () => {
    const broken: MetricTemplate = {
      ...errorRate,
      sideLabel: "1cluster",
      params: {
        job: { type: "label-value", required: true, default: "shop", description: "job" },
        extra: { type: "duration", required: false, description: "never used" },
        window: { type: "duration", required: false, default: "one minute", description: "window" },
        side: { type: "label-name", required: false, default: "x", description: "reserved" },
      },
      query: `sum(rate(\${metric}{job="\${job}"}[\${window}]))`,
    };
    expect(checkMetricTemplate(broken)).toEqual([
      `query never uses \${side}: blue and green would run the same query`,
      `query uses \${metric} but params does not declare it`,
      'param "job" is required and has a default; keep one of them',
      'param "extra" is declared but the query never uses it',
      'param "extra" is optional but has no default; add one or mark it required',
      'param "window" default "one minute" is not a PromQL duration like 1m or 30s',
      'param "side" is reserved; rename it',
      'param "side" is declared but the query never uses it',
      'sideLabel "1cluster" is not a label name',
    ]);
  });

  it("finds placeholders once each, in order", () => {
    expect(templatePlaceholders(errorRate.query)).toEqual([
      "metric",
      "job",
      "pod",
      "side",
      "codeLabel",
      "window",
    ]);
  });
});
