// What the dashboard's API answers: a migration as a page shows it (the `migrate status` contract, the
// charts' series, the timeline in the words of `migrate history`, the spec, the next decision) and the
// list of migrations. Every answer is checked for secrets once more (safeJson): the log is redacted when
// written, and a value a hook or a provider let through must still not reach a browser.
import type { Action } from "../../core/migrate/actions.js";
import type { MigrationSpec } from "../../core/migrate/spec.js";
import type { MigrationState } from "../../core/migrate/state.js";
import { describeWeights } from "../../core/migrate/state.js";
import { redactDeep, redactSecrets } from "../../core/redact.js";
import type { LeaseHolder, MigrationEvent, StoredMigration } from "../../ports/store.js";
import type { MigrationStatusContract } from "../migrate/contract.js";
import { describeEvent, type StepGreens } from "../migrate/events.js";
import { specSteps, toStatusContract } from "../migrate/json.js";
import {
  type Mark,
  type MetricSeries,
  metricSeries,
  type WeightPoint,
  weightMarks,
  weightSeries,
} from "./series.js";

export interface NextDecision {
  /** wait, await-approval, hold, blocked, act, done */
  kind: string;
  label: string;
  /** When the engine decides again (ms since epoch), for a countdown; null when it waits for a person. */
  until: number | null;
}

export interface MigrationPage {
  name: string;
  status: MigrationStatusContract;
  lease: LeaseHolder | null;
  next: NextDecision | null;
  weights: { points: WeightPoint[]; marks: Mark[] };
  metrics: MetricSeries[];
  timeline: TimelineEntry[];
  hooks: HookRun[];
  spec: unknown;
}

/** One event of the log as the timeline shows it: `at` on the engine's clock (ms), the `history` words. */
export interface TimelineEntry {
  seq: number;
  at: number;
  type: string;
  summary: string;
}

export interface HookRun {
  hook: string;
  command: string;
  startedAt: string;
  status: "running" | "succeeded" | "failed";
  output: string;
}

export interface MigrationListItem {
  name: string;
  specFile: string | null;
  phase: string;
  position: string;
  weights: string;
  startedAt: string | null;
  endedAt: string | null;
  outcome: string | null;
  lease: LeaseHolder | null;
  updatedAt: string;
}

export interface PageInput {
  stored: StoredMigration;
  spec: MigrationSpec | null;
  state: MigrationState;
  events: readonly MigrationEvent[];
  lease: LeaseHolder | null;
  next: Action | null;
}

export function migrationPage(input: PageInput): MigrationPage {
  const { stored, spec, state, events } = input;
  const body = spec?.spec ?? null;
  const steps = specSteps(stored.spec);
  return {
    name: stored.name,
    status: toStatusContract({ stored, state, events }),
    lease: input.lease,
    next: input.next ? nextDecision(input.next, state) : null,
    weights: { points: weightSeries(events), marks: weightMarks(events, body) },
    metrics: metricSeries(events, body),
    timeline: events.map((event) => timelineEntry(event, steps)),
    hooks: hookRuns(events),
    spec: stored.spec,
  };
}

export function timelineEntry(event: MigrationEvent, steps: StepGreens): TimelineEntry {
  const at = typeof event.data.at === "number" ? event.data.at : Date.parse(event.at);
  return { seq: event.seq, at, type: event.type, summary: describeEvent(event, steps) };
}

/**
 * `value` as JSON with no likely secret in it. One scan of the whole text finds nothing in the usual case;
 * otherwise every string is redacted on its own (a rule must not run across JSON quotes).
 */
export function safeJson(value: unknown): string {
  const text = JSON.stringify(value);
  return redactSecrets(text) === text ? text : JSON.stringify(redactDeep(value));
}

/** The next decision; a step waiting for approval says so first (measuring goes on meanwhile). */
function nextDecision(action: Action, state: MigrationState): NextDecision {
  const next = describeNext(action);
  const step = state.step;
  if (state.phase !== "stepping" || step?.stage !== "awaiting-approval" || next.kind === "await-approval") {
    return next;
  }
  if (next.kind === "blocked" || action.type === "rollback") return next;
  const label = `step ${step.index + 1} waits for approval; meanwhile: ${next.label}`;
  return { kind: "await-approval", label, until: next.until };
}

/** The engine's next action in words, with the time it acts again when it is waiting for the clock. */
export function describeNext(action: Action): NextDecision {
  switch (action.type) {
    case "wait":
      return { kind: "wait", label: action.reason, until: action.until };
    case "await-approval":
      return { kind: "await-approval", label: `step ${action.step + 1} waits for approval`, until: null };
    case "hold":
      return { kind: action.blocked ? "blocked" : "hold", label: action.reason, until: action.until ?? null };
    case "done":
      return { kind: "done", label: `finished: ${action.phase}`, until: null };
    case "measure":
      return { kind: "act", label: "measuring now", until: null };
    case "set-weights":
      return {
        kind: "act",
        label: `setting ${describeWeights(action.weights)} (${action.purpose})`,
        until: null,
      };
    case "wait-effective":
      return {
        kind: "act",
        label: `waiting until ${describeWeights(action.weights)} is in effect`,
        until: null,
      };
    case "read-weights":
      return { kind: "act", label: `reading the provider's weights (${action.purpose})`, until: null };
    case "rollback":
      return { kind: "act", label: `rolling back: ${action.reason}`, until: null };
    case "run-hook":
      return { kind: "act", label: `running the ${action.hook} hook`, until: null };
    default:
      return { kind: "act", label: action.type.replaceAll("-", " "), until: null };
  }
}

/** Each hook run: its command, and its outcome with the (redacted) last lines of output on failure. */
export function hookRuns(events: readonly MigrationEvent[]): HookRun[] {
  const runs: HookRun[] = [];
  for (const event of events) {
    const hook = String(event.data.hook ?? "");
    if (event.type === "hook-started") {
      const command = Array.isArray(event.data.command) ? event.data.command.map(String).join(" ") : "";
      runs.push({ hook, command, startedAt: event.at, status: "running", output: "" });
      continue;
    }
    const run = [...runs]
      .reverse()
      .find((candidate) => candidate.hook === hook && candidate.status === "running");
    if (!run) continue;
    if (event.type === "hook-succeeded") run.status = "succeeded";
    if (event.type === "hook-failed") {
      run.status = "failed";
      run.output = String(event.data.message ?? "");
    }
  }
  return runs;
}

const ENDED: Record<string, string> = {
  completed: "completed",
  "rolled-back": "rolled back",
  aborted: "aborted",
};

export function listItem(
  stored: StoredMigration,
  state: MigrationState | null,
  lease: LeaseHolder | null,
): MigrationListItem {
  const meta = stored.spec as { metadata?: { annotations?: Record<string, unknown> } } | null;
  const file = meta?.metadata?.annotations?.["cutover.dev/spec-file"];
  const ended = ENDED[stored.phase] !== undefined;
  return {
    name: stored.name,
    specFile: typeof file === "string" ? file : null,
    phase: stored.phase,
    position: state ? positionOf(state) : stored.phase,
    weights: describeWeights(state?.weights.applied ?? null),
    startedAt: state?.startedAt ? new Date(state.startedAt).toISOString() : stored.createdAt,
    endedAt: ended ? (state?.updatedAt ? new Date(state.updatedAt).toISOString() : stored.updatedAt) : null,
    outcome: ENDED[stored.phase] ?? null,
    lease,
    updatedAt: stored.updatedAt,
  };
}

function positionOf(state: MigrationState): string {
  return state.phase === "stepping" && state.step
    ? `step ${state.step.index + 1} (${state.step.stage})`
    : state.phase;
}
