// Out-of-band changes: on an object a GitOps tool (or Helm) owns, managedFields entries written by
// people or tools other than that tool after its latest write. Those fields are not in Git (Argo CD's
// three-way and server-side diffs do not even show keys added so), and green will not have them.
//
// Rules, per managedFields entry:
//   - the tool's own managers (fieldManagers.gitops) only date the tool's latest write;
//   - status writes (subresource status, or only status fields) and ignored fields never count;
//   - legitimate controllers (HPA/VPA/KEDA scaling, injected caBundles…) never count, nor writes of the
//     scale subresource by anyone but a person (that is how autoscalers set spec.replicas);
//   - imperative managers (kubectl edit/patch/scale…, UIs) count when newer than the tool's latest write,
//     or when the tool left no dated write;
//   - apply managers (kubectl apply, client- or server-side) count only when newer than a dated tool write
//     (a pipeline may apply under that name);
//   - any other manager counts as an unknown writer (severity info) when newer than the tool's write.
import type { KubeObject, ManagedFieldsEntry } from "../types.js";
import { decodeFieldsV1 } from "./fields-v1.js";
import { apiGroupOf, type FieldManagerRules, type GlobSet, globSet } from "./system-objects.js";
import type { Manager, Severity } from "./types.js";

export type WriterClass = "imperative" | "apply" | "unknown";

export interface OutOfBandChange {
  manager: string;
  operation: string;
  /** The entry's time, or null when the entry has none. */
  time: string | null;
  /** Owned paths, decoded from fieldsV1, without status and ignored fields. */
  fields: string[];
  writer: WriterClass;
  /** The tool's manager whose write is the latest, and when, or null when there is none. */
  gitops: { manager: string; time: string } | null;
  severity: Severity;
}

export interface CompiledFieldManagers {
  gitops: Readonly<Record<"argocd" | "flux" | "helm", GlobSet>>;
  imperative: GlobSet;
  apply: GlobSet;
  legitimate: GlobSet;
  ignoredFields: GlobSet;
}

const compiledCache = new WeakMap<FieldManagerRules, CompiledFieldManagers>();

function compileFieldManagers(rules: FieldManagerRules): CompiledFieldManagers {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const compiled = {
    gitops: {
      argocd: globSet(rules.gitops.argocd),
      flux: globSet(rules.gitops.flux),
      helm: globSet(rules.gitops.helm),
    },
    imperative: globSet(rules.imperative),
    apply: globSet(rules.apply),
    legitimate: globSet(rules.legitimate),
    ignoredFields: globSet(rules.ignoredFields),
  };
  compiledCache.set(rules, compiled);
  return compiled;
}

const SENSITIVE_KINDS = new Set([
  "Secret",
  "Role",
  "RoleBinding",
  "ClusterRole",
  "ClusterRoleBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
]);

/** The out-of-band writes of a managed object, oldest first; [] for unmanaged or owned objects. */
export function outOfBandChanges(
  object: KubeObject,
  manager: Manager,
  rules: FieldManagerRules,
): OutOfBandChange[] {
  if (manager !== "argocd" && manager !== "flux" && manager !== "helm") return [];
  const entries = object.metadata?.managedFields;
  if (!Array.isArray(entries) || entries.length === 0) return [];
  const managers = compileFieldManagers(rules);
  const tool = managers.gitops[manager];
  const gitops = latestWrite(entries, tool);
  const changes: OutOfBandChange[] = [];
  for (const entry of entries) {
    const name = typeof entry?.manager === "string" ? entry.manager : "";
    if (name === "" || tool.test(name) || entry.subresource === "status") continue;
    const writer = classify(name, entry, managers);
    if (writer === undefined || !counts(writer, entry.time, gitops?.time)) continue;
    const fields = decodeFieldsV1(entry.fieldsV1).filter((path) => !managers.ignoredFields.test(path));
    if (fields.length === 0) continue;
    changes.push({
      manager: name,
      operation: typeof entry.operation === "string" ? entry.operation : "Update",
      time: typeof entry.time === "string" ? entry.time : null,
      fields,
      writer,
      gitops,
      severity: severityOf(writer, object),
    });
  }
  return changes.sort(
    (a, b) => (a.time ?? "").localeCompare(b.time ?? "") || a.manager.localeCompare(b.manager),
  );
}

/** How a non-tool manager writes, or undefined when its writes are expected. */
function classify(
  name: string,
  entry: ManagedFieldsEntry,
  managers: CompiledFieldManagers,
): WriterClass | undefined {
  if (managers.apply.test(name)) return "apply";
  if (managers.imperative.test(name)) return "imperative";
  if (managers.legitimate.test(name)) return undefined;
  if (entry.subresource === "scale") return undefined; // an autoscaler setting spec.replicas
  // A writer that is another GitOps tool's manager is a second source of truth: treat it as an apply.
  if (Object.values(managers.gitops).some((tool) => tool.test(name))) return "apply";
  return "unknown";
}

/** Whether a write at `time` comes after the tool's latest write at `gitopsTime`. */
function counts(writer: WriterClass, time: unknown, gitopsTime: string | undefined): boolean {
  if (gitopsTime === undefined) return writer === "imperative";
  const written = typeof time === "string" ? Date.parse(time) : Number.NaN;
  if (Number.isNaN(written)) return writer === "imperative";
  return written > Date.parse(gitopsTime);
}

/** The tool's latest dated write that is not a status write. */
function latestWrite(entries: ManagedFieldsEntry[], tool: GlobSet): { manager: string; time: string } | null {
  let latest: { manager: string; time: string; at: number } | null = null;
  for (const entry of entries) {
    if (typeof entry?.manager !== "string" || !tool.test(entry.manager) || entry.subresource === "status")
      continue;
    const at = typeof entry.time === "string" ? Date.parse(entry.time) : Number.NaN;
    if (Number.isNaN(at) || (latest !== null && at <= latest.at)) continue;
    latest = { manager: entry.manager, time: entry.time as string, at };
  }
  return latest === null ? null : { manager: latest.manager, time: latest.time };
}

function severityOf(writer: WriterClass, object: KubeObject): Severity {
  if (writer === "unknown") return "info";
  if (SENSITIVE_KINDS.has(object.kind) || apiGroupOf(object.apiVersion) === "admissionregistration.k8s.io") {
    return "high";
  }
  return "medium";
}
