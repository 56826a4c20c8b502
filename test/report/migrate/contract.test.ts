// The JSON contract of `cutover migrate … -o json` and the tables built from it, on a literal event log
// folded by the engine (no store, no providers).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { replay } from "../../../src/core/migrate/apply.js";
import type { MigrationEvent } from "../../../src/ports/store.js";
import {
  MIGRATION_STATUS_SCHEMA_ID,
  MIGRATION_STATUS_SCHEMA_PATH,
  MigrateOutputSchema,
  MigrationStatusSchema,
  migrationStatusJsonSchema,
} from "../../../src/report/migrate/contract.js";
import { describeEvent } from "../../../src/report/migrate/events.js";
import {
  type MigrationView,
  renderJson,
  toHistoryContract,
  toRunContract,
  toStatusContract,
  toValidationContract,
} from "../../../src/report/migrate/json.js";
import {
  renderDryRun,
  renderHistoryTable,
  renderStatusDetail,
  renderStatusList,
  renderValidation,
} from "../../../src/report/migrate/table.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const T0 = Date.parse("2025-06-01T12:00:00.000Z");
const w = (green: number) => ({ blue: 100 - green, green });

const LOG: [string, Record<string, unknown>][] = [
  ["started", { at: T0, by: "ops@bastion:42" }],
  ["phase-entered", { at: T0, phase: "preflight" }],
  ["preflight-passed", { at: T0 + 100, weights: w(0) }],
  ["phase-entered", { at: T0 + 200, phase: "stepping" }],
  ["weights-intended", { at: T0 + 300, weights: w(20), previous: w(0), purpose: "step" }],
  ["weights-set", { at: T0 + 400, weights: w(20), previous: w(0) }],
  ["weights-effective", { at: T0 + 500, weights: w(20), effectiveAt: T0 + 500 }],
  [
    "measurement",
    {
      at: T0 + 10_500,
      step: 0,
      measurements: [
        {
          metric: "error-rate",
          side: "green",
          phase: "failed",
          value: 0.2,
          blueValue: 0.01,
          at: T0 + 10_500,
          message: "green 0.2 is 20× blue 0.01 > maxRatio 2",
        },
      ],
    },
  ],
  [
    "rollback-started",
    { at: T0 + 10_600, by: "cutover (automatic)", reason: "error-rate: failed (1) > failureLimit (0)" },
  ],
];

function sampleView(events = LOG): MigrationView {
  const stored: MigrationEvent[] = events.map(([type, data], index) => ({
    seq: index + 1,
    migration: "shop",
    at: new Date(Number(data.at)).toISOString(),
    type,
    data,
  }));
  const state = replay("shop", stored);
  return {
    stored: {
      name: "shop",
      spec: { spec: { steps: [{ green: 20 }, { green: 50 }, { green: 100 }] } },
      state,
      phase: state.phase,
      createdAt: new Date(T0).toISOString(),
      updatedAt: stored.at(-1)?.at ?? "",
    },
    state,
    events: stored,
  };
}

describe("the migrate JSON contract", () => {
  it("the committed schema file is the one generated from the zod schema", () => {
    const committed = JSON.parse(readFileSync(resolve(repoRoot, MIGRATION_STATUS_SCHEMA_PATH), "utf8"));
    expect(
      committed,
      `${MIGRATION_STATUS_SCHEMA_PATH} is stale: run npx tsx scripts/gen-migration-status-schema.ts`,
    ).toEqual(migrationStatusJsonSchema());
  });

  it("is draft 2020-12 with an id, shared definitions, and a description on every status field", () => {
    const schema = migrationStatusJsonSchema() as {
      $schema: string;
      $id: string;
      $defs: Record<string, { properties: Record<string, { description?: string }> }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(MIGRATION_STATUS_SCHEMA_ID);
    expect(Object.keys(schema.$defs)).toEqual(
      expect.arrayContaining(["MigrationStatus", "MigrationEvent", "Weights"]),
    );
    for (const [field, value] of Object.entries(schema.$defs.MigrationStatus?.properties ?? {})) {
      expect(value.description, field).toBeTruthy();
    }
  });

  it("status, history, run and validation outputs parse with the contract", () => {
    const view = sampleView();
    const documents = [
      toStatusContract(view),
      toHistoryContract(view),
      toRunContract({ name: "shop", stopped: "rolled-back", reason: "r", exitCode: 1, view, dryRun: null }),
      toValidationContract("spec.yaml", {
        errors: [{ path: "spec.steps[0].green", message: "bad", line: 12 }],
      }),
    ];
    for (const document of documents) {
      const parsed = MigrateOutputSchema.safeParse(JSON.parse(renderJson(document)));
      expect(parsed.error).toBeUndefined();
    }
  });

  it("status carries the rollback, the applied weights and the latest round with values", () => {
    const status = toStatusContract(sampleView());
    expect(status).toMatchObject({
      phase: "rolling-back",
      weights: { applied: w(20), intended: null, effective: w(20), effectiveAt: "2025-06-01T12:00:00.500Z" },
      rollback: { by: "cutover (automatic)", fromPhase: "stepping", at: "2025-06-01T12:00:10.600Z" },
      analysis: { rounds: 1, tallies: { "error-rate": { failed: 1, count: 1 } } },
      lastEvent: { seq: 9, type: "rollback-started" },
    });
    expect(status.analysis?.latest[0]).toEqual({
      metric: "error-rate",
      side: "green",
      phase: "failed",
      value: 0.2,
      blueValue: 0.01,
      at: "2025-06-01T12:00:10.500Z",
      message: "green 0.2 is 20× blue 0.01 > maxRatio 2",
    });
  });

  it.each([
    ["an unknown field", (json: Record<string, unknown>) => Object.assign(json, { extra: 1 })],
    ["an unknown phase", (json: Record<string, unknown>) => Object.assign(json, { phase: "done" })],
    [
      "a step number of 0",
      (json: { step: unknown }) =>
        Object.assign(json, { step: { number: 0, of: 3, green: 20, stage: "analysing" } }),
    ],
  ])("MigrationStatusSchema rejects %s", (_, spoil) => {
    const json = JSON.parse(renderJson(toStatusContract(sampleView())));
    spoil(json);
    expect(MigrationStatusSchema.safeParse(json).success).toBe(false);
  });
});

describe("the migrate tables", () => {
  it("status lists one row per migration with the note that matters", () => {
    const text = renderStatusList([toStatusContract(sampleView())]);
    expect(text.split("\n")).toEqual([
      "NAME  PHASE         STEP  WEIGHTS             UPDATED               NOTE",
      "shop  rolling-back  -     blue 80 / green 20  2025-06-01 12:00:10Z  rollback: error-rate: failed (1) > failureLimit (0)",
    ]);
    expect(renderStatusList([])).toBe("No migrations in this store.");
  });

  it("status NAME shows the position, the rollback and the latest measurements", () => {
    const view = sampleView(LOG.slice(0, 8));
    const text = renderStatusDetail(toStatusContract(view));
    expect(text).toContain("shop  stepping  1/3 analysing  blue 80 / green 20");
    expect(text).toContain("Position:   stepping, step 1 (analysing)");
    expect(text).toMatch(
      /error-rate\s+green\s+failed \[1 failed, 0 inconclusive\]\s+0\.2\s+0\.01\s+green 0\.2 is 20× blue 0\.01/,
    );
  });

  it("history is one row per event with its summary", () => {
    const lines = renderHistoryTable(toHistoryContract(sampleView())).split("\n");
    expect(lines[0]).toMatch(/^SEQ\s+TIME\s+EVENT\s+DETAILS$/);
    expect(lines[6]).toMatch(/^6\s+2025-06-01 12:00:00Z\s+weights-set\s+weights set: blue 80 \/ green 20$/);
    expect(lines[8]).toContain(
      "measured step 1 (green 20 %): error-rate failed (green 0.2 is 20× blue 0.01 > maxRatio 2)",
    );
    expect(lines[9]).toContain(
      "ROLLBACK: error-rate: failed (1) > failureLimit (0) (by cutover (automatic))",
    );
  });

  it("a dry run lists preflight problems and every change with its offset", () => {
    const run = toRunContract({
      name: "shop",
      stopped: "dry-run",
      reason: "dry run",
      exitCode: 2,
      view: null,
      dryRun: {
        changes: [
          {
            offsetMs: 0,
            phase: "stepping",
            kind: "set-weights",
            description: "set blue 80 / green 20",
            weights: w(20),
          },
          { offsetMs: 60_000, phase: "stepping", kind: "wait", description: "bake step 1 for 1m" },
        ],
        preflightIssues: [
          { provider: "haproxy", message: "app/green (green) is in MAINT", fix: "set it ready" },
        ],
      },
    });
    const text = renderDryRun(run, "haproxy backend app");
    expect(text).toContain("Dry run of shop on haproxy backend app: nothing was changed or recorded.");
    expect(text).toContain("  - haproxy: app/green (green) is in MAINT (fix: set it ready)");
    expect(text).toMatch(/\+0s\s+stepping\s+set-weights\s+set blue 80 \/ green 20/);
    expect(text).toMatch(/\+1m\s+stepping\s+wait\s+bake step 1 for 1m/);
  });

  it("validation errors read file:line: path: message", () => {
    const text = renderValidation(
      toValidationContract("m.yaml", {
        errors: [
          { path: "spec.steps[1].green", message: "must be greater than 50", line: 15 },
          { path: "", message: "m.yaml is empty" },
        ],
      }),
    );
    expect(text.split("\n")).toEqual([
      "m.yaml:15: spec.steps[1].green: must be greater than 50",
      "m.yaml: m.yaml is empty",
      "2 problems in m.yaml",
    ]);
  });
});

describe("describeEvent", () => {
  it.each([
    [
      ["hook-failed", { hook: "provision", message: "terraform exited with 1" }],
      "provision hook FAILED: terraform exited with 1",
    ],
    [
      ["weights-set", { weights: w(50), reconciled: true }],
      "weights set: blue 50 / green 50 (found at the provider after a restart)",
    ],
    [
      ["preflight-failed", { issues: [{ provider: "haproxy", message: "down", fix: "start it" }] }],
      "preflight FAILED: down (fix: start it)",
    ],
    [["approved", { step: 1, by: "ana@laptop:7" }], "step 2 (green 50 %) approved by ana@laptop:7"],
    [["measurement", { step: null, measurements: [] }], "measured final bake: no measurements"],
    [["something-new", { x: 1 }], 'something-new {"x":1}'],
  ] as [[string, Record<string, unknown>], string][])("%j → %s", ([type, data], expected) => {
    expect(describeEvent({ type, data }, [20, 50, 100])).toBe(expected);
  });
});
