// The drift rules that need no desired state: unmanaged objects, out-of-band changes on managed objects
// and RBAC risk. One pass over an index by uid and identity: linear in the number of objects.
import { compareText } from "../text.js";
import type { KubeObject, SourcedObject } from "../types.js";
import { type OutOfBandChange, outOfBandChanges } from "./out-of-band.js";
import { buildOwnershipIndex, managerOf, statefulSetOfClaim } from "./ownership.js";
import { rbacRiskFindings } from "./rbac-risk.js";
import { apiGroupOf, isSystemObject, type SystemObjectRules } from "./system-objects.js";
import { DRIFT_TYPES, type DriftFinding, type Manager, SEVERITIES, type Severity } from "./types.js";

export interface DriftResult {
  findings: DriftFinding[];
  /** The owner of every live object (objects read from Helm release records are not live). */
  managers: Map<KubeObject, Manager>;
}

const TOOL_NAMES: Record<"argocd" | "flux" | "helm", string> = {
  argocd: "Argo CD",
  flux: "Flux",
  helm: "Helm",
};

/** Kinds whose unmanaged copies grant access or change how the API behaves. */
const HIGH_KINDS = new Set([
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "CustomResourceDefinition",
  "APIService",
]);

/** Workloads, what exposes them, their identities, credentials and storage. */
const MEDIUM_KINDS = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
  "Pod",
  "Service",
  "Ingress",
  "IngressClass",
  "Gateway",
  "HTTPRoute",
  "GRPCRoute",
  "TCPRoute",
  "TLSRoute",
  "NetworkPolicy",
  "Secret",
  "ServiceAccount",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "StorageClass",
  "PriorityClass",
  "RuntimeClass",
]);

/** kubectl knows these groups' kinds by their plain name; others need kind.group to be unambiguous. */
const BUILT_IN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "scheduling.k8s.io",
  "node.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "certificates.k8s.io",
]);

export function findDrift(objects: readonly SourcedObject[], rules: SystemObjectRules): DriftResult {
  const index = buildOwnershipIndex(objects, rules.fieldManagers.gitops);
  const managers = new Map<KubeObject, Manager>();
  const findings: DriftFinding[] = [];
  for (const item of index.live) {
    const manager = managerOf(item.object, index);
    managers.set(item.object, manager);
    if (!item.object.metadata?.name) continue;
    if (manager === "none") {
      // A PVC of a StatefulSet's volumeClaimTemplates is reported through its StatefulSet.
      const excluded = isSystemObject(item.object, rules) !== null || statefulSetOfClaim(item.object, index);
      if (!excluded) findings.push(unmanagedFinding(item));
      continue;
    }
    for (const change of outOfBandChanges(item.object, manager, rules.fieldManagers)) {
      findings.push(outOfBandFinding(item, manager as keyof typeof TOOL_NAMES, change));
    }
  }
  findings.push(...rbacRiskFindings(index, rules));
  return { findings: findings.sort(compareFindings), managers };
}

export function unmanagedSeverity(kind: string): Severity {
  if (HIGH_KINDS.has(kind)) return "high";
  if (MEDIUM_KINDS.has(kind)) return "medium";
  return "low";
}

function unmanagedFinding(item: SourcedObject): DriftFinding {
  const { object } = item;
  const namespace = object.metadata?.namespace || null;
  const name = object.metadata?.name ?? "";
  const written = writersOf(object);
  const evidence = [
    "no Argo CD tracking (tracking-id annotation or instance label), no Flux label or inventory entry, no Helm release, no managed owner",
    ...(written ? [`written by ${written}`] : []),
    ...(object.metadata?.annotations?.["kubectl.kubernetes.io/last-applied-configuration"] !== undefined
      ? ["has kubectl's last-applied-configuration (made with kubectl apply)"]
      : []),
  ].join("; ");
  return {
    type: "unmanaged",
    severity: unmanagedSeverity(object.kind),
    kind: object.kind,
    apiVersion: object.apiVersion,
    namespace,
    name,
    evidence,
    fix: unmanagedFix(object, namespace, name),
    source: item.source,
  };
}

function unmanagedFix(object: KubeObject, namespace: string | null, name: string): string {
  const get = `kubectl get ${resourceName(object)} ${namespace ? `-n ${namespace} ` : ""}${name} -o yaml`;
  if (object.kind === "Secret") {
    return `move it to your secret store (External Secrets, Sealed Secrets) and commit that reference to Git, or delete it; green will not have it (${get} shows it — mind the values)`;
  }
  const file = `${namespace ? `${namespace}-` : ""}${name}-${object.kind.toLowerCase()}.yaml`;
  return `commit it to Git (${get} > ${file}, then drop status and server-set fields) or delete it; green will not have it`;
}

/** "kubectl-create (Update, 2024-03-02T02:13:00Z), …" from the non-status managedFields entries. */
function writersOf(object: KubeObject): string {
  const entries = object.metadata?.managedFields ?? [];
  const seen = new Set<string>();
  const writers: string[] = [];
  for (const entry of entries) {
    if (typeof entry?.manager !== "string" || entry.subresource === "status" || seen.has(entry.manager))
      continue;
    seen.add(entry.manager);
    writers.push(`${entry.manager} (${[entry.operation, entry.time].filter(Boolean).join(", ")})`);
  }
  return writers.join(", ");
}

const MAX_FIELDS_IN_EVIDENCE = 6;

function outOfBandFinding(
  item: SourcedObject,
  tool: keyof typeof TOOL_NAMES,
  change: OutOfBandChange,
): DriftFinding {
  const { object } = item;
  const shown = change.fields.slice(0, MAX_FIELDS_IN_EVIDENCE).join(", ");
  const more = change.fields.length - MAX_FIELDS_IN_EVIDENCE;
  const fields = more > 0 ? `${shown} and ${more} more` : shown;
  const when = change.time ?? "an unknown time";
  const after = change.gitops
    ? `after ${change.gitops.manager}'s last write at ${change.gitops.time}`
    : `and ${TOOL_NAMES[tool]} left no dated write`;
  const who =
    change.writer === "unknown"
      ? `${change.manager} (a writer that is neither ${TOOL_NAMES[tool]} nor a known controller)`
      : change.manager;
  return {
    type: "out-of-band-change",
    severity: change.severity,
    kind: object.kind,
    apiVersion: object.apiVersion,
    namespace: object.metadata?.namespace || null,
    name: object.metadata?.name ?? "",
    evidence: `${who} (${change.operation}) wrote ${fields} at ${when}, ${after}`,
    fix:
      change.writer === "unknown"
        ? `if ${change.manager} is a controller, add it to fieldManagers.legitimate in a --system-objects file; otherwise put ${fields} into Git or revert it`
        : `put the change (${fields}) into Git or revert it; ${TOOL_NAMES[tool]} does not restore fields it does not own, and green is built from Git without it`,
    source: item.source,
    details: {
      manager: change.manager,
      operation: change.operation,
      time: change.time,
      fields: change.fields,
      tool,
      writer: change.writer,
      ...(change.gitops ? { gitopsManager: change.gitops.manager, gitopsTime: change.gitops.time } : {}),
    },
  };
}

function resourceName(object: KubeObject): string {
  const group = apiGroupOf(object.apiVersion);
  const kind = object.kind.toLowerCase();
  return BUILT_IN_GROUPS.has(group) ? kind : `${kind}.${group}`;
}

/** Most severe first, then by type, namespace, kind, name and evidence. */
export function compareFindings(a: DriftFinding, b: DriftFinding): number {
  return (
    SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
    DRIFT_TYPES.indexOf(a.type) - DRIFT_TYPES.indexOf(b.type) ||
    compareText(a.namespace ?? "", b.namespace ?? "") ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.evidence, b.evidence)
  );
}
