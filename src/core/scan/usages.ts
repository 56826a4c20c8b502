import type {
  ApiUsage,
  KubeObject,
  ManagedFieldsEntry,
  Origin,
  Provenance,
  SourcedObject,
} from "../types.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
/** kapp (Carvel) keeps the manifest it applied here, as kubectl keeps last-applied. */
const KAPP_ORIGINAL = "kapp.k14s.io/original";

/**
 * Every API version an object was written with: the version it is printed at, the version in its
 * last-applied annotation and in kapp's original annotation, and each managedFields entry's version
 * (with the manager's name).
 * Each distinct apiVersion is reported once, from the first origin that shows it, in that order.
 */
export function apiUsages(item: SourcedObject): ApiUsage[] {
  const { object, source } = item;
  const kind = object.kind;
  const name = object.metadata?.name ?? object.metadata?.generateName ?? null;
  const namespace = object.metadata?.namespace ?? null;
  const seen = new Set<string>();
  const usages: ApiUsage[] = [];
  const add = (apiVersion: string, usageKind: string, from: Provenance) => {
    const key = `${apiVersion}/${usageKind}`;
    if (seen.has(key)) return;
    seen.add(key);
    usages.push({ apiVersion, kind: usageKind, name, namespace, source: from });
  };

  add(object.apiVersion, kind, source);
  // An applied manifest of another kind belongs to something else (pluto #432: a ControllerRevision
  // copying its DaemonSet's annotations); it says nothing about this object.
  for (const [annotation, origin] of APPLIED_ANNOTATIONS) {
    const applied = appliedTypeMeta(object, annotation);
    if (applied && applied.kind === kind) add(applied.apiVersion, kind, { ...source, origin });
  }
  for (const entry of object.metadata?.managedFields ?? []) {
    if (isWriteRecord(entry)) {
      add(entry.apiVersion, kind, {
        ...source,
        origin: "managed-fields",
        manager: entry.manager ?? "unknown",
      });
    }
  }
  return usages;
}

const APPLIED_ANNOTATIONS: readonly [string, Origin][] = [
  [LAST_APPLIED, "last-applied"],
  [KAPP_ORIGINAL, "kapp-original"],
];

function appliedTypeMeta(
  object: KubeObject,
  annotation: string,
): { apiVersion: string; kind: string } | undefined {
  const raw = object.metadata?.annotations?.[annotation];
  if (typeof raw !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { apiVersion, kind } = parsed as Record<string, unknown>;
    return typeof apiVersion === "string" && typeof kind === "string" ? { apiVersion, kind } : undefined;
  } catch {
    return undefined;
  }
}

/** Every write, status included: a controller that writes status through a removed API breaks too. */
function isWriteRecord(entry: ManagedFieldsEntry): entry is ManagedFieldsEntry & { apiVersion: string } {
  return typeof entry.apiVersion === "string";
}
