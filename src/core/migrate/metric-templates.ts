// Built-in PromQL templates for metric gates (pure). A spec names a template and its parameters; the
// expansion fills `${param}` now and turns `${side}` into `<sideLabel>="{{<sideLabel>}}"`, which
// renderQuery (ports/metrics.ts) fills per side (blue, green) at query time. Parameters are checked by
// type so a value can never break out of its place in the query.
// Owner: the metric-providers part of issue 4 (data: src/knowledge/data/metric-templates.yaml).

/** What a parameter may hold; each type has one syntax check and one way to be written into PromQL. */
export type TemplateParamType = "label-value" | "label-regex" | "label-name" | "metric-name" | "duration";

export interface TemplateParam {
  type: TemplateParamType;
  description: string;
  required: boolean;
  /** Used when the reference does not give the parameter; absent for required parameters. */
  default?: string;
}

export type TemplateUnit = "ratio" | "per-second" | "seconds" | "count";

export interface MetricTemplate {
  name: string;
  description: string;
  /** What the number means: ratio (0–1), per-second, seconds, count. */
  unit: TemplateUnit;
  /** The label that tells the sides apart in this template's metrics (e.g. `cluster`, HAProxy's `server`). */
  sideLabel: string;
  /** Where the metric names come from (exporter), for the docs. */
  source: string;
  params: Record<string, TemplateParam>;
  /** PromQL with `${param}` and `${side}` placeholders. */
  query: string;
}

/** How a spec refers to a template: `{ template: "error-rate", params: { job: "shop" } }`. */
export interface MetricTemplateRef {
  template: string;
  params?: Record<string, string | number>;
}

export type TemplateExpansion =
  | { ok: true; query: string; sideLabel: string }
  | { ok: false; problems: string[] };

/** Every template accepts `sideLabel` to rename the label that tells the sides apart. */
const SIDE_LABEL_PARAM = "sideLabel";
const SIDE_PLACEHOLDER = "side";

const PARAM_PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const METRIC_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;
// PromQL durations: units in descending order, each at most once (1h30m, 5m, 90s, 500ms).
const DURATION = /^(?=\d)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

const TYPE_RULES: Record<TemplateParamType, { check: (value: string) => boolean; expected: string }> = {
  "label-value": { check: () => true, expected: "any text" },
  "label-regex": { check: isValidRegex, expected: "a regular expression (RE2 syntax)" },
  "label-name": { check: (value) => LABEL_NAME.test(value), expected: "a label name like cluster" },
  "metric-name": {
    check: (value) => METRIC_NAME.test(value),
    expected: "a metric name like http_requests_total",
  },
  duration: { check: (value) => DURATION.test(value), expected: "a PromQL duration like 1m or 30s" },
};

function isValidRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

/** Label values and regexes go inside "…": escape what would end or bend the string literal. */
function escapeInQuotes(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function formatParam(type: TemplateParamType, value: string): string {
  return type === "label-value" || type === "label-regex" ? escapeInQuotes(value) : value;
}

/** Names of the `${…}` placeholders in a template query, each once, in order of first use. */
export function templatePlaceholders(query: string): string[] {
  return [...new Set([...query.matchAll(PARAM_PLACEHOLDER)].map((match) => match[1] ?? ""))];
}

/** Names of the `{{label}}` placeholders left for per-side rendering, each once. */
export function sidePlaceholders(query: string): string[] {
  return [
    ...new Set([...query.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)].map((match) => match[1] ?? "")),
  ];
}

function paramProblems(name: string, param: TemplateParam, used: string[]): string[] {
  const problems: string[] = [];
  if (name === SIDE_PLACEHOLDER || name === SIDE_LABEL_PARAM)
    problems.push(`param "${name}" is reserved; rename it`);
  if (!used.includes(name)) problems.push(`param "${name}" is declared but the query never uses it`);
  if (param.required && param.default !== undefined) {
    problems.push(`param "${name}" is required and has a default; keep one of them`);
  }
  if (!param.required && param.default === undefined) {
    problems.push(`param "${name}" is optional but has no default; add one or mark it required`);
  }
  if (param.default !== undefined && !TYPE_RULES[param.type].check(param.default)) {
    const expected = TYPE_RULES[param.type].expected;
    problems.push(`param "${name}" default ${JSON.stringify(param.default)} is not ${expected}`);
  }
  return problems;
}

/** Problems in a template definition (used by the loader): every placeholder declared, every param used. */
export function checkMetricTemplate(template: MetricTemplate): string[] {
  const used = templatePlaceholders(template.query);
  const problems: string[] = [];
  if (!used.includes(SIDE_PLACEHOLDER)) {
    problems.push(`query never uses \${side}: blue and green would run the same query`);
  }
  for (const name of used) {
    if (name !== SIDE_PLACEHOLDER && !(name in template.params)) {
      problems.push(`query uses \${${name}} but params does not declare it`);
    }
  }
  for (const [name, param] of Object.entries(template.params))
    problems.push(...paramProblems(name, param, used));
  if (!LABEL_NAME.test(template.sideLabel)) {
    problems.push(`sideLabel ${JSON.stringify(template.sideLabel)} is not a label name`);
  }
  return problems;
}

/** Resolves every declared param (given or default) and reports unknown, missing and malformed ones. */
function resolveParams(
  template: MetricTemplate,
  given: Record<string, string | number>,
): { values: Record<string, string>; problems: string[] } {
  const where = `template "${template.name}"`;
  const problems: string[] = [];
  const values: Record<string, string> = {};
  const known = [...Object.keys(template.params), SIDE_LABEL_PARAM];
  for (const name of Object.keys(given)) {
    if (!known.includes(name))
      problems.push(`${where}: unknown param "${name}"; it takes ${known.join(", ")}`);
  }
  for (const [name, param] of Object.entries(template.params)) {
    const raw = given[name] ?? param.default;
    if (raw === undefined) {
      problems.push(`${where}: param "${name}" is required (${param.description})`);
      continue;
    }
    const value = String(raw);
    if (!TYPE_RULES[param.type].check(value)) {
      const expected = TYPE_RULES[param.type].expected;
      problems.push(`${where}: param "${name}" must be ${expected}, got ${JSON.stringify(value)}`);
      continue;
    }
    values[name] = formatParam(param.type, value);
  }
  return { values, problems };
}

/**
 * Expands a template reference into PromQL that still holds `{{sideLabel}}` for per-side rendering.
 * Problems name the template and the param and say what is expected; an unknown template lists the known ones.
 */
export function expandMetricTemplate(
  templates: readonly MetricTemplate[],
  ref: MetricTemplateRef,
): TemplateExpansion {
  const template = templates.find((candidate) => candidate.name === ref.template);
  if (!template) {
    const known = templates.map((candidate) => candidate.name).join(", ");
    return { ok: false, problems: [`unknown metric template "${ref.template}"; known templates: ${known}`] };
  }
  const given = ref.params ?? {};
  const { values, problems } = resolveParams(template, given);
  const sideLabel = String(given[SIDE_LABEL_PARAM] ?? template.sideLabel);
  if (!LABEL_NAME.test(sideLabel)) {
    problems.push(
      `template "${template.name}": param "${SIDE_LABEL_PARAM}" must be a label name like cluster, got ${JSON.stringify(sideLabel)}`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  const sideMatcher = `${sideLabel}="{{${sideLabel}}}"`;
  const fill = (_whole: string, name: string) =>
    name === SIDE_PLACEHOLDER ? sideMatcher : (values[name] ?? "");
  return { ok: true, query: template.query.replace(PARAM_PLACEHOLDER, fill).trim(), sideLabel };
}
