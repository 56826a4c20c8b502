// Wording and ordering shared by the human-readable scan renderers (table, markdown, SARIF, JUnit),
// so every format names objects, sources and versions the same way.

import { compareText, plural } from "../../core/text.js";
import type {
  Finding,
  FindingStatus,
  InputError,
  Origin,
  Provenance,
  ScanResult,
  UsageDetail,
} from "../../core/types.js";
import { callsText, clientText } from "../../core/usage/advice.js";

/**
 * "shop/web", "-/cluster-admin" for cluster-scoped objects, "(unnamed)" when the name is unknown; for calls
 * seen by the API server, the client: "client: user agent "kubectl/v1.20.0", service account ops/agent".
 */
export function namespacedName(
  finding: Pick<Finding, "namespace" | "name"> & { usage?: UsageDetail },
): string {
  if (finding.usage) return `client: ${clientLabel(finding.usage)}`;
  return `${finding.namespace ?? "-"}/${finding.name ?? "(unnamed)"}`;
}

/** The client, with the verb and resource it called: metrics name no client, only the resource. */
export function clientLabel(usage: UsageDetail): string {
  const call = `${usage.verb ? `${usage.verb} ` : ""}${usage.resource}`;
  return usage.via === "prometheus" ? `unknown (metrics), ${call}` : `${clientText(usage)}, ${call}`;
}

/** "deploy/ingress.yaml:3", or just the file (or "cluster:<context>") when the line is unknown. */
export function fileAndLine(location: { file: string; line: number | null }): string {
  return location.line === null ? location.file : `${location.file}:${location.line}`;
}

/** How the API version was recorded, when not in the manifest itself: "managed-fields: kubectl-edit". */
function originMarker(source: Provenance): string | undefined {
  switch (source.origin) {
    case "manifest":
      return undefined;
    case "last-applied":
      return "last-applied";
    case "kapp-original":
      return "kapp-original";
    case "managed-fields":
      return source.manager ? `managed-fields: ${source.manager}` : "managed-fields";
    case "helm-release":
      return source.release ? `helm: ${source.release}` : "helm";
    case "usage":
      return "usage";
  }
}

/** Markers shown after the location: the origin (when not the manifest) and the Helm template path. */
export function sourceMarkers(source: Provenance, usage?: UsageDetail): string[] {
  const markers: string[] = [];
  const origin = originMarker(source);
  if (origin) markers.push(usage ? `usage: ${callsText(usage)}` : origin);
  if (source.template) markers.push(`template: ${source.template}`);
  return markers;
}

/**
 * "deploy/ingress.yaml:3", "cluster:prod (last-applied)", "snap.yaml:40 (helm: shop/web@3) (template: …)",
 * "audit.log:12 (usage: 3 calls, first …, last …)".
 */
export function sourceLabel(source: Provenance, usage?: UsageDetail): string {
  return [fileAndLine(source), ...sourceMarkers(source, usage).map((marker) => `(${marker})`)].join(" ");
}

/** A version of a non-Kubernetes component names the component: "cert-manager 0.11". */
export function componentVersion(finding: Finding, version: string | null): string | undefined {
  if (version === null) return undefined;
  return finding.component === "kubernetes" ? version : `${finding.component} ${version}`;
}

/** Compares dotted numeric versions ("1.9" < "1.22"); null (never) sorts last. */
export function compareOptionalVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (Number.isNaN(difference)) return a.localeCompare(b);
    if (difference !== 0) return difference;
  }
  return a.localeCompare(b);
}

const STATUS_RANK: Record<FindingStatus, number> = { removed: 0, deprecated: 1 };

/**
 * Removed first, then by removal version, kind, namespace, name, and where the object was found. Versions
 * of different components do not compare, so Kubernetes APIs come before CRD APIs, grouped by project.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    componentRank(a) - componentRank(b) ||
    compareText(a.component, b.component) ||
    compareOptionalVersions(a.removedIn, b.removedIn) ||
    compareText(a.kind, b.kind) ||
    compareText(a.namespace ?? "", b.namespace ?? "") ||
    compareText(a.name ?? "", b.name ?? "") ||
    compareText(namespacedName(a), namespacedName(b)) ||
    compareText(a.source.file, b.source.file) ||
    (a.source.line ?? 0) - (b.source.line ?? 0) ||
    compareText(a.source.origin, b.source.origin)
  );
}

function componentRank(finding: Finding): number {
  return finding.component === "kubernetes" ? 0 : 1;
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** The findings of one apiVersion/kind with the union of their migration notes. */
export interface ApiGroupNotes {
  apiVersion: string;
  kind: string;
  status: FindingStatus;
  replacement: string | null;
  removedIn: string | null;
  deprecatedIn: string | null;
  component: string;
  count: number;
  notes: string[];
}

/** One entry per distinct apiVersion/kind, in the order of `sortFindings`, notes deduplicated. */
export function groupByApi(findings: readonly Finding[]): ApiGroupNotes[] {
  const groups = new Map<string, ApiGroupNotes>();
  for (const finding of sortFindings(findings)) {
    const key = apiKey(finding);
    const group = groups.get(key) ?? newGroup(finding);
    group.count += 1;
    // A usage finding's first note names its client: the finding's own row or result says that.
    const notes = finding.usage ? finding.notes.slice(1) : finding.notes;
    for (const note of notes) if (!group.notes.includes(note)) group.notes.push(note);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function newGroup(finding: Finding): ApiGroupNotes {
  const { apiVersion, kind, status, replacement, removedIn, deprecatedIn, component } = finding;
  return { apiVersion, kind, status, replacement, removedIn, deprecatedIn, component, count: 0, notes: [] };
}

/** "extensions/v1beta1/Ingress": the identity of an API across findings. */
export function apiKey(api: { apiVersion: string; kind: string }): string {
  return `${api.apiVersion}/${api.kind}`;
}

/** "removed in Kubernetes 1.22, deprecated in 1.14", "deprecated in Kubernetes 1.33, no removal scheduled". */
export function lifecycleText(api: ApiGroupNotes | Finding): string {
  const component = api.component === "kubernetes" ? "Kubernetes" : api.component;
  if (api.status === "removed" && api.removedIn) {
    const deprecated =
      api.deprecatedIn && api.deprecatedIn !== api.removedIn ? `, deprecated in ${api.deprecatedIn}` : "";
    return `removed in ${component} ${api.removedIn}${deprecated}`;
  }
  const deprecated = api.deprecatedIn ? `deprecated in ${component} ${api.deprecatedIn}` : "deprecated";
  const removal = api.removedIn ? `removal in ${api.removedIn}` : "no removal scheduled";
  return `${deprecated}, ${removal}`;
}

/** "migrate to networking.k8s.io/v1", or what to do when there is no replacement API. */
export function replacementText(replacement: string | null): string {
  return replacement ? `migrate to ${replacement}` : "no replacement API: remove or replace the object";
}

/**
 * One sentence per finding: "Ingress shop/web uses extensions/v1beta1, removed in Kubernetes 1.22 …";
 * for calls seen by the API server, who called and what to upgrade.
 */
export function findingSentence(finding: Finding): string {
  const usage = finding.usage;
  if (usage) {
    const client =
      usage.via === "prometheus" ? "A client (API server metrics)" : `The client ${clientText(usage)}`;
    const upgrade = finding.replacement
      ? `upgrade that client to call ${finding.replacement}`
      : "upgrade or stop that client: no API replaces this one";
    return `${client} called ${usage.verb ? `${usage.verb} ` : ""}${usage.resource} (${finding.kind}) on ${finding.apiVersion}, ${lifecycleText(finding)} (${callsText(usage)}); ${upgrade}.`;
  }
  return `${finding.kind} ${namespacedName(finding)} uses ${finding.apiVersion}, ${lifecycleText(finding)}; ${replacementText(finding.replacement)}.`;
}

/** "5 removed, 1 deprecated in 120 objects from 14 files; target 1.33" */
export function summaryLine(result: ScanResult): string {
  const { removed, deprecated, objects, files } = result.summary;
  const calls = result.findings.filter((finding) => finding.usage).length;
  const usage = calls > 0 ? ` and ${plural(calls, "client group")} seen calling the API server` : "";
  return `${removed} removed, ${deprecated} deprecated in ${plural(objects, "object")} from ${plural(files, "file")}${usage}; target ${result.targetVersion}`;
}

export function noFindingsLine(result: ScanResult): string {
  return `No removed or deprecated APIs found for Kubernetes ${result.targetVersion} (${plural(result.summary.objects, "object")} scanned).`;
}

/** "deploy/broken.yaml:7: message" */
export function inputErrorLine(error: InputError): string {
  return `${fileAndLine(error)}: ${error.message}`;
}

/** Origins other than the manifest, in a fixed order, for the legend under a report. */
export function originsIn(findings: readonly Finding[]): Origin[] {
  const order: Origin[] = ["last-applied", "kapp-original", "managed-fields", "helm-release", "usage"];
  return order.filter((origin) => findings.some((finding) => finding.source.origin === origin));
}

/** What each origin means and what to fix: users mistake stale records for false positives. */
export const ORIGIN_LEGEND: Record<Exclude<Origin, "manifest">, string> = {
  "last-applied":
    "the kubectl.kubernetes.io/last-applied-configuration annotation records this apiVersion: the manifest last applied with kubectl uses it; update that manifest (the stored object is converted by the API server).",
  "kapp-original":
    "kapp's kapp.k14s.io/original annotation records this apiVersion: the manifest last deployed with kapp uses it; update that manifest.",
  "managed-fields":
    "a field manager (named after the colon) last wrote the object with this apiVersion: update the tool, controller or pipeline with that name.",
  "helm-release":
    "the latest deployed revision of this Helm release renders the apiVersion: upgrade the chart before the cluster; after a removal, Helm cannot upgrade the release until its record is fixed (helm mapkubeapis).",
  usage:
    "the API server saw a client call this API (audit log or API server metrics): upgrade that client (its user agent and service account are named); no manifest is involved, and the calls fail once the API is removed.",
};
