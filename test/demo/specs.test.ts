// The demo's spec templates, rendered as run.mjs renders them, must pass the engine's own spec parser and
// gate on the same error-rate query the stage measures; the freeze hook must really write its marker.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analysisIntervalMs, renderSpec, SPEC_TEMPLATES } from "../../scripts/demo/specs.mjs";
import { ERROR_RATE_MAX, ERROR_RATE_QUERY } from "../../scripts/demo/stack-config.mjs";
import { durationMs } from "../../src/core/migrate/duration.js";
import { parseMigrationSpec } from "../../src/core/migrate/spec-parse.js";

const dir = mkdtempSync(path.join(tmpdir(), "cutover-specs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const values = {
  BLUE_URL: "http://127.0.0.1:18081/",
  GREEN_URL: "http://127.0.0.1:18082/",
  RUNTIME_API: path.join(dir, "haproxy.sock"),
  STATE_FILE: path.join(dir, "haproxy.state"),
  PROMETHEUS: "http://127.0.0.1:19090",
  NODE: process.execPath,
  FREEZE_MARKER: path.join(dir, "blue-frozen.txt"),
};

function parsed(file: string) {
  const result = parseMigrationSpec(renderSpec(readFileSync(file, "utf8"), values, file), file);
  if ("errors" in result) throw new Error(`${file}: ${JSON.stringify(result.errors)}`);
  return result.spec;
}

describe.each([
  { name: "rollback", file: SPEC_TEMPLATES.rollback, migration: "demo-rollback" },
  { name: "cutover", file: SPEC_TEMPLATES.cutover, migration: "demo-cutover" },
])("demo spec $name", ({ file, migration }) => {
  it("passes the engine's spec parser with the stage's values filled in", () => {
    const spec = parsed(file);
    expect(spec.metadata.name).toBe(migration);
    expect(spec.spec.traffic).toEqual({
      provider: "haproxy",
      haproxy: {
        runtimeApi: `unix:${values.RUNTIME_API}`,
        backend: "app",
        blueServer: "blue",
        greenServer: "green",
        stateFile: values.STATE_FILE,
      },
    });
  });

  it("steps 20/50/80/100, analyses every 1-2 s and gates on the stage's error-rate query", () => {
    const { spec } = parsed(file);
    expect(spec.steps.map((step) => step.green)).toEqual([20, 50, 80, 100]);
    expect(durationMs(spec.analysis.interval)).toBeGreaterThanOrEqual(1_000);
    expect(durationMs(spec.analysis.interval)).toBeLessThanOrEqual(2_000);
    expect(spec.analysis.failureLimit).toBeGreaterThanOrEqual(1);
    const [errorRate] = spec.analysis.metrics;
    expect(errorRate?.prometheus).toEqual({ address: values.PROMETHEUS, query: ERROR_RATE_QUERY });
    expect(errorRate?.max).toBe(ERROR_RATE_MAX);
    expect(errorRate?.vsBlue?.maxRatio).toBeGreaterThan(1);
  });

  it("reads the same analysis interval as the engine (the detection target is built on it)", () => {
    const { spec } = parsed(file);
    const name = file === SPEC_TEMPLATES.rollback ? "rollback" : "cutover";
    expect(analysisIntervalMs(name)).toBe(durationMs(spec.analysis.interval));
  });

  it("counts green's requests in whole numbers for the minimum sample", () => {
    const { spec } = parsed(file);
    expect(spec.analysis.minSamples?.prometheus?.query).toMatch(/^round\(sum\(increase\(/);
  });
});

describe("demo spec rendering", () => {
  it("fails naming a placeholder without a value, and leaves comment lines alone", () => {
    expect(() => renderSpec(`a: \${PROMETHEUS}\nb: \${NOPE}\n`, values, "x.yaml")).toThrow(
      `x.yaml: no value for \${NOPE}`,
    );
    expect(renderSpec(`# uses \${NOPE}\na: \${NODE}\n`, values)).toBe(
      `# uses \${NOPE}\na: ${process.execPath}\n`,
    );
  });

  it("keeps the whole run 2 well under two minutes of bakes", () => {
    const { spec } = parsed(SPEC_TEMPLATES.cutover);
    const bakes = spec.steps.reduce((sum, step) => sum + durationMs(step.bake), 0);
    const rest =
      durationMs(spec.finalBake) +
      durationMs(spec.drain.wait ?? "0") +
      durationMs(spec.freeze?.duration ?? "0");
    expect(bakes + rest).toBeLessThanOrEqual(30_000);
  });

  it("has a freeze hook that writes its marker file when run without a shell", () => {
    const hook = parsed(SPEC_TEMPLATES.cutover).spec.freeze?.hook;
    expect(hook).toBeDefined();
    const [program, ...args] = hook?.command ?? [];
    const run = spawnSync(program ?? "", args, { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(existsSync(values.FREEZE_MARKER)).toBe(true);
    expect(readFileSync(values.FREEZE_MARKER, "utf8")).toMatch(/^blue frozen at \d{4}-\d\d-\d\dT/);
  });
});
