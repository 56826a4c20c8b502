import { stringify } from "yaml";

/**
 * YAML that YAML 1.1 readers (PyYAML, go-yaml v2, kubectl) read back as the same strings: dates,
 * "yes"/"on" and "1:20" stay quoted. No folding, no anchors.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false });
}
