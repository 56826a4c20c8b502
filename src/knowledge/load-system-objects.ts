import path from "node:path";
import { z } from "zod";
import type {
  FieldManagerRules,
  ObjectMatch,
  SystemObjectRule,
  SystemObjectRules,
} from "../core/audit/system-objects.js";
import { defaultDataDir } from "./data-dir.js";
import { readDataFile, validateDataFile } from "./data-file.js";
import { KnowledgeError, lineOf, type ParsedFile } from "./errors.js";

export const SYSTEM_OBJECTS_FILE = "system-objects.yaml";

export interface SystemObjectLoadOptions {
  /** Directory of the bundled data files; defaults to the package's src/knowledge/data. */
  dataDir?: string;
}

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const text = z.string({ error: "expected text" }).trim().min(1, "must not be empty");
const globs = z.array(text, { error: "expected a list of names or globs" }).min(1, "must not be empty");
/** A label or annotation value: one glob or a list of them ("*" = present with any value). */
const valueGlobs = z.union([text.transform((value) => [value]), globs], {
  error: 'expected a value, a list of values, or "*" for any value',
});
const keyedGlobs = z.record(text, valueGlobs, { error: "expected a map of key: value glob(s)" });

const matchSchema = z
  .strictObject({
    kinds: globs.optional(),
    exceptKinds: globs.optional(),
    groups: z
      .array(z.string({ error: "expected an API group" }))
      .min(1, "must not be empty")
      .optional(),
    names: globs.optional(),
    namespaces: globs.optional(),
    labels: keyedGlobs.optional(),
    annotations: keyedGlobs.optional(),
    types: globs.optional(),
    managers: globs.optional(),
    owned: z.boolean({ error: "expected true or false" }).optional(),
  })
  .refine((match) => Object.keys(match).some((key) => key !== "exceptKinds"), {
    message: "must name at least one field to match (an empty match would hide every object)",
    // Only once the fields themselves are valid: a misspelt field is reported as such, not as empty.
    when: (payload) => payload.issues.length === 0,
  });

const ruleSchema = z.strictObject({
  id: z
    .string({ error: "expected an id" })
    .regex(RULE_ID, 'expected a kebab-case id like "default-namespaces"'),
  reason: text,
  source: text.optional(),
  match: matchSchema,
});

const managerLists = {
  imperative: globs,
  apply: globs,
  legitimate: globs,
  ignoredFields: globs,
};

const gitopsSchema = z.strictObject({ argocd: globs, flux: globs, helm: globs });

const schemaVersion = z.literal(1, { error: "expected 1 (the only schema version so far)" });

/** The bundled file: every list present. */
const bundledFileSchema = z.strictObject({
  schemaVersion,
  rules: z.array(ruleSchema, { error: "expected a list of rules" }),
  fieldManagers: z.strictObject({ gitops: gitopsSchema, ...managerLists }),
});

/** A user file: adds rules and managers, so every part is optional. */
const userFileSchema = z.strictObject({
  schemaVersion,
  rules: z.array(ruleSchema, { error: "expected a list of rules" }).default([]),
  fieldManagers: z
    .strictObject({
      gitops: gitopsSchema.partial().optional(),
      imperative: globs.optional(),
      apply: globs.optional(),
      legitimate: globs.optional(),
      ignoredFields: globs.optional(),
    })
    .default({}),
});

type BundledFile = z.output<typeof bundledFileSchema>;
type UserFile = z.output<typeof userFileSchema>;

/** The bundled rules followed by those of `extraFiles` (in order); rule ids must be unique across all. */
export function loadSystemObjectRules(
  extraFiles: string[] = [],
  options: SystemObjectLoadOptions = {},
): SystemObjectRules {
  const bundledPath = path.join(options.dataDir ?? defaultDataDir(), SYSTEM_OBJECTS_FILE);
  const bundledParsed = readDataFile(bundledPath, "system-object rules");
  const bundled: BundledFile = validateDataFile(bundledParsed, bundledFileSchema);
  const seen = new Map<string, string>();
  const rules = placeRules(bundledParsed, bundled.rules, seen);
  const fieldManagers = copyManagers(bundled.fieldManagers);
  for (const extra of extraFiles) {
    const parsed = readDataFile(path.resolve(extra), "system-object rules");
    const user: UserFile = validateDataFile(parsed, userFileSchema);
    rules.push(...placeRules(parsed, user.rules, seen));
    addManagers(fieldManagers, user.fieldManagers);
  }
  return { rules, fieldManagers };
}

type ParsedRule = z.output<typeof ruleSchema>;

/** The rules of one file, rejecting an id another rule already has. */
function placeRules(
  parsed: ParsedFile,
  parsedRules: ParsedRule[],
  seen: Map<string, string>,
): SystemObjectRule[] {
  return parsedRules.map((rule, index) => {
    const line = lineOf(parsed, ["rules", index]);
    const place = `${parsed.file}${line === null ? "" : `:${line}`}`;
    const first = seen.get(rule.id);
    if (first !== undefined) {
      throw new KnowledgeError(
        `${place}: rule "${rule.id}" repeats the rule of ${first}; give it another id (rules add, they do not replace)`,
        parsed.file,
        line,
      );
    }
    seen.set(rule.id, place);
    return {
      id: rule.id,
      reason: rule.reason,
      ...optionalSource(rule.source),
      match: rule.match as ObjectMatch,
    };
  });
}

function optionalSource(source: string | undefined): { source?: string } {
  return source === undefined ? {} : { source };
}

interface MutableManagers {
  gitops: { argocd: string[]; flux: string[]; helm: string[] };
  imperative: string[];
  apply: string[];
  legitimate: string[];
  ignoredFields: string[];
}

function copyManagers(managers: BundledFile["fieldManagers"]): MutableManagers & FieldManagerRules {
  return {
    gitops: {
      argocd: [...managers.gitops.argocd],
      flux: [...managers.gitops.flux],
      helm: [...managers.gitops.helm],
    },
    imperative: [...managers.imperative],
    apply: [...managers.apply],
    legitimate: [...managers.legitimate],
    ignoredFields: [...managers.ignoredFields],
  };
}

function addManagers(target: MutableManagers, extra: UserFile["fieldManagers"]): void {
  for (const tool of ["argocd", "flux", "helm"] as const)
    target.gitops[tool].push(...(extra.gitops?.[tool] ?? []));
  for (const list of ["imperative", "apply", "legitimate", "ignoredFields"] as const) {
    target[list].push(...(extra[list] ?? []));
  }
}
