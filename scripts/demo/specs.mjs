// The demo's Migration specs: templates under specs/ with ${NAME} placeholders for what is only known once
// the stage runs (ports, socket and file paths), rendered into the run directory for the CLI to read.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const SPECS_DIR = join(dirname(fileURLToPath(import.meta.url)), "specs");
const PLACEHOLDER = /\$\{([A-Z_]+)\}/g;

/** The placeholder values for a running stage; `freezeMarker` is the file the freeze hook writes. */
export function specValues(stage, { freezeMarker }) {
  return {
    BLUE_URL: `http://127.0.0.1:${stage.ports.blue}/`,
    GREEN_URL: `http://127.0.0.1:${stage.ports.green}/`,
    RUNTIME_API: stage.runtimeApi,
    STATE_FILE: stage.stateFile,
    PROMETHEUS: stage.prometheusAddress,
    NODE: process.execPath,
    FREEZE_MARKER: freezeMarker,
  };
}

/** Fills every ${NAME} of `text` outside comment lines; throws naming the placeholders that have no value. */
export function renderSpec(text, values, file = "spec") {
  const missing = new Set();
  const fill = (line) =>
    line.replace(PLACEHOLDER, (whole, name) => {
      if (!(name in values)) missing.add(name);
      return values[name] ?? whole;
    });
  const rendered = text
    .split("\n")
    .map((line) => (line.trimStart().startsWith("#") ? line : fill(line)))
    .join("\n");
  if (missing.size > 0) {
    throw new Error(`${file}: no value for ${[...missing].map((n) => `\${${n}}`).join(", ")}`);
  }
  return rendered;
}

/** Renders specs/<name>.yaml into `outDir`; resolves to the written path. */
export function writeSpec(name, values, outDir) {
  const template = join(SPECS_DIR, `${name}.yaml`);
  const rendered = renderSpec(readFileSync(template, "utf8"), values, template);
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.yaml`);
  writeFileSync(path, rendered);
  return path;
}

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000 };

/**
 * spec.analysis.interval of a template in ms (the time between two measurement rounds: one term of the
 * detection target). Throws naming the template when the value is not a plain `500ms`/`1s`/`2m` duration.
 */
export function analysisIntervalMs(name) {
  const template = SPEC_TEMPLATES[name];
  const interval = parse(readFileSync(template, "utf8"))?.spec?.analysis?.interval;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(interval));
  if (!match)
    throw new Error(`${template}: spec.analysis.interval must be like 500ms, 1s or 2m, got ${interval}`);
  return Number(match[1]) * DURATION_UNITS_MS[match[2]];
}

export const SPEC_TEMPLATES = {
  rollback: join(SPECS_DIR, "rollback.yaml"),
  cutover: join(SPECS_DIR, "cutover.yaml"),
};
