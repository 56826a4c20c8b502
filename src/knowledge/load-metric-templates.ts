import path from "node:path";
import { z } from "zod";
import { checkMetricTemplate, type MetricTemplate } from "../core/migrate/metric-templates.js";
import { defaultDataDir } from "./data-dir.js";
import { readDataFile } from "./data-file.js";
import { KnowledgeError, lineOf, schemaError } from "./errors.js";

const METRIC_TEMPLATES_FILE = "metric-templates.yaml";

const TEMPLATE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const text = z.string({ error: "expected text" }).trim().min(1, "must not be empty");

const paramSchema = z.strictObject({
  type: z.enum(["label-value", "label-regex", "label-name", "metric-name", "duration"], {
    error: "expected one of label-value, label-regex, label-name, metric-name, duration",
  }),
  required: z.boolean({ error: "expected true or false" }),
  default: z.string({ error: "expected text (quote numbers)" }).optional(),
  description: text,
});

const templateSchema = z.strictObject({
  name: z
    .string({ error: "expected text" })
    .regex(TEMPLATE_NAME, "expected a lowercase name like error-rate"),
  description: text,
  unit: z.enum(["ratio", "per-second", "seconds", "count"], {
    error: "expected one of ratio, per-second, seconds, count",
  }),
  sideLabel: z.string({ error: "expected text" }).regex(LABEL_NAME, "expected a label name like cluster"),
  source: text,
  params: z.record(z.string().regex(PARAM_NAME, "expected a parameter name like job"), paramSchema, {
    error: "expected a map of parameters",
  }),
  query: text,
});

const fileSchema = z.strictObject({
  schemaVersion: z.literal(1, { error: "expected 1 (the only schema version so far)" }),
  templates: z.array(templateSchema, { error: "expected a list of templates" }).min(1, "must not be empty"),
});

function defaultMetricTemplatesFile(): string {
  return path.join(defaultDataDir(), METRIC_TEMPLATES_FILE);
}

/** The templates of `file` (default: the bundled file); a broken file is a KnowledgeError naming file, line and template. */
export function loadMetricTemplates(file: string = defaultMetricTemplatesFile()): MetricTemplate[] {
  const parsed = readDataFile(file, "metric templates");
  const result = fileSchema.safeParse(parsed.value);
  if (!result.success) throw schemaError(parsed, result.error);
  const templates = result.data.templates;
  const problems = templates.flatMap((template, index) => {
    const line = lineOf(parsed, ["templates", index]);
    const where = `${parsed.file}${line === null ? "" : `:${line}`}: entry ${index + 1} (${template.name})`;
    return checkMetricTemplate(template).map((problem) => `${where}: ${problem}`);
  });
  problems.push(...duplicateNames(parsed.file, templates));
  if (problems.length > 0) throw new KnowledgeError(problems.join("\n"), parsed.file);
  return templates;
}

function duplicateNames(file: string, templates: MetricTemplate[]): string[] {
  const firstIndex = new Map<string, number>();
  const problems: string[] = [];
  templates.forEach((template, index) => {
    const first = firstIndex.get(template.name);
    if (first === undefined) firstIndex.set(template.name, index);
    else {
      problems.push(
        `${file}: entry ${index + 1} repeats template "${template.name}" of entry ${first + 1}; keep one of them`,
      );
    }
  });
  return problems;
}
