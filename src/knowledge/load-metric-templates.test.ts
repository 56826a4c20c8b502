import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandMetricTemplate, sidePlaceholders } from "../core/migrate/metric-templates.js";
import { KnowledgeError } from "./errors.js";
import { loadMetricTemplates } from "./load-metric-templates.js";

const dir = mkdtempSync(path.join(tmpdir(), "cutover-templates-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTemplates(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const VALID = `schemaVersion: 1
templates:
  - name: up
    description: share of targets up
    unit: ratio
    sideLabel: cluster
    source: Prometheus up
    params:
      job: { type: label-value, required: true, description: the job }
    query: avg(up{job="\${job}",\${side}})
`;

describe("bundled metric templates", () => {
  const templates = loadMetricTemplates();

  it("holds the seed's signals and the local stack's HAProxy signals", () => {
    expect(templates.map((template) => template.name)).toEqual([
      "error-rate",
      "request-rate",
      "latency-p95",
      "latency-p99",
      "pod-restarts",
      "cpu-throttling",
      "memory-saturation",
      "haproxy-error-rate",
      "haproxy-request-rate",
      "haproxy-response-time",
    ]);
  });

  it.each(loadMetricTemplates().map((template) => [template.name, template] as const))(
    "%s expands with only its required params into a query with one side placeholder",
    (name, template) => {
      const params = Object.fromEntries(
        Object.entries(template.params)
          .filter(([, param]) => param.required)
          .map(([param]) => [param, "x"]),
      );
      const expanded = expandMetricTemplate(templates, { template: name, params });
      expect(expanded.ok).toBe(true);
      expect(expanded.ok && sidePlaceholders(expanded.query)).toEqual([template.sideLabel]);
      expect(expanded.ok && expanded.query).not.toMatch(/\$\{/);
    },
  );
});

describe("loadMetricTemplates with a user file", () => {
  it("loads a valid file", () => {
    const [template] = loadMetricTemplates(writeTemplates("valid.yaml", VALID));
    expect(template).toMatchObject({ name: "up", sideLabel: "cluster", params: { job: { required: true } } });
  });

  it.each([
    [
      "an unknown field",
      "unknown-field",
      VALID.replace("unit: ratio", "unit: ratio\n    units: ratio"),
      /unknown-field\.yaml:6: entry 1: .*unknown field "units"/,
    ],
    [
      "a bad unit",
      "bad-unit",
      VALID.replace("unit: ratio", "unit: percent"),
      /bad-unit\.yaml:5: entry 1: .*unit: expected one of ratio, per-second, seconds, count/,
    ],
    [
      "an undeclared placeholder",
      "undeclared",
      VALID.replace("avg(up{", `avg(\${metric}{`),
      /undeclared\.yaml:3: entry 1 \(up\): query uses \$\{metric\} but params does not declare it/,
    ],
    [
      "no side placeholder",
      "no-side",
      VALID.replace(`,\${side}`, ""),
      /no-side\.yaml:3: entry 1 \(up\): query never uses \$\{side\}/,
    ],
    [
      "a duplicate name",
      "duplicate",
      VALID + VALID.split("templates:\n")[1],
      /duplicate\.yaml: entry 2 repeats template "up" of entry 1/,
    ],
    ["broken YAML", "broken", "templates: [", /broken\.yaml:1: not valid YAML/],
  ])("reports %s with the file, line and fix", (_case, name, text, message) => {
    const file = writeTemplates(`${name}.yaml`, text);
    expect(() => loadMetricTemplates(file)).toThrow(KnowledgeError);
    expect(() => loadMetricTemplates(file)).toThrow(message);
  });

  it("reports a missing file", () => {
    expect(() => loadMetricTemplates(path.join(dir, "nope.yaml"))).toThrow(
      /nope\.yaml: cannot read metric templates \(no such file\)/,
    );
  });
});
