// `cutover migrate validate` (and the usage errors every migrate command shares), through the CLI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MigrateOutputSchema } from "../../src/report/migrate/contract.js";
import { fixture } from "../support/migrate-stack.js";
import { runCli } from "../support/terminal.js";

describe("cutover migrate validate", () => {
  it("accepts a valid spec and names it", async () => {
    const run = await runCli(["migrate", "validate", fixture("valid.yaml")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid Migration "shop-to-green"');
  });

  it("names the file, line and field path of every problem, and exits 2", async () => {
    const file = fixture("bad-steps.yaml");
    const run = await runCli(["migrate", "validate", file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `${file}:15: spec.steps[1].green: must be greater than 50 (the previous step)`,
    );
    expect(run.stdout).toContain(
      `${file}:15: spec.steps[1].green: the last step must send all traffic to green (100)`,
    );
    expect(run.stdout).toContain(`${file}:18: spec.analysis.interval: expected a duration`);
    expect(run.stdout).toContain(`${file}:20: spec.analysis.metrics[0]: needs a threshold`);
    expect(run.stdout).toContain("4 problems");
  });

  it("lists the known traffic providers for an unknown one", async () => {
    const run = await runCli(["migrate", "validate", fixture("unknown-provider.yaml"), "-o", "json"]);
    expect(run.code).toBe(2);
    const json = MigrateOutputSchema.parse(JSON.parse(run.stdout));
    expect(json).toMatchObject({ kind: "MigrationValidation", valid: false });
    expect(json.kind === "MigrationValidation" && json.errors).toEqual([
      {
        path: "spec.traffic.provider",
        line: 10,
        message: 'unknown traffic provider; expected one of route53, haproxy, externaldns, got "nginx"',
      },
    ]);
  });

  it("green's version must be one cutover knows: the error lists the known ones, at the line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cutover-validate-"));
    try {
      const file = path.join(dir, "spec.yaml");
      const green = 'green: { labels: { cluster: green }, version: "1.99", manifests: [gitops] }';
      writeFileSync(
        file,
        readFileSync(fixture("valid.yaml"), "utf8").replace("green: { labels: { cluster: green } }", green),
      );
      const run = await runCli(["migrate", "validate", file]);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(
        new RegExp(
          `${file}:8: spec\\.green\\.version: "1\\.99" is not a Kubernetes version cutover knows; known: 1\\.16, .*1\\.33`,
        ),
      );
      writeFileSync(file, readFileSync(file, "utf8").replace('"1.99"', '"v1.33"'));
      expect((await runCli(["migrate", "validate", file])).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      ["migrate", "validate", "/nonexistent/spec.yaml"],
      "cannot read the Migration spec /nonexistent/spec.yaml: no such file",
    ],
    [["migrate", "status", "-o", "yaml"], '--output "yaml" is not one of: table, json'],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
