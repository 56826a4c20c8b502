// Expanding metric template references (prometheus.template + params) into plain queries, once, before the
// engine runs: the engine then only fills {{label}} placeholders per side.
import { expandMetricTemplate, type MetricTemplate, sidePlaceholders } from "./metric-templates.js";
import { type MigrationBody, type MigrationSpec, metricSources } from "./spec.js";
import type { AnalysisOverride, AnalysisSpec, MetricSpec, MinSamplesSpec } from "./spec-analysis.js";

export interface TemplateProblem {
  path: (string | number)[];
  message: string;
}

type Source = Pick<MetricSpec, "prometheus" | "cloudwatch">;

/** The spec with every template reference replaced by its query, or the problems found (with paths). */
export function expandSpecTemplates(
  spec: MigrationSpec,
  templates: MetricTemplate[],
): { spec: MigrationSpec } | { problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const body = spec.spec;
  const expandSource = <T extends Source>(source: T, path: (string | number)[]): T => {
    const prometheus = source.prometheus;
    if (!prometheus?.template) return source;
    const where = [...path, "prometheus", "template"];
    const expanded = expandMetricTemplate(templates, {
      template: prometheus.template,
      params: prometheus.params,
    });
    if (!expanded.ok) {
      problems.push(...expanded.problems.map((message) => ({ path: where, message })));
      return source;
    }
    problems.push(...missingSideLabels(body, prometheus.template, expanded.query, where));
    return { ...source, prometheus: { address: prometheus.address, query: expanded.query } };
  };
  const expandAnalysis = <T extends AnalysisSpec | AnalysisOverride>(
    analysis: T,
    path: (string | number)[],
  ): T => ({
    ...analysis,
    ...(analysis.metrics && {
      metrics: analysis.metrics.map((metric, index) => expandSource(metric, [...path, "metrics", index])),
    }),
    ...(analysis.minSamples && {
      minSamples: expandSource<MinSamplesSpec>(analysis.minSamples, [...path, "minSamples"]),
    }),
  });
  const expanded: MigrationBody = {
    ...body,
    analysis: expandAnalysis(body.analysis, ["spec", "analysis"]),
    steps: body.steps.map((step, index) =>
      step.analysis
        ? { ...step, analysis: expandAnalysis(step.analysis, ["spec", "steps", index, "analysis"]) }
        : step,
    ),
  };
  return problems.length > 0 ? { problems } : { spec: { ...spec, spec: expanded } };
}

function missingSideLabels(
  body: MigrationBody,
  template: string,
  query: string,
  path: (string | number)[],
): TemplateProblem[] {
  return (["blue", "green"] as const).flatMap((side) => {
    const missing = sidePlaceholders(query).filter((label) => !(label in body[side].labels));
    if (missing.length === 0) return [];
    const names = missing.map((label) => `"${label}"`).join(", ");
    return [
      {
        path,
        message: `template "${template}" tells the sides apart by ${names}, but spec.${side}.labels has no ${names}`,
      },
    ];
  });
}

/** Whether any metric of the spec uses a template (the CLI then loads the built-in templates). */
export function usesTemplates(spec: MigrationSpec): boolean {
  return metricSources(spec.spec).some((source) => source.prometheus?.template);
}
