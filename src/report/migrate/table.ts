// `cutover migrate … -o table`: kubectl-style text built from the JSON contract, so both outputs say the
// same thing. Status lists one row per migration; status NAME adds the details and the latest round;
// history is one row per event.
import { formatDuration } from "../../core/migrate/duration.js";
import { renderTable } from "../text-table.js";
import type {
  MigrationHistoryContract,
  MigrationRunContract,
  MigrationStatusContract,
  MigrationValidationContract,
} from "./contract.js";

const STATUS_HEAD = ["NAME", "PHASE", "STEP", "WEIGHTS", "UPDATED", "NOTE"];

export function renderStatusList(items: readonly MigrationStatusContract[]): string {
  if (items.length === 0) return "No migrations in this store.";
  return renderTable(STATUS_HEAD, items.map(statusRow));
}

function statusRow(status: MigrationStatusContract): string[] {
  return [
    status.name,
    status.phase,
    stepCell(status),
    weightsCell(status.weights.applied),
    shortTime(status.updatedAt),
    noteCell(status),
  ];
}

function stepCell(status: MigrationStatusContract): string {
  const step = status.step;
  return step ? `${step.number}/${step.of} ${step.stage}` : "-";
}

function weightsCell(weights: { blue: number; green: number } | null): string {
  return weights ? `blue ${weights.blue} / green ${weights.green}` : "-";
}

/** The one thing a person should know: why it waits, why it rolled back. */
function noteCell(status: MigrationStatusContract): string {
  if (status.blocked) return `blocked: ${status.blocked.reason}`;
  if (status.paused) return `paused by ${status.paused.by}`;
  if (status.step?.stage === "awaiting-approval") return `awaits \`cutover migrate approve ${status.name}\``;
  if (status.aborted) return `aborted: ${status.aborted.reason}`;
  if (status.rollback) return `rollback: ${status.rollback.reason}`;
  return "";
}

/** "2025-06-01 12:00:03Z": second precision, UTC. */
function shortTime(at: string): string {
  return at.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function renderStatusDetail(status: MigrationStatusContract): string {
  const lines = [renderTable(STATUS_HEAD, [statusRow(status)]), ""];
  const field = (label: string, value: string) => lines.push(`${`${label}:`.padEnd(12)}${value}`);
  field("Position", status.position);
  field("Weights", describeWeightsBlock(status));
  if (status.approvals.length > 0)
    field("Approvals", status.approvals.map((a) => `step ${a.step} by ${a.by}`).join(", "));
  if (status.paused) field("Paused", `by ${status.paused.by} at ${shortTime(status.paused.at)}`);
  if (status.blocked) field("Blocked", status.blocked.reason);
  if (status.rollback)
    field(
      "Rollback",
      `${status.rollback.reason} (by ${status.rollback.by}, from ${status.rollback.fromPhase})`,
    );
  if (status.aborted) field("Aborted", `${status.aborted.reason} (by ${status.aborted.by})`);
  if (status.lastEvent)
    field(
      "Last event",
      `#${status.lastEvent.seq} ${shortTime(status.lastEvent.at)} ${status.lastEvent.summary}`,
    );
  const analysis = status.analysis;
  if (analysis) {
    field(
      "Analysis",
      `${analysis.rounds} rounds (${analysis.heldRounds} held) since ${shortTime(analysis.windowStart)}`,
    );
    if (analysis.latest.length > 0) {
      lines.push(
        "",
        renderTable(["METRIC", "SIDE", "RESULT", "VALUE", "BLUE", "MESSAGE"], measurementRows(status)),
      );
    }
  }
  return lines.join("\n");
}

function describeWeightsBlock(status: MigrationStatusContract): string {
  const { applied, intended, effective } = status.weights;
  const parts = [`applied ${weightsCell(applied)}`];
  if (intended) parts.push(`intended ${weightsCell(intended)} (not confirmed yet)`);
  if (effective && (effective.blue !== applied?.blue || effective.green !== applied?.green))
    parts.push(`in effect ${weightsCell(effective)}`);
  return parts.join("; ");
}

function measurementRows(status: MigrationStatusContract): string[][] {
  const tallies = status.analysis?.tallies ?? {};
  return (status.analysis?.latest ?? []).map((m) => {
    const tally = tallies[m.metric];
    const counts =
      tally && m.side === "green" ? ` [${tally.failed} failed, ${tally.inconclusive} inconclusive]` : "";
    return [m.metric, m.side, `${m.phase}${counts}`, numberCell(m.value), numberCell(m.blueValue), m.message];
  });
}

function numberCell(value: number | null): string {
  return value === null ? "-" : String(Number(value.toPrecision(4)));
}

export function renderHistoryTable(history: MigrationHistoryContract): string {
  if (history.events.length === 0) return `${history.name} has no events yet.`;
  const rows = history.events.map((event) => [
    String(event.seq),
    shortTime(event.at),
    event.type,
    event.summary,
  ]);
  return renderTable(["SEQ", "TIME", "EVENT", "DETAILS"], rows);
}

/** --dry-run: what the preflight found, then every change in order with its time after the start. */
export function renderDryRun(run: MigrationRunContract, target: string): string {
  const plan = run.dryRun;
  if (!plan) return run.reason;
  const lines = [`Dry run of ${run.name} on ${target}: nothing was changed or recorded.`, ""];
  if (plan.preflightIssues.length === 0) lines.push("Preflight: ready.");
  else {
    lines.push("Preflight found problems (a real start would stop here):");
    for (const issue of plan.preflightIssues)
      lines.push(`  - ${issue.provider}: ${issue.message} (fix: ${issue.fix})`);
  }
  lines.push("");
  const rows = plan.changes.map((change) => [
    change.offsetMs === 0 ? "+0s" : `+${formatDuration(change.offsetMs)}`,
    change.phase,
    change.kind,
    change.description,
  ]);
  lines.push(renderTable(["AT", "PHASE", "CHANGE", "WHAT"], rows));
  return lines.join("\n");
}

/** validate: "file:12: spec.steps[1].green: must be greater than 20 (the previous step)". */
export function renderValidation(result: MigrationValidationContract): string {
  if (result.valid) return `${result.file}: valid Migration "${result.name}"`;
  const lines = result.errors.map(
    (error) =>
      `${result.file}${error.line === null ? "" : `:${error.line}`}: ${error.path === "" ? "" : `${error.path}: `}${error.message}`,
  );
  const count = result.errors.length;
  return [...lines, `${count} problem${count === 1 ? "" : "s"} in ${result.file}`].join("\n");
}
