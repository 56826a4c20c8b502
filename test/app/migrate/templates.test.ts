// A spec naming a built-in template (the bundled src/knowledge/data/metric-templates.yaml) validates and
// runs: the driver expands it before measuring.
import { describe, expect, it } from "vitest";
import { parseMigrationSpec } from "../../../src/core/migrate/spec-parse.js";
import { loadMetricTemplates } from "../../../src/knowledge/load-metric-templates.js";
import { healthy } from "../../support/fake-metrics.js";
import { BASE_SPEC } from "../../support/migration-spec.js";
import { harness } from "./driver-harness.js";

const WITH_TEMPLATE = BASE_SPEC.replace(
  /query: 'sum\(rate.*'/,
  "template: error-rate, params: { job: shop }",
);

describe("built-in metric templates", () => {
  it("a spec naming error-rate validates against the bundled templates", () => {
    const parsed = parseMigrationSpec(WITH_TEMPLATE, "m.yaml", { templates: loadMetricTemplates() });
    expect("spec" in parsed, JSON.stringify(parsed)).toBe(true);
  });

  it("the driver expands the template and queries each side by its label", async () => {
    const templates = loadMetricTemplates();
    const h = harness(healthy, WITH_TEMPLATE, templates);
    const result = await h.run({ templates }).catch((error: unknown) => error);
    expect(result).toMatchObject({ stopped: "completed" });
    const greenQuery = h.metrics.queries.find(
      (query) => query.side === "green" && query.query.includes("5.."),
    );
    expect(greenQuery?.query).toContain('job="shop",cluster="green"');
  });

  it("the driver refuses a spec naming a template it was not given", async () => {
    const h = harness(healthy, WITH_TEMPLATE, loadMetricTemplates());
    await expect(h.run({ templates: [] })).rejects.toThrow(/unknown metric template "error-rate"/);
  });
});
