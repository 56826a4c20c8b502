// Schemas of the knowledge data files (src/knowledge/data/*.yaml and --extra-data files).
// Every object is strict: a misspelt field is an error, not a silently ignored value.
import { z } from "zod";

/** The Kubernetes minors the data covers, as minor numbers (16 … 36), from versions.yaml. */
export interface VersionSpan {
  first: number;
  last: number;
}

const KUBERNETES_VERSION = /^1\.(\d+)$/;
const PROJECT_VERSION = /^(\d+)\.(\d+)$/;
const API_VERSION = /^(?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v\d+(?:(?:alpha|beta)\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NOTE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+(?:-[a-z0-9.-]+)?$/;

const VERSION_HINT = 'expected a quoted version like "1.25"';
const text = z.string({ error: "expected text" }).trim().min(1, "must not be empty");
const versionText = z.string({ error: VERSION_HINT });
const schemaVersion = z.literal(1, { error: "expected 1 (the only schema version so far)" });
const apiVersionText = z
  .string({ error: 'expected an apiVersion like "apps/v1"' })
  .regex(API_VERSION, 'expected an apiVersion like "apps/v1" or "v1" (group/version)');

/** Minor number of "1.N", or undefined when the text is not a Kubernetes version. */
export function kubernetesMinor(version: string): number | undefined {
  const match = KUBERNETES_VERSION.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** [major, minor] of a project version ("1.6", "0.32"), or undefined. */
function projectVersion(version: string): [number, number] | undefined {
  const match = PROJECT_VERSION.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function compareProjectVersions(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

type Issues = z.core.$RefinementCtx;

function addIssue(ctx: Issues, path: PropertyKey[], message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

/**
 * A Kubernetes version field: "1.N" within the covered span. `allowEarlier` admits history before the
 * first covered version (an API deprecated in 1.9 and removed in 1.16 is still in the data).
 */
function checkKubernetesVersion(
  ctx: Issues,
  path: PropertyKey[],
  version: string,
  span: VersionSpan,
  allowEarlier: boolean,
): void {
  const minor = kubernetesMinor(version);
  if (minor === undefined) {
    addIssue(ctx, path, VERSION_HINT);
  } else if (minor > span.last) {
    addIssue(ctx, path, `is after 1.${span.last}, the newest version the data covers`);
  } else if (!allowEarlier && minor < span.first) {
    addIssue(ctx, path, `is before 1.${span.first}, the oldest version the data covers`);
  }
}

const apiEntryBase = z.strictObject({
  apiVersion: apiVersionText,
  kind: z.string({ error: 'expected a kind like "Deployment" or "*"' }).regex(/^(\*|[A-Z][A-Za-z0-9]*)$/, {
    error: 'expected a kind like "Deployment", or "*" for every kind of the apiVersion',
  }),
  deprecatedIn: versionText.nullable(),
  removedIn: versionText.nullable(),
  replacement: apiVersionText.nullable(),
  replacementAvailableIn: versionText.nullable(),
  /** The replacement to advise at targets older than replacementAvailableIn (built-in APIs). */
  fallbackReplacement: apiVersionText.optional(),
  /** CRD components: the first Kubernetes version that serves the replacement; older targets get no finding. */
  replacementNeedsKubernetes: versionText.optional(),
  notes: z.array(text).default([]),
  component: text.default("kubernetes"),
  source: text,
});

export type ApiEntry = z.output<typeof apiEntryBase>;

const VERSION_FIELDS = ["deprecatedIn", "removedIn", "replacementAvailableIn"] as const;

/** Rules for an API entry: version formats per component, the covered span, and removal after deprecation. */
function checkApiEntry(entry: ApiEntry, ctx: Issues, span: VersionSpan): void {
  if (entry.replacement === null && entry.replacementAvailableIn !== null) {
    addIssue(ctx, ["replacementAvailableIn"], "is set but replacement is null");
  }
  if (entry.fallbackReplacement !== undefined && entry.replacementAvailableIn === null) {
    addIssue(ctx, ["fallbackReplacement"], "needs replacementAvailableIn: the fallback is for older targets");
  }
  if (entry.replacementNeedsKubernetes !== undefined) {
    checkKubernetesVersion(ctx, ["replacementNeedsKubernetes"], entry.replacementNeedsKubernetes, span, true);
  }
  if (entry.component === "kubernetes") {
    for (const field of VERSION_FIELDS) {
      const version = entry[field];
      if (version !== null) checkKubernetesVersion(ctx, [field], version, span, field !== "removedIn");
    }
  } else {
    for (const field of VERSION_FIELDS) {
      const version = entry[field];
      if (version !== null && !projectVersion(version)) {
        addIssue(ctx, [field], `expected a quoted ${entry.component} version like "1.6"`);
      }
    }
  }
  const deprecated = entry.deprecatedIn === null ? undefined : projectVersion(entry.deprecatedIn);
  const removed = entry.removedIn === null ? undefined : projectVersion(entry.removedIn);
  if (deprecated && removed && compareProjectVersions(removed, deprecated) < 0) {
    addIssue(ctx, ["removedIn"], `must not be before deprecatedIn "${entry.deprecatedIn}"`);
  }
}

export function apiFileSchema(span: VersionSpan) {
  const entry = apiEntryBase.superRefine((value, ctx) => checkApiEntry(value, ctx, span));
  return z.strictObject({ schemaVersion, apis: z.array(entry, { error: "expected a list of API entries" }) });
}

export function platformNotesFileSchema(span: VersionSpan) {
  const note = z
    .strictObject({
      id: z
        .string({ error: "expected an id" })
        .regex(NOTE_ID, 'expected a kebab-case id like "dockershim-removed"'),
      version: versionText,
      until: versionText.optional(),
      severity: z.enum(["blocker", "warning", "info"], { error: "expected blocker, warning or info" }),
      title: text,
      detail: text,
      action: text,
      scope: z.enum(["kubernetes", "eks"], { error: "expected kubernetes or eks" }),
      source: text,
    })
    .superRefine((value, ctx) => {
      checkKubernetesVersion(ctx, ["version"], value.version, span, false);
      if (value.until === undefined) return;
      checkKubernetesVersion(ctx, ["until"], value.until, span, false);
      const from = kubernetesMinor(value.version);
      const until = kubernetesMinor(value.until);
      if (from !== undefined && until !== undefined && until < from) {
        addIssue(ctx, ["until"], `must not be before version "${value.version}"`);
      }
    });
  return z.strictObject({ schemaVersion, notes: z.array(note, { error: "expected a list of notes" }) });
}

/** A real calendar date written YYYY-MM-DD. */
function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

const dateOrNull = z
  .string({ error: 'expected a quoted date like "2025-11-26", or null' })
  .refine(isCalendarDate, 'expected a real date written YYYY-MM-DD, like "2025-11-26"')
  .nullable();

const EKS_DATES = ["upstreamRelease", "eksRelease", "endOfStandardSupport", "endOfExtendedSupport"] as const;

export function eksCalendarFileSchema(span: VersionSpan) {
  const release = z
    .strictObject({
      version: versionText,
      upstreamRelease: dateOrNull,
      eksRelease: dateOrNull,
      endOfStandardSupport: dateOrNull,
      endOfExtendedSupport: dateOrNull,
      source: text,
    })
    .superRefine((value, ctx) => {
      checkKubernetesVersion(ctx, ["version"], value.version, span, false);
      // The known dates must come in lifecycle order: upstream ≤ EKS release < end of standard < end of extended.
      let previous: { field: string; date: string } | undefined;
      for (const field of EKS_DATES) {
        const date = value[field];
        if (date === null) continue;
        const inOrder =
          field === "eksRelease" ? date >= (previous?.date ?? "") : date > (previous?.date ?? "");
        if (previous && !inOrder)
          addIssue(ctx, [field], `must come after ${previous.field} "${previous.date}"`);
        previous = { field, date };
      }
    });
  return z.strictObject({
    schemaVersion,
    releases: z.array(release, { error: "expected a list of releases" }),
  });
}

export function addonsFileSchema(span: VersionSpan) {
  const addon = z
    .strictObject({
      addon: text,
      versions: z.record(
        versionText,
        z.string({ error: "expected an add-on version" }).regex(ADDON_VERSION, {
          error: 'expected an add-on version like "v1.11.4-eksbuild.2"',
        }),
        { error: 'expected a map of Kubernetes version → add-on version, like "1.30": v1.11.4-eksbuild.2' },
      ),
      rules: z.array(text).default([]),
      source: text,
    })
    .superRefine((value, ctx) => {
      for (const version of Object.keys(value.versions)) {
        checkKubernetesVersion(ctx, ["versions", version], version, span, false);
      }
    });
  return z.strictObject({ schemaVersion, addons: z.array(addon, { error: "expected a list of add-ons" }) });
}

export function skewFileSchema(span: VersionSpan) {
  const rule = z
    .strictObject({
      component: z.enum(["kubelet", "kube-proxy", "kube-controller-manager", "kubectl"], {
        error: "expected kubelet, kube-proxy, kube-controller-manager or kubectl",
      }),
      maxOlder: z.int({ error: "expected a whole number of minors" }).min(0, "must not be negative"),
      narrowerBelow: versionText.optional(),
      narrowerMaxOlder: z.int({ error: "expected a whole number of minors" }).min(0).optional(),
      mayBeNewer: z.boolean({ error: "expected true or false" }),
      source: text,
    })
    .superRefine((value, ctx) => {
      if ((value.narrowerBelow === undefined) !== (value.narrowerMaxOlder === undefined)) {
        addIssue(ctx, ["narrowerMaxOlder"], "narrowerBelow and narrowerMaxOlder must be given together");
      }
      if (value.narrowerBelow !== undefined) {
        checkKubernetesVersion(ctx, ["narrowerBelow"], value.narrowerBelow, span, false);
      }
    });
  return z.strictObject({ schemaVersion, rules: z.array(rule, { error: "expected a list of skew rules" }) });
}

export const versionsFileSchema = z
  .strictObject({
    schemaVersion,
    first: versionText.regex(KUBERNETES_VERSION, VERSION_HINT),
    last: versionText.regex(KUBERNETES_VERSION, VERSION_HINT),
    source: text,
  })
  .superRefine((value, ctx) => {
    const first = kubernetesMinor(value.first) ?? 0;
    const last = kubernetesMinor(value.last) ?? 0;
    if (last < first) addIssue(ctx, ["last"], `must not be before first "${value.first}"`);
  });
