import { createRequire } from "node:module";

/** The `yaml` package, loaded on first use: most outputs are not YAML, and it costs ~40 ms to load. */
let yamlLibrary: typeof import("yaml") | undefined;
function yaml(): typeof import("yaml") {
  yamlLibrary ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yamlLibrary;
}

/**
 * YAML that YAML 1.1 readers (PyYAML, go-yaml v2, kubectl) read back as the same strings: dates,
 * "yes"/"on" and "1:20" stay quoted. No folding, no anchors.
 */
export function toYaml(value: unknown): string {
  return yaml().stringify(value, { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false });
}
