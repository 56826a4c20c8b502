// Output formats of `cutover plan` and the one entry point the CLI calls to render a plan.

import type { UpgradePlan } from "../../core/plan/types.js";
import type { PlanFormat } from "./formats.js";
import { renderPlanHtml } from "./html.js";
import { renderPlanJson, renderPlanYaml } from "./json.js";
import { renderPlanMarkdown } from "./markdown.js";
import { renderPlanTable } from "./table.js";

export { PLAN_FORMATS, type PlanFormat } from "./formats.js";

export interface PlanRenderOptions {
  /** ANSI colours in the table; only the CLI decides this (TTY, NO_COLOR). */
  color: boolean;
}

/** Renders a plan as text in one output format. Pure: the caller prints it. */
export function renderPlan(plan: UpgradePlan, format: PlanFormat, options: PlanRenderOptions): string {
  switch (format) {
    case "table":
      return renderPlanTable(plan, options.color);
    case "json":
      return renderPlanJson(plan);
    case "yaml":
      return renderPlanYaml(plan);
    case "markdown":
      return renderPlanMarkdown(plan);
    case "html":
      return renderPlanHtml(plan);
  }
}
