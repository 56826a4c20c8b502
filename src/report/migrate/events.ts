// One line of text per migration event, for the progress lines of `migrate start|resume` and the DETAILS
// column of `migrate history`. Measurements show each metric's verdict with its values; a rollback its
// reason. Unknown event types (a newer cutover wrote them) are shown by type and data.
import type { Measurement } from "../../core/migrate/analysis.js";
import { formatDuration } from "../../core/migrate/duration.js";
import { describeWeights } from "../../core/migrate/state.js";
import { redactArgv } from "../../core/redact.js";
import { plural } from "../../core/text.js";
import type { PreflightIssue, Weights } from "../../ports/traffic.js";

export interface EventLike {
  type: string;
  data: Record<string, unknown>;
}

/** Green percentage of each step (spec.spec.steps), to say "step 2 (green 50 %)"; optional. */
export type StepGreens = readonly number[];

export function describeEvent(event: EventLike, steps: StepGreens = []): string {
  const data = event.data;
  const step = (index: unknown) => stepLabel(index, steps);
  switch (event.type) {
    case "started":
      return `started by ${text(data.by)}`;
    case "phase-entered":
      return `phase ${text(data.phase)}`;
    case "hook-started": {
      const leftover = data.leftover === undefined ? "" : `${text(data.hook)} hook: ${text(data.leftover)}; `;
      // Redacted again: a log written by an older cutover stored the argv as given.
      const command = Array.isArray(data.command) ? redactArgv(data.command.map(String)).join(" ") : "?";
      return `${leftover}${text(data.hook)} hook: running ${command}`;
    }
    case "hook-process":
      return `${text(data.hook)} hook: process group ${text(data.pgid)} on ${text(data.host)}`;
    case "hook-succeeded":
      return `${text(data.hook)} hook succeeded in ${formatDuration(Number(data.durationMs) || 0)}`;
    case "hook-failed":
      return `${text(data.hook)} hook FAILED: ${text(data.message)}`;
    case "preflight-passed":
      return `preflight passed; the provider carries ${weights(data.weights)}${parity(data.parity)}`;
    case "preflight-failed":
      return `preflight FAILED: ${issues(data.issues)}${parity(data.parity)}`;
    case "smoke-passed":
      return `smoke tests passed (${plural(Array.isArray(data.results) ? data.results.length : 0, "check")})`;
    case "smoke-failed":
      return `smoke tests FAILED: ${text(data.message)}`;
    case "weights-intended":
      return `setting ${weights(data.weights)} (${data.purpose === "rollback" ? "rollback" : "step"})`;
    case "weights-set":
      return data.reconciled
        ? `weights set: ${weights(data.weights)} (found at the provider after a restart)`
        : `weights set: ${weights(data.weights)}${changeText(data.change)}`;
    case "weights-observed":
      return `provider reads ${weights(data.weights)} (${text(data.purpose)})`;
    case "weights-effective":
      return `in effect for clients: ${weights(data.weights)}`;
    case "measurement":
      return `measured ${data.step === null ? "final bake" : step(data.step)}: ${describeMeasurements(data.measurements)}`;
    case "step-passed":
      return `${step(data.step)} passed: ${text(data.reason)}`;
    case "approval-requested":
      return `${step(data.step)} awaits approval`;
    case "approved":
      return `${step(data.step)} approved by ${text(data.by)}`;
    case "step-started":
      return `${step(data.step)} started`;
    case "promoted":
      return "promoted: green carries all traffic";
    case "rollback-started":
      return `ROLLBACK: ${withBy(data.reason, data.by)}`;
    case "rolled-back":
      return `rolled back: ${weights(data.weights)} set, in effect and read back`;
    case "completed":
      return "completed";
    case "paused":
      return `paused by ${text(data.by)}`;
    case "resumed":
      return `resumed by ${text(data.by)}`;
    case "aborted":
      return `aborted: ${withBy(data.reason, data.by)}`;
    default:
      return `${event.type} ${JSON.stringify(data)}`;
  }
}

/** "error-rate successful (green 0.001 is 0.5× blue 0.002 …); min-samples inconclusive (…)". */
export function describeMeasurements(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return "no measurements";
  return (value as Measurement[])
    .map((m) => `${m.metric}${m.side === "blue" ? " (blue)" : ""} ${m.phase} (${m.message})`)
    .join("; ");
}

/** "step 2 (green 50 %)", 1-based as people count. */
export function stepLabel(index: unknown, steps: StepGreens = []): string {
  if (typeof index !== "number") return "step ?";
  const green = steps[index];
  return green === undefined ? `step ${index + 1}` : `step ${index + 1} (green ${green} %)`;
}

function weights(value: unknown): string {
  const candidate = value as Weights | null | undefined;
  return candidate && typeof candidate.blue === "number" ? describeWeights(candidate) : "unknown weights";
}

function issues(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return "no details";
  return (value as PreflightIssue[]).map((issue) => `${issue.message} (fix: ${issue.fix})`).join("; ");
}

/** "reason (by who)", unless the reason already names who. */
function withBy(reason: unknown, by: unknown): string {
  const said = text(reason);
  return said.includes(text(by)) ? said : `${said} (by ${text(by)})`;
}

function text(value: unknown): string {
  return value === undefined || value === null ? "?" : String(value);
}

function _list(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(" ") : text(value);
}

/** The parity gate's verdict as a preflight event records it; a forced start says so. */
function parity(record: unknown): string {
  if (record === null || typeof record !== "object") return "";
  const { verdict, forced } = record as { verdict?: unknown; forced?: unknown };
  const words = `; parity: ${text(verdict)}`;
  return forced === true ? `${words} (FORCED past the parity check with --force)` : words;
}

/** " (change /change/C1, resolvers may hold records 60 s)" for a provider change, else "". */
function changeText(change: unknown): string {
  const c = change as { id?: unknown; holdSeconds?: unknown } | undefined;
  if (typeof c?.id !== "string") return "";
  const hold = typeof c.holdSeconds === "number" ? `, resolvers may hold records ${c.holdSeconds} s` : "";
  return ` (change ${c.id}${hold})`;
}
