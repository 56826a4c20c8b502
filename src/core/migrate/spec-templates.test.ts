import { describe, expect, it } from "vitest";
import { BASE_SPEC } from "../../../test/support/migration-spec.js";
import type { MetricTemplate } from "./metric-templates.js";
import { parseMigrationSpec } from "./spec-parse.js";
import { expandSpecTemplates, usesTemplates } from "./spec-templates.js";

const ERROR_RATE: MetricTemplate = {
  name: "error-rate",
  description: "5xx share",
  unit: "ratio",
  sideLabel: "cluster",
  source: "test",
  params: { job: { type: "label-value", required: true, description: "the scrape job" } },
  query:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: templates write their params as ${name}
    'sum(rate(http_requests_total{job="${job}",${side},code=~"5.."}[1m])) / sum(rate(http_requests_total{job="${job}",${side}}[1m]))',
};

const WITH_TEMPLATE = BASE_SPEC.replace(
  /query: 'sum\(rate.*'/,
  "template: error-rate, params: { job: shop }",
);

describe("metric templates in a spec", () => {
  it("expands a template reference into a query filled per side", () => {
    const parsed = parseMigrationSpec(WITH_TEMPLATE, "m.yaml", { templates: [ERROR_RATE] });
    if (!("spec" in parsed)) throw new Error(JSON.stringify(parsed.errors));
    const spec = parsed.spec;
    expect(usesTemplates(spec)).toBe(true);
    const expanded = expandSpecTemplates(spec, [ERROR_RATE]);
    if (!("spec" in expanded)) throw new Error(JSON.stringify(expanded));
    const query = expanded.spec.spec.analysis.metrics[0]?.prometheus?.query;
    expect(query).toContain('job="shop",cluster="{{cluster}}",code=~"5.."');
    expect(expanded.spec.spec.analysis.metrics[0]?.prometheus?.template).toBeUndefined();
    expect(usesTemplates(expanded.spec)).toBe(false);
  });

  it.each([
    [
      WITH_TEMPLATE.replace("template: error-rate", "template: eror-rate"),
      'unknown metric template "eror-rate"',
    ],
    [WITH_TEMPLATE.replace("params: { job: shop }", "params: {}"), 'param "job" is required'],
    [
      WITH_TEMPLATE.replace("params: { job: shop }", "params: { job: shop, sideLabel: zone }"),
      "spec.blue.labels has no",
    ],
  ])("reports template problems at the template's path", (text, message) => {
    const parsed = parseMigrationSpec(text, "m.yaml", { templates: [ERROR_RATE] });
    expect("errors" in parsed && parsed.errors[0], JSON.stringify(parsed)).toMatchObject({
      path: "spec.analysis.metrics[0].prometheus.template",
      message: expect.stringContaining(message),
    });
  });
});
