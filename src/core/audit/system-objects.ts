// System objects: what Kubernetes, EKS, Helm's storage and the GitOps tool make on their own. They are
// never "unmanaged" findings. The rules are data (src/knowledge/data/system-objects.yaml, user files);
// this module only matches them. Pure: no I/O.

import type { KubeObject } from "../types.js";

/** Label or annotation values a rule accepts: globs, where "*" alone means "present with any value". */
export type ValueGlobs = readonly string[];

/**
 * What a rule matches. Every field given must hold (AND); within a list any entry may match (OR).
 * Names, namespaces, managers and values are globs where `*` matches any run of characters.
 */
export interface ObjectMatch {
  /** Kinds ("Secret"); "*" for any. */
  kinds?: readonly string[];
  /** Kinds that this rule never matches, even when the rest matches. */
  exceptKinds?: readonly string[];
  /** API groups ("" for the core group, "apps", "rbac.authorization.k8s.io"). */
  groups?: readonly string[];
  names?: readonly string[];
  /** Namespaces; a cluster-scoped object never matches a rule that names namespaces. */
  namespaces?: readonly string[];
  labels?: Readonly<Record<string, ValueGlobs>>;
  annotations?: Readonly<Record<string, ValueGlobs>>;
  /** The object's top-level `type` (Secrets: "kubernetes.io/service-account-token"). */
  types?: readonly string[];
  /** A `metadata.managedFields` entry was written by one of these managers. */
  managers?: readonly string[];
  /** true: the object has ownerReferences. */
  owned?: boolean;
}

export interface SystemObjectRule {
  id: string;
  /** Why such objects are not findings, in one sentence a reviewer can check. */
  reason: string;
  /** Where the behaviour is documented or seen, when there is such a place. */
  source?: string;
  match: ObjectMatch;
}

/** Who writes `managedFields`, by role; every entry is a glob on the manager name. */
export interface FieldManagerRules {
  /** Managers through which each tool applies what is in Git. */
  gitops: Readonly<Record<"argocd" | "flux" | "helm", readonly string[]>>;
  /** People and their tools: imperative commands and UIs (always out of band on a managed object). */
  imperative: readonly string[];
  /** Declarative apply from a workstation or CI: out of band only when newer than the GitOps tool's write. */
  apply: readonly string[];
  /** Controllers whose writes are expected (status, scaling, defaults, injected caBundles). */
  legitimate: readonly string[];
  /** Field paths (as decoded from fieldsV1, globs) that never count as a change by themselves. */
  ignoredFields: readonly string[];
}

export interface SystemObjectRules {
  rules: readonly SystemObjectRule[];
  fieldManagers: FieldManagerRules;
}

/** A compiled glob list: exact names in a set, the others as one anchored regular expression. */
export interface GlobSet {
  test(value: string): boolean;
}

/** Compiles globs once (`*` = any run of characters, everything else literal). */
export function globSet(globs: readonly string[]): GlobSet {
  const exact = new Set(globs.filter((glob) => !glob.includes("*")));
  const wild = globs.filter((glob) => glob.includes("*"));
  if (wild.includes("*")) return { test: () => true };
  const pattern =
    wild.length === 0 ? undefined : new RegExp(`^(?:${wild.map(globToRegExpSource).join("|")})$`, "s");
  return { test: (value) => exact.has(value) || (pattern?.test(value) ?? false) };
}

function globToRegExpSource(glob: string): string {
  return glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
}

/** The API group of an apiVersion: "" for "v1", "apps" for "apps/v1". */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

type Test = (object: KubeObject) => boolean;

interface CompiledRule {
  id: string;
  tests: Test[];
}

/** What the matcher needs of a rule set: ids and matches (reasons and field managers are for people and drift). */
export interface MatchRules {
  rules: readonly Pick<SystemObjectRule, "id" | "match">[];
}

const compiledCache = new WeakMap<MatchRules, CompiledRule[]>();

/** The first rule that makes `object` a system object, or null. */
export function isSystemObject(object: KubeObject, rules: MatchRules): { rule: string } | null {
  let compiled = compiledCache.get(rules);
  if (compiled === undefined) {
    compiled = rules.rules.map(compileRule);
    compiledCache.set(rules, compiled);
  }
  for (const rule of compiled) {
    if (rule.tests.every((test) => test(object))) return { rule: rule.id };
  }
  return null;
}

function compileRule(rule: Pick<SystemObjectRule, "id" | "match">): CompiledRule {
  const { match } = rule;
  const tests: Test[] = [];
  if (match.kinds) tests.push(fieldTest(globSet(match.kinds), (object) => object.kind));
  if (match.exceptKinds) {
    const except = globSet(match.exceptKinds);
    tests.push((object) => !except.test(object.kind));
  }
  if (match.groups) tests.push(fieldTest(globSet(match.groups), (object) => apiGroupOf(object.apiVersion)));
  if (match.names) tests.push(fieldTest(globSet(match.names), (object) => object.metadata?.name));
  if (match.namespaces) {
    tests.push(fieldTest(globSet(match.namespaces), (object) => object.metadata?.namespace || undefined));
  }
  if (match.types) tests.push(fieldTest(globSet(match.types), (object) => stringOrUndefined(object.type)));
  if (match.labels) tests.push(mapTest(match.labels, (object) => object.metadata?.labels));
  if (match.annotations) tests.push(mapTest(match.annotations, (object) => object.metadata?.annotations));
  if (match.managers) tests.push(managerTest(globSet(match.managers)));
  if (match.owned !== undefined) {
    const wanted = match.owned;
    tests.push((object) => hasOwners(object) === wanted);
  }
  return { id: rule.id, tests };
}

function fieldTest(set: GlobSet, read: (object: KubeObject) => string | undefined): Test {
  return (object) => {
    const value = read(object);
    return value !== undefined && set.test(value);
  };
}

/** Every key must be present with a value the key's globs accept. */
function mapTest(
  wanted: Readonly<Record<string, ValueGlobs>>,
  read: (object: KubeObject) => Record<string, string> | undefined,
): Test {
  const entries = Object.entries(wanted).map(([key, globs]) => [key, globSet(globs)] as const);
  return (object) => {
    const map = read(object);
    if (map === undefined || map === null || typeof map !== "object") return false;
    return entries.every(([key, set]) => {
      const value = map[key];
      return typeof value === "string" && set.test(value);
    });
  };
}

function managerTest(set: GlobSet): Test {
  return (object) => {
    const entries = object.metadata?.managedFields;
    if (!Array.isArray(entries)) return false;
    return entries.some((entry) => typeof entry?.manager === "string" && set.test(entry.manager));
  };
}

function hasOwners(object: KubeObject): boolean {
  const owners = object.metadata?.ownerReferences;
  return Array.isArray(owners) && owners.length > 0;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
