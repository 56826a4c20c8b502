// The YAML schema of Kubernetes manifests (go-yaml v2 scalars, `<<` merge keys), for both parsers:
// js-yaml (the fast path) and the `yaml` package (the fallback, which reports positions and errors).
import jsyaml from "js-yaml";
import type { ScalarTag } from "yaml";
import {
  boolOfWord,
  FALSE_PATTERN,
  goNumber,
  isBoolWord,
  isNullWord,
  NULL_PATTERN,
  NUMBER_CANDIDATE,
  TRUE_PATTERN,
} from "./kube-scalars.js";

const isNumber = (value: unknown): boolean => typeof value === "number";

/** js-yaml's schema: strings, sequences and mappings, plus go-yaml's nulls, booleans and numbers. */
export const JS_YAML_KUBE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsyaml.Type("tag:yaml.org,2002:null", {
      kind: "scalar",
      resolve: (data: string | null) => data === null || isNullWord(data),
      construct: () => null,
      predicate: (value: unknown) => value === null,
    }),
    new jsyaml.Type("tag:yaml.org,2002:bool", {
      kind: "scalar",
      resolve: (data: string) => isBoolWord(data),
      construct: (data: string) => boolOfWord(data),
      predicate: (value: unknown) => typeof value === "boolean",
    }),
    new jsyaml.Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: (data: string) => goNumber(data) !== undefined,
      construct: (data: string) => goNumber(data),
      predicate: isNumber,
    }),
    // `<<` as a key merges the mapping(s) it names (js-yaml acts on this tag).
    new jsyaml.Type("tag:yaml.org,2002:merge", {
      kind: "scalar",
      resolve: (data: string | null) => data === "<<" || data === null,
    }),
  ],
});

/** The `yaml` package's tags for the same scalars (its failsafe schema gives maps, sequences, strings). */
export const YAML_KUBE_TAGS: ScalarTag[] = [
  {
    identify: (value) => value === null || value === undefined,
    default: true,
    tag: "tag:yaml.org,2002:null",
    test: NULL_PATTERN,
    resolve: () => null,
  },
  {
    identify: (value) => value === true,
    default: true,
    tag: "tag:yaml.org,2002:bool",
    test: TRUE_PATTERN,
    resolve: () => true,
  },
  {
    identify: (value) => value === false,
    default: true,
    tag: "tag:yaml.org,2002:bool",
    test: FALSE_PATTERN,
    resolve: () => false,
  },
  {
    identify: isNumber,
    default: true,
    tag: "tag:yaml.org,2002:int",
    // Every scalar that may be a number; those go-yaml keeps as strings (`1.2.3`) stay strings.
    test: NUMBER_CANDIDATE,
    resolve: (text) => goNumber(text) ?? text,
  },
];
