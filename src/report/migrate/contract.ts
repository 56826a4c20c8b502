// The JSON contract of `cutover migrate … -o json`: one document per command, told apart by `kind`
// (MigrationStatus, MigrationStatusList, MigrationHistory, MigrationRun, MigrationCommandResult,
// MigrationValidation). Tests hold the output to these zod schemas; schema/migration-status.schema.json is
// generated from them (scripts/gen-migration-status-schema.ts). Times are ISO-8601 strings in UTC.
import { z } from "zod";
import { MIGRATION_API_VERSION } from "../../core/migrate/spec.js";
import { PHASES } from "../../core/migrate/state.js";

export const MIGRATION_STATUS_SCHEMA_ID = "urn:cutover:schema:migration-status:v1alpha1";
export const MIGRATION_STATUS_SCHEMA_PATH = "schema/migration-status.schema.json";

const time = z.string().describe("ISO-8601 time in UTC.");
const apiVersion = z.literal(MIGRATION_API_VERSION).describe("Version of this document's shape.");
const phase = z.enum(PHASES).describe("The migration's phase.");

const WeightsSchema = z
  .strictObject({
    blue: z.number().describe("Percentage of traffic to blue."),
    green: z.number().describe("Percentage of traffic to green."),
  })
  .describe("Traffic weights in percent; they sum to 100.")
  .meta({ id: "Weights" });

const MeasurementSchema = z
  .strictObject({
    metric: z.string().describe('The metric\'s name, or "min-samples".'),
    side: z.enum(["blue", "green"]).describe("green: a judgement of green; blue: blue's health."),
    phase: z
      .enum(["successful", "failed", "inconclusive", "error"])
      .describe("Argo Rollouts' measurement phase."),
    value: z.number().nullable().describe("The measured side's value; null when there was none."),
    blueValue: z.number().nullable().describe("Blue's value when green was compared with it."),
    at: time.describe("When the round started."),
    message: z.string().describe("The verdict in words, with the values."),
  })
  .describe("One measurement of one round.")
  .meta({ id: "Measurement" });

const TallySchema = z
  .strictObject({
    count: z.number().int().describe("Measurements without error."),
    successful: z.number().int().describe("Successful measurements."),
    failed: z.number().int().describe("Failed measurements (compared with failureLimit)."),
    inconclusive: z.number().int().describe("Inconclusive measurements (compared with inconclusiveLimit)."),
    error: z.number().int().describe("Measurements whose query failed."),
    consecutiveError: z.number().int().describe("Errors in a row (compared with consecutiveErrorLimit)."),
  })
  .describe("Counters of one metric in the current analysis.");

const AnalysisSchema = z
  .strictObject({
    windowStart: time.describe("When measuring started: the traffic change became effective."),
    rounds: z.number().int().describe("Measurement rounds so far."),
    heldRounds: z.number().int().describe("Rounds not counted because blue was unhealthy."),
    lastRoundAt: time.nullable().describe("When the latest round started; null before the first."),
    tallies: z.record(z.string(), TallySchema).describe("Counters per metric."),
    latest: z.array(MeasurementSchema).describe("The measurements of the latest round."),
  })
  .describe("The analysis of the current step or of the final bake.");

const ByAtSchema = z.strictObject({
  by: z.string().describe("Who gave the command (user@host:pid)."),
  at: time.describe("When."),
});

export const MigrationStatusSchema = z
  .strictObject({
    apiVersion,
    kind: z.literal("MigrationStatus").describe("What this document is."),
    name: z.string().describe("metadata.name of the migration."),
    phase,
    position: z.string().describe('The phase and step in words, e.g. "stepping, step 2 (analysing)".'),
    createdAt: time.describe("When the migration was first started."),
    updatedAt: time.describe("When the last event was recorded."),
    step: z
      .strictObject({
        number: z.number().int().min(1).describe("1-based step number."),
        of: z.number().int().min(1).describe("How many steps the spec has."),
        green: z.number().nullable().describe("The step's green percentage."),
        stage: z
          .enum(["shifting", "settling", "analysing", "passed", "awaiting-approval"])
          .describe("Where the step is."),
      })
      .nullable()
      .describe("The current step; null outside the stepping phase."),
    weights: z
      .strictObject({
        applied: WeightsSchema.nullable().describe("Last weights confirmed at the provider."),
        intended: WeightsSchema.nullable().describe("A change recorded but not yet confirmed."),
        effective: WeightsSchema.nullable().describe("Last weights confirmed in effect for clients."),
        effectiveAt: time.nullable().describe("When `effective` took effect."),
      })
      .describe("The traffic as the log records it."),
    analysis: AnalysisSchema.nullable().describe(
      "The current analysis; null when nothing is being measured.",
    ),
    approvals: z
      .array(ByAtSchema.extend({ step: z.number().int().min(1).describe("1-based step number.") }))
      .describe("Manual approvals given."),
    paused: ByAtSchema.nullable().describe("Set while paused."),
    blocked: z
      .strictObject({ reason: z.string().describe("What a person must fix."), at: time.describe("When.") })
      .nullable()
      .describe("Set while the migration waits for a person (then `resume`)."),
    rollback: ByAtSchema.extend({
      reason: z.string().describe("Why it rolled back."),
      fromPhase: phase.describe("The phase it rolled back from."),
    })
      .nullable()
      .describe("Set once a rollback started."),
    aborted: ByAtSchema.extend({ reason: z.string().describe("Why.") })
      .nullable()
      .describe("Set when aborted (traffic left as it was)."),
    lastEvent: z
      .strictObject({
        seq: z.number().int().min(1).describe("Its place in the log."),
        at: time.describe("When it was recorded."),
        type: z.string().describe("Its type."),
        summary: z.string().describe("The event in words."),
      })
      .nullable()
      .describe("The latest event of the log; null before the first."),
  })
  .describe("`cutover migrate status NAME`: one migration's state, rebuilt from its event log.")
  .meta({ id: "MigrationStatus" });

const MigrationStatusListSchema = z
  .strictObject({
    apiVersion,
    kind: z.literal("MigrationStatusList").describe("What this document is."),
    items: z.array(MigrationStatusSchema).describe("Every migration in the store, by name."),
  })
  .describe("`cutover migrate status`: every migration in the store.");

const MigrationEventSchema = z
  .strictObject({
    seq: z.number().int().min(1).describe("1-based, gapless per migration."),
    at: time.describe("When the event was recorded."),
    type: z.string().describe('The event type, e.g. "weights-set", "measurement", "rollback-started".'),
    summary: z.string().describe("The event in words (as in the progress lines)."),
    data: z.record(z.string(), z.unknown()).describe("The event's data as stored (times in epoch ms)."),
  })
  .describe("One event of the append-only log.")
  .meta({ id: "MigrationEvent" });

export const MigrationHistorySchema = z
  .strictObject({
    apiVersion,
    kind: z.literal("MigrationHistory").describe("What this document is."),
    name: z.string().describe("metadata.name of the migration."),
    events: z.array(MigrationEventSchema).describe("The event log in order."),
  })
  .describe("`cutover migrate history NAME`: the event log.");

const PreflightIssueSchema = z.strictObject({
  provider: z.string().describe("The provider that found it."),
  message: z.string().describe("The problem."),
  fix: z.string().describe("What to do."),
});

const PlannedChangeSchema = z.strictObject({
  offsetMs: z.number().describe("Milliseconds after the start, assuming instant hooks and providers."),
  phase: phase.describe("The phase the change happens in."),
  kind: z.enum(["hook", "smoke", "set-weights", "approval", "wait"]).describe("What sort of change."),
  description: z.string().describe("The change in words."),
  weights: WeightsSchema.optional().describe("For set-weights: the weights it would set."),
});

const STOP_REASONS = ["completed", "rolled-back", "aborted", "blocked", "interrupted", "dry-run"] as const;

const MigrationRunSchema = z
  .strictObject({
    apiVersion,
    kind: z.literal("MigrationRun").describe("What this document is."),
    name: z.string().describe("metadata.name of the migration."),
    stopped: z.enum(STOP_REASONS).describe("Why the run ended."),
    reason: z.string().describe("The same, in words (the block or hold reason, or the final phase)."),
    exitCode: z.number().int().describe("The command's exit code (see docs/migrate.md)."),
    status: MigrationStatusSchema.nullable().describe("The state when the run ended; null for a dry run."),
    dryRun: z
      .strictObject({
        changes: z.array(PlannedChangeSchema).describe("Every change a run would make, in order."),
        preflightIssues: z.array(PreflightIssueSchema).describe("What the read-only preflight found."),
      })
      .nullable()
      .describe("--dry-run only."),
  })
  .describe("`cutover migrate start|resume`: how the run ended.");

const MigrationCommandResultSchema = z
  .strictObject({
    apiVersion,
    kind: z.literal("MigrationCommandResult").describe("What this document is."),
    name: z.string().describe("metadata.name of the migration."),
    command: z.enum(["approve", "pause", "resume", "rollback", "abort"]).describe("The command given."),
    event: MigrationEventSchema.describe("The event that records the command."),
    performedBy: z
      .string()
      .nullable()
      .describe("The running driver that acts on it; null when this command performed it or none runs."),
    status: MigrationStatusSchema.describe("The state after the command (after the rollback, if performed)."),
  })
  .describe("`cutover migrate approve|pause|rollback|abort NAME` (and resume of a running migration).");

const MigrationValidationSchema = z
  .strictObject({
    apiVersion,
    kind: z.literal("MigrationValidation").describe("What this document is."),
    file: z.string().describe("The spec file as given."),
    valid: z.boolean().describe("Whether the spec is valid."),
    name: z.string().nullable().describe("metadata.name when valid."),
    errors: z
      .array(
        z.strictObject({
          path: z.string().describe('Dotted path of the field, e.g. "spec.steps[2].green".'),
          line: z.number().int().min(1).nullable().describe("1-based line in the file, when known."),
          message: z.string().describe("What is wrong and what is expected."),
        }),
      )
      .describe("Every problem found."),
  })
  .describe("`cutover migrate validate SPEC`.");

export const MigrateOutputSchema = z
  .discriminatedUnion("kind", [
    MigrationStatusSchema,
    MigrationStatusListSchema,
    MigrationHistorySchema,
    MigrationRunSchema,
    MigrationCommandResultSchema,
    MigrationValidationSchema,
  ])
  .meta({
    title: "Cutover migrate output",
    description:
      "The output of `cutover migrate … -o json`, one document per command, told apart by `kind`. Documented in docs/migrate.md.",
  });

export type MigrationStatusContract = z.infer<typeof MigrationStatusSchema>;
export type MigrationStatusListContract = z.infer<typeof MigrationStatusListSchema>;
export type MigrationEventContract = z.infer<typeof MigrationEventSchema>;
export type MigrationHistoryContract = z.infer<typeof MigrationHistorySchema>;
export type MigrationRunContract = z.infer<typeof MigrationRunSchema>;
export type MigrationCommandResultContract = z.infer<typeof MigrationCommandResultSchema>;
export type MigrationValidationContract = z.infer<typeof MigrationValidationSchema>;

/** The JSON Schema (draft 2020-12) of every migrate output, with $id and title first. */
export function migrationStatusJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(MigrateOutputSchema, {
    target: "draft-2020-12",
  });
  return { $schema, $id: MIGRATION_STATUS_SCHEMA_ID, title, description, ...rest };
}

/** The text of schema/migration-status.schema.json. */
export function migrationStatusJsonSchemaText(): string {
  return `${JSON.stringify(migrationStatusJsonSchema(), null, 2)}\n`;
}
