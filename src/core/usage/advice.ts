// What a usage finding asks for: upgrade the client that made the calls, named by what the source knows
// (user agent, service account, user, source IP). A manifest is not the cause, so none is named.
import type { ApiLifecycle } from "../knowledge.js";
import type { UsageDetail } from "../types.js";
import { normalizeVersion } from "../version.js";

const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** "system:serviceaccount:ops:agent" → "ops/agent"; other users → null. */
export function serviceAccountOf(user: string | null): string | null {
  const match = user === null ? null : SERVICE_ACCOUNT.exec(user);
  return match ? `${match[1]}/${match[2]}` : null;
}

/**
 * The lifecycle the API server announced for an API the knowledge base does not list: deprecated (the
 * k8s.io/deprecated annotation), removed at k8s.io/removed-release when it names a version.
 */
export function announcedLifecycle(detail: UsageDetail, apiVersion: string): ApiLifecycle {
  return {
    apiVersion,
    kind: "*",
    deprecatedIn: null,
    removedIn: normalizeVersion(detail.removedRelease ?? "") ?? null,
    replacement: null,
    replacementAvailableIn: null,
    notes: [],
    component: "kubernetes",
    set: "builtin",
    source: "the API server's k8s.io/deprecated and k8s.io/removed-release audit annotations",
  };
}

/** "user agent \"kubectl/v1.20.0\", service account ops/agent, from 10.0.0.7" — what names the client. */
export function clientText(detail: UsageDetail): string {
  const parts: string[] = [];
  if (detail.userAgent) parts.push(`user agent "${detail.userAgent}"`);
  if (detail.serviceAccount) parts.push(`service account ${detail.serviceAccount}`);
  else if (detail.user) parts.push(`user ${detail.user}`);
  if (detail.sourceIP) parts.push(`from ${detail.sourceIP}`);
  return parts.length === 0 ? "an unknown client" : parts.join(", ");
}

/** "412 calls, first 2026-11-20T10:00:00Z, last 2026-11-27T09:59:00Z" */
export function callsText(detail: UsageDetail): string {
  const calls = `${detail.count} call${detail.count === 1 ? "" : "s"}`;
  const first = detail.firstSeen ? `, first ${detail.firstSeen}` : "";
  const last = detail.lastSeen ? `, last ${detail.lastSeen}` : "";
  return `${calls}${first}${last}`;
}

/** One sentence: which client to upgrade and to what. */
export function clientAction(detail: UsageDetail, apiVersion: string, replacement: string | null): string {
  const api = `${apiVersion} ${detail.resource}`;
  const to = replacement ? `so that it calls ${replacement}` : "or stop it: no API replaces this one";
  const verb = detail.verb ? ` (${detail.verb})` : "";
  if (detail.via === "prometheus") {
    return `Find and upgrade the client that calls ${api} ${to} (${callsText(detail)}): API server metrics do not say who; read the audit log (--usage-audit-log or --usage-cloudwatch) to name it.`;
  }
  return `Upgrade the client that calls ${api}${verb} ${to}: ${clientText(detail)} (${callsText(detail)}).`;
}
