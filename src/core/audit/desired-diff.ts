// The desired-state diff: live objects against the rendered desired state (`--desired`), after both are
// normalised. Three finding types: differs-from-desired, missing-from-cluster, not-in-desired.
// Secret values are never put in a finding: only key names and whether they differ.

import type { InputError, KubeObject, SourcedObject } from "../types.js";
import {
  desiredIdentity,
  identityKey,
  liveIdentity,
  type ObjectIdentity,
  scopeResolver,
} from "./desired-match.js";
import { normalizeObject } from "./normalize.js";
import type { DriftFinding, Manager, Severity } from "./types.js";
import {
  diffValues,
  type FieldChange,
  formatChange,
  hasSensitiveName,
  maskSensitive,
  valueAtSegments,
} from "./value-diff.js";

export interface DesiredDiffOptions {
  /** Compare only these namespaces (e.g. `-n`); cluster-scoped objects are then left out. */
  namespaces?: readonly string[];
  /** System objects (see system-objects) are never reported as not-in-desired. */
  isSystemObject?: (object: KubeObject) => boolean;
  /** Who manages a live object; only Argo CD and Flux objects can be not-in-desired. */
  managerOf?: (object: KubeObject) => Manager;
  /** Changed fields listed in a finding's evidence (all of them are in details.paths); default 5. */
  maxListedChanges?: number;
}

/** Kinds whose drift changes who can do what in the cluster. */
const HIGH_SEVERITY_KINDS = new Set([
  "Role.rbac.authorization.k8s.io",
  "ClusterRole.rbac.authorization.k8s.io",
  "RoleBinding.rbac.authorization.k8s.io",
  "ClusterRoleBinding.rbac.authorization.k8s.io",
  "MutatingWebhookConfiguration.admissionregistration.k8s.io",
  "ValidatingWebhookConfiguration.admissionregistration.k8s.io",
]);

const GITOPS_MANAGERS: ReadonlySet<Manager> = new Set(["argocd", "flux"]);

export function diffDesired(
  live: readonly SourcedObject[],
  desired: readonly SourcedObject[],
  options: DesiredDiffOptions = {},
): DriftFinding[] {
  const diff = createDesiredDiff(live, options);
  for (const item of desired) diff.add(item);
  return diff.findings();
}

/** The diff fed one desired object at a time, so the desired state is never all held. */
export interface DesiredDiff {
  add(item: SourcedObject): void;
  /** Every finding: those of the objects added, then not-in-desired for the live objects never matched. */
  findings(): DriftFinding[];
  /** Desired objects added that are in scope. */
  readonly count: number;
  /** Desired objects that could not be compared (nested too deeply), with their file and line. */
  readonly problems: readonly InputError[];
}

export function createDesiredDiff(
  live: readonly SourcedObject[],
  options: DesiredDiffOptions = {},
): DesiredDiff {
  // Objects decoded from Helm release records say what Helm installed, not what runs: not live.
  const liveObjects = live.filter((item) => item.source.origin !== "helm-release");
  const inScope = namespaceFilter(options.namespaces);
  // Live objects by identity; an identity a desired object had maps to null (compared, or missing).
  const liveByKey = new Map<string, SourcedObject | null>();
  for (const item of liveObjects) {
    const identity = liveIdentity(item.object);
    if (!identity || !inScope(identity)) continue;
    const key = identityKey(identity);
    if (!liveByKey.has(key)) liveByKey.set(key, item);
  }
  const scope = scopeResolver(liveObjects);
  const found: DriftFinding[] = [];
  const problems: InputError[] = [];
  let count = 0;
  return {
    add(item) {
      const identity = desiredIdentity(item.object, scope);
      if (!identity || !inScope(identity)) return;
      count += 1;
      const key = identityKey(identity);
      const match = liveByKey.get(key);
      if (match === null) return;
      liveByKey.set(key, null);
      try {
        const finding = match
          ? differsFinding(item, match, identity, options.maxListedChanges ?? 5)
          : missingFinding(item, identity);
        if (finding) found.push(finding);
      } catch (error) {
        // One object nested past the stack's depth (hostile or generated input) must not end the audit.
        if (!(error instanceof RangeError)) throw error;
        problems.push(tooDeep(item, identity, error));
      }
    },
    problems,
    findings() {
      const notInDesired = [...liveByKey.values()]
        .filter((item) => item !== null)
        .map((item) => notInDesiredFinding(item, options))
        .filter((finding): finding is DriftFinding => finding !== undefined);
      return [...found, ...notInDesired];
    },
    get count() {
      return count;
    },
  };
}

function tooDeep(item: SourcedObject, identity: ObjectIdentity, error: RangeError): InputError {
  const name = `${identity.namespace === null ? "" : `${identity.namespace}/`}${identity.name}`;
  return {
    file: item.source.file,
    line: item.source.line,
    message: `${item.object.kind} ${name} is nested too deeply to compare (${error.message}); it was left out of the desired-state diff — check how it was generated`,
  };
}

function namespaceFilter(namespaces: readonly string[] | undefined): (identity: ObjectIdentity) => boolean {
  if (!namespaces || namespaces.length === 0) return () => true;
  const allowed = new Set(namespaces);
  return (identity) => identity.namespace !== null && allowed.has(identity.namespace);
}

function differsFinding(
  desired: SourcedObject,
  live: SourcedObject,
  identity: ObjectIdentity,
  maxListed: number,
): DriftFinding | undefined {
  const secret = identity.groupKind === "Secret";
  const changes = comparedChanges(desired.object, live.object);
  if (changes.length === 0) return undefined;
  const sameVersion = desired.object.apiVersion === live.object.apiVersion;
  const lines = changes.map((change) =>
    isRedacted(change, secret) ? redactedLine(change) : formatChange(change),
  );
  const listed = lines.slice(0, maxListed).join("; ");
  const more = lines.length > maxListed ? `; and ${lines.length - maxListed} more` : "";
  const versions = sameVersion
    ? ""
    : ` (desired is written at ${desired.object.apiVersion}, the cluster returned ${live.object.apiVersion}: only metadata compared)`;
  return {
    ...base(live.object, identity),
    type: "differs-from-desired",
    severity: severityOf(identity),
    evidence: `${changes.length === 1 ? "1 field differs" : `${changes.length} fields differ`} from the desired state${versions}, desired → cluster: ${listed}${more}`,
    fix: "Commit the live change to Git if it is intended, else re-sync from Git: green is built from Git and will not have it.",
    source: live.source,
    details: {
      desiredSource: desired.source,
      paths: changes.map((change) => change.path),
      changes: changes
        .slice(0, 20)
        .map((change) => (isRedacted(change, secret) ? redactedDetail(change) : plainChange(change))),
    },
  };
}

/**
 * The normalised difference. Objects printed at different API versions are compared by metadata only:
 * their fields have different shapes (serviceName vs service.name).
 */
function comparedChanges(desired: KubeObject, live: KubeObject): FieldChange[] {
  const left = normalizeObject(desired, { withoutIdentity: true });
  const right = normalizeObject(live, { declared: desired, withoutIdentity: true });
  // Secret data is compared key by key even when one side has none, so no change is the whole map.
  if (desired.kind === "Secret" && desired.apiVersion === "v1") {
    left.data ??= {};
    right.data ??= {};
  }
  const changes =
    desired.apiVersion === live.apiVersion
      ? diffValues(left, right)
      : diffValues(left.metadata, right.metadata, ["metadata"]);
  return changes.map((change) => withReadValues(change, desired, live));
}

/**
 * A side that is absent only because normalisation dropped its default shows the value as read: a
 * targetPort of 1936 in Git against the default 1935 (= port) in the cluster reads "1936 → 1935".
 */
function withReadValues(change: FieldChange, desired: KubeObject, live: KubeObject): FieldChange {
  return {
    ...change,
    desired: change.desired ?? valueAtSegments(desired, change.segments),
    live: change.live ?? valueAtSegments(live, change.segments),
  };
}

/**
 * Secret data, and fields whose name says they hold a credential (an env var DB_PASSWORD, a ConfigMap key
 * api-token), are shown by name and whether they differ, never by value.
 */
function isRedacted(change: FieldChange, secret: boolean): boolean {
  if (secret && /^(data|stringData)\b/.test(change.path)) return true;
  // Whole maps and lists are shown with their credential-named fields masked instead (maskSensitive).
  const scalar = (value: unknown) => value === undefined || typeof value !== "object";
  return scalar(change.desired) && scalar(change.live) && hasSensitiveName(change.segments);
}

function redactedLine(change: FieldChange): string {
  if (change.desired === undefined) return `${change.path}: only in the cluster`;
  if (change.live === undefined) return `${change.path}: only in the desired state`;
  return `${change.path}: value differs`;
}

function redactedDetail(change: FieldChange): Record<string, unknown> {
  return {
    path: change.path,
    inDesired: change.desired !== undefined,
    inCluster: change.live !== undefined,
    redacted: true,
  };
}

/** Values shown whole (a container, a list element) have their credential-named fields masked. */
function plainChange(change: FieldChange): Record<string, unknown> {
  return {
    path: change.path,
    desired: maskSensitive(change.desired) ?? null,
    live: maskSensitive(change.live) ?? null,
  };
}

function missingFinding(desired: SourcedObject, identity: ObjectIdentity): DriftFinding {
  return {
    ...base(desired.object, identity),
    type: "missing-from-cluster",
    severity: "medium",
    evidence: `In the desired state (${desired.source.file}) but not in the cluster.`,
    fix: "Sync it (argocd app sync, flux reconcile) or remove it from Git: green will get it from Git while blue does not have it.",
    source: desired.source,
  };
}

function notInDesiredFinding(live: SourcedObject, options: DesiredDiffOptions): DriftFinding | undefined {
  const manager = options.managerOf?.(live.object) ?? "none";
  if (!GITOPS_MANAGERS.has(manager) || options.isSystemObject?.(live.object)) return undefined;
  const identity = liveIdentity(live.object);
  if (!identity) return undefined;
  const tool = manager === "argocd" ? "Argo CD" : "Flux";
  const tracking = trackingOf(live.object);
  return {
    ...base(live.object, identity),
    type: "not-in-desired",
    severity: "medium",
    evidence: `Tracked by ${tool}${tracking ? ` (${tracking})` : ""} but not in the desired state given.`,
    fix: "Add it to the desired state, or delete it (prune) if it is left over: green will not get it.",
    source: live.source,
    details: { manager, ...(tracking ? { tracking } : {}) },
  };
}

const TRACKING_KEYS = [
  "argocd.argoproj.io/tracking-id",
  "app.kubernetes.io/instance",
  "argocd.argoproj.io/instance",
  "kustomize.toolkit.fluxcd.io/name",
  "helm.toolkit.fluxcd.io/name",
];

/** The first tracking annotation or label, as "key=value", for the evidence. */
function trackingOf(object: KubeObject): string | undefined {
  const metadata = object.metadata ?? {};
  for (const key of TRACKING_KEYS) {
    const value = metadata.annotations?.[key] ?? metadata.labels?.[key];
    if (value) return `${key}=${value}`;
  }
  return undefined;
}

function base(object: KubeObject, identity: ObjectIdentity) {
  return {
    kind: object.kind,
    apiVersion: object.apiVersion,
    namespace: identity.namespace,
    name: identity.name,
  };
}

function severityOf(identity: ObjectIdentity): Severity {
  return HIGH_SEVERITY_KINDS.has(identity.groupKind) ? "high" : "medium";
}
