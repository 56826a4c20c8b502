// What `cutover plan` does once its flags are parsed: plan the hops, print the plan, return the exit code.
import { planExitCode, runPlan } from "../../app/plan.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { PLAN_FORMATS } from "../../report/plan/formats.js";
import { renderPlan } from "../../report/plan/render.js";
import { inputErrorLine } from "../../report/scan/common.js";
import { FAIL_ON_LEVELS } from "../../report/scan/formats.js";
import { choice, type Terminal } from "../io.js";
import { appContext } from "../progress.js";
import type { SourceFlags } from "./source-flags.js";
import type { UsageFlags } from "./usage-flags.js";

export interface PlanFlags extends SourceFlags, UsageFlags {
  from: string;
  to: string;
  nodes?: string;
  today?: string;
  output?: string;
  failOn: string;
}

export async function plan(
  paths: string[],
  flags: PlanFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<number> {
  const failOn = choice("--fail-on", flags.failOn, FAIL_ON_LEVELS);
  const format = choice("--output", flags.output ?? (terminal.isTTY ? "table" : "json"), PLAN_FORMATS);
  const today = flags.today ?? new Date().toISOString().slice(0, 10);
  const outcome = await runPlan({ ...flags, paths, today }, appContext(terminal, kb));
  terminal.out(renderPlan(outcome.plan, format, { color: terminal.color }));
  for (const warning of outcome.warnings) terminal.err(`warning: ${warning}`);
  for (const error of outcome.errors) terminal.err(`error: ${inputErrorLine(error)}`);
  return planExitCode(outcome, failOn);
}
