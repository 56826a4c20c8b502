// RBAC risk: bindings that grant cluster-admin, or a (Cluster)Role with `*` in verbs or resources, where
// the binding, the role or a ServiceAccount subject is not managed by any GitOps tool: the "permissions
// nobody remembers granting". Each such binding is a finding naming its subjects, and every
// ServiceAccount holding such rights gets one finding naming the bindings (high when something in the
// grant is unmanaged, low when it all comes from Git). Bootstrap and system bindings are left out.
import type { KubeObject, SourcedObject } from "../types.js";
import { identityKey, managerOf, type OwnershipIndex } from "./ownership.js";
import { apiGroupOf, isSystemObject, type SystemObjectRules } from "./system-objects.js";
import type { DriftFinding } from "./types.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const BINDING_KINDS = new Set(["ClusterRoleBinding", "RoleBinding"]);

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
}

/** One binding's grant to a ServiceAccount, kept until every binding has been seen. */
interface Grant {
  binding: string;
  role: string;
  unmanaged: boolean;
  source: SourcedObject["source"];
}

export function rbacRiskFindings(index: OwnershipIndex, rules: SystemObjectRules): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const grants = new Map<string, { subject: Required<Subject>; grants: Grant[] }>();
  for (const item of index.live) {
    const binding = item.object;
    if (!BINDING_KINDS.has(binding.kind) || apiGroupOf(binding.apiVersion) !== RBAC_GROUP) continue;
    if (isSystemObject(binding, rules) !== null) continue;
    const risk = bindingRisk(binding, index);
    if (risk === undefined) continue;
    const namespace = binding.metadata?.namespace ?? "";
    const subjects = subjectsOf(binding, namespace);
    const unmanaged = unmanagedParts(binding, risk.role, subjects, index, rules);
    const bindingName = `${binding.kind} ${namespace ? `${namespace}/` : ""}${binding.metadata?.name ?? ""}`;
    if (unmanaged.length > 0) findings.push(bindingFinding(item, risk, subjects, unmanaged));
    for (const subject of subjects) {
      if (subject.kind !== "ServiceAccount") continue;
      const key = `${subject.namespace}/${subject.name}`;
      const entry = grants.get(key) ?? { subject, grants: [] };
      entry.grants.push({
        binding: bindingName,
        role: risk.roleRef,
        unmanaged: unmanaged.length > 0,
        source: item.source,
      });
      grants.set(key, entry);
    }
  }
  for (const { subject, grants: list } of grants.values())
    findings.push(serviceAccountFinding(subject, list, index));
  return findings;
}

interface Risk {
  /** "ClusterRole cluster-admin". */
  roleRef: string;
  role: KubeObject | undefined;
  /** Why the role is broad: "cluster-admin" or the rules with `*`. */
  why: string[];
}

function bindingRisk(binding: KubeObject, index: OwnershipIndex): Risk | undefined {
  const roleRef = (binding.roleRef ?? {}) as { kind?: string; name?: string };
  if (typeof roleRef.name !== "string" || typeof roleRef.kind !== "string") return undefined;
  const roleNamespace = roleRef.kind === "Role" ? (binding.metadata?.namespace ?? "") : "";
  const role = index.byKey.get(identityKey(RBAC_GROUP, roleRef.kind, roleNamespace, roleRef.name));
  const label = `${roleRef.kind} ${roleRef.name}`;
  if (roleRef.kind === "ClusterRole" && roleRef.name === "cluster-admin") {
    return { roleRef: label, role, why: ["cluster-admin: every verb on every resource"] };
  }
  const why = role === undefined ? [] : wildcardRules(role);
  return why.length === 0 ? undefined : { roleRef: label, role, why };
}

/** The role's rules with `*` in verbs or resources, as text. */
export function wildcardRules(role: KubeObject): string[] {
  const rules = Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : [];
  return rules.flatMap((rule, position) => {
    const verbs = stringList(rule?.verbs);
    const resources = stringList(rule?.resources);
    if (resources.length === 0 || !(verbs.includes("*") || resources.includes("*"))) return [];
    const groups = stringList(rule?.apiGroups).map((group) => (group === "" ? '""' : group));
    return [
      `rule ${position + 1}: verbs [${verbs.join(", ")}] on resources [${resources.join(", ")}] in apiGroups [${groups.join(", ")}]`,
    ];
  });
}

function subjectsOf(binding: KubeObject, namespace: string): Required<Subject>[] {
  const subjects = Array.isArray(binding.subjects) ? (binding.subjects as Subject[]) : [];
  return subjects
    .filter((subject) => typeof subject?.kind === "string" && typeof subject.name === "string")
    .map((subject) => ({
      kind: subject.kind,
      name: subject.name,
      namespace:
        subject.kind === "ServiceAccount" ? (subject.namespace ?? namespace) : (subject.namespace ?? ""),
    }));
}

/** "binding", "role", "ServiceAccount ns/name": what in the grant no GitOps tool owns. */
function unmanagedParts(
  binding: KubeObject,
  role: KubeObject | undefined,
  subjects: Required<Subject>[],
  index: OwnershipIndex,
  rules: SystemObjectRules,
): string[] {
  const parts: string[] = [];
  if (managerOf(binding, index) === "none") parts.push("binding");
  if (role !== undefined && isUnmanaged(role, index, rules)) parts.push("role");
  for (const subject of subjects) {
    if (subject.kind !== "ServiceAccount") continue;
    const account = index.byKey.get(identityKey("", "ServiceAccount", subject.namespace, subject.name));
    if (account !== undefined && isUnmanaged(account, index, rules)) {
      parts.push(`ServiceAccount ${subject.namespace}/${subject.name}`);
    }
  }
  return parts;
}

function isUnmanaged(object: KubeObject, index: OwnershipIndex, rules: SystemObjectRules): boolean {
  return managerOf(object, index) === "none" && isSystemObject(object, rules) === null;
}

function bindingFinding(
  item: SourcedObject,
  risk: Risk,
  subjects: Required<Subject>[],
  unmanaged: string[],
): DriftFinding {
  const binding = item.object;
  const namespace = binding.metadata?.namespace ?? null;
  const name = binding.metadata?.name ?? "";
  const scope = namespace === null ? "cluster-wide" : `in namespace ${namespace}`;
  const who = subjects.length === 0 ? "no subjects" : subjects.map(describeSubject).join(", ");
  const resource = binding.kind.toLowerCase();
  return {
    type: "rbac-risk",
    severity: "high",
    kind: binding.kind,
    apiVersion: binding.apiVersion,
    namespace,
    name,
    evidence: `binds ${risk.roleRef} (${risk.why.join("; ")}) ${scope} to ${who}; not managed by any GitOps tool: ${unmanaged.join(", ")}`,
    fix: `if the access is still needed, commit the binding (kubectl get ${resource} ${namespace ? `-n ${namespace} ` : ""}${name} -o yaml) and a narrower role to Git; otherwise delete it; green will not have it`,
    source: item.source,
    details: { roleRef: risk.roleRef, subjects, unmanaged, rules: risk.why },
  };
}

function serviceAccountFinding(
  subject: Required<Subject>,
  grants: Grant[],
  index: OwnershipIndex,
): DriftFinding {
  const found = index.byKey.get(identityKey("", "ServiceAccount", subject.namespace, subject.name));
  const unmanaged = grants.some((grant) => grant.unmanaged);
  const through = grants
    .map((grant) => `${grant.role} through ${grant.binding}${grant.unmanaged ? " (not in Git)" : ""}`)
    .join("; ");
  // The evidence is in the bindings: the finding points at the first one read.
  const first = grants[0] as Grant;
  return {
    type: "rbac-risk",
    severity: unmanaged ? "high" : "low",
    kind: "ServiceAccount",
    apiVersion: "v1",
    namespace: subject.namespace,
    name: subject.name,
    evidence: `has ${through}${found === undefined ? "; the ServiceAccount itself is not in the input" : ""}`,
    fix: unmanaged
      ? "find what uses this ServiceAccount; grant it a narrower Role in Git, or commit the binding to Git if it needs these rights"
      : "the grant is in Git; check that the workload really needs every verb on every resource and narrow the role",
    source: first.source,
    details: {
      bindings: grants.map(({ binding, role, unmanaged: notInGit }) => ({
        binding,
        role,
        unmanaged: notInGit,
      })),
    },
  };
}

function describeSubject(subject: Required<Subject>): string {
  return subject.kind === "ServiceAccount"
    ? `ServiceAccount ${subject.namespace}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}
