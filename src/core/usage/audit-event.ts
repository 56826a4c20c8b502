// One line of a Kubernetes audit log (audit.k8s.io/v1 Event, as the API server's log backend writes them,
// one JSON object per line) reduced to the call it records. Pure: the readers hand lines in.

/** The parts of an audit event a usage finding needs. */
export interface ApiCall {
  user: string | null;
  userAgent: string | null;
  sourceIP: string | null;
  verb: string | null;
  /** "policy/v1beta1", or "v1" for the core group. */
  apiVersion: string;
  resource: string;
  subresource: string | null;
  /** RFC 3339; the stage timestamp, else when the request was received. */
  time: string | null;
  /** The API server's k8s.io/deprecated annotation was "true". */
  deprecated: boolean;
  /** The k8s.io/removed-release annotation, e.g. "1.25". */
  removedRelease: string | null;
}

export type AuditLine =
  | { type: "call"; call: ApiCall }
  | { type: "skip" }
  | { type: "error"; message: string };

const DEPRECATED = "k8s.io/deprecated";
const REMOVED_RELEASE = "k8s.io/removed-release";
/** Earlier stages of a request are logged again at ResponseComplete: counting them would count it twice. */
const EARLY_STAGES = new Set(["RequestReceived", "ResponseStarted"]);

interface RawEvent {
  kind?: unknown;
  apiVersion?: unknown;
  stage?: unknown;
  verb?: unknown;
  requestURI?: unknown;
  user?: { username?: unknown };
  userAgent?: unknown;
  sourceIPs?: unknown;
  objectRef?: { apiGroup?: unknown; apiVersion?: unknown; resource?: unknown; subresource?: unknown };
  annotations?: Record<string, unknown>;
  stageTimestamp?: unknown;
  requestReceivedTimestamp?: unknown;
}

/** Parses one line; blank lines are skipped, lines that are not audit events are errors. */
export function parseAuditLine(line: string): AuditLine {
  if (line.trim() === "") return { type: "skip" };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { type: "error", message: `not JSON (${reason}); a truncated or corrupted audit-log line` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { type: "error", message: "not a JSON object; audit logs hold one audit.k8s.io Event per line" };
  }
  return auditCall(value as RawEvent);
}

/** An audit event as an object (CloudWatch @message, a parsed line) → the call, or why it is not one. */
export function auditCall(event: RawEvent): AuditLine {
  if (
    event.kind !== "Event" ||
    typeof event.apiVersion !== "string" ||
    !event.apiVersion.startsWith("audit.k8s.io/")
  ) {
    return {
      type: "error",
      message: `not an audit event (kind ${JSON.stringify(event.kind)}, apiVersion ${JSON.stringify(event.apiVersion)}); expected kind Event of audit.k8s.io/v1`,
    };
  }
  if (typeof event.stage === "string" && EARLY_STAGES.has(event.stage)) return { type: "skip" };
  const target = resourceOf(event);
  if (!target) return { type: "skip" };
  const annotations = event.annotations ?? {};
  const removed = annotations[REMOVED_RELEASE];
  return {
    type: "call",
    call: {
      user: text(event.user?.username),
      userAgent: text(event.userAgent),
      sourceIP: Array.isArray(event.sourceIPs) ? text(event.sourceIPs[0]) : null,
      verb: text(event.verb),
      ...target,
      time: text(event.stageTimestamp) ?? text(event.requestReceivedTimestamp),
      deprecated: annotations[DEPRECATED] === "true",
      removedRelease: typeof removed === "string" && removed !== "" ? removed : null,
    },
  };
}

type Target = Pick<ApiCall, "apiVersion" | "resource" | "subresource">;

/** objectRef when the server filled it in, else the request URI; null for non-resource URLs (/healthz). */
function resourceOf(event: RawEvent): Target | null {
  const ref = event.objectRef;
  const resource = text(ref?.resource);
  const version = text(ref?.apiVersion);
  if (ref && resource && version) {
    const group = text(ref.apiGroup);
    return {
      apiVersion: group ? `${group}/${version}` : version,
      resource,
      subresource: text(ref.subresource),
    };
  }
  return typeof event.requestURI === "string" ? parseRequestUri(event.requestURI) : null;
}

/**
 * "/apis/policy/v1beta1/namespaces/a/poddisruptionbudgets/b/status?x" → policy/v1beta1, poddisruptionbudgets,
 * status; "/api/v1/pods" → v1, pods. The legacy "/watch/" segment is skipped. Non-resource URLs → null.
 */
export function parseRequestUri(uri: string): Target | null {
  const path = uri.split("?")[0] ?? "";
  const segments = path.split("/").filter((segment) => segment !== "");
  let rest: string[];
  let apiVersion: string;
  if (segments[0] === "api" && segments.length >= 3) {
    apiVersion = segments[1] as string;
    rest = segments.slice(2);
  } else if (segments[0] === "apis" && segments.length >= 4) {
    apiVersion = `${segments[1]}/${segments[2]}`;
    rest = segments.slice(3);
  } else {
    return null;
  }
  if (rest[0] === "watch") rest = rest.slice(1);
  if (rest[0] === "namespaces" && rest.length >= 3) rest = rest.slice(2);
  const resource = rest[0];
  if (!resource) return null;
  return { apiVersion, resource, subresource: rest[2] ?? null };
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * A cheap test run before JSON.parse: a line that mentions neither the deprecation annotation nor any of
 * `versions` (the API versions that matter at the target) cannot become a finding, so it is only checked
 * to look like one JSON object ("{…}"), which catches truncated and non-JSON lines without parsing them.
 * With "v1" among the versions every line is parsed.
 */
export function createLinePrefilter(
  versions: readonly string[],
): (line: string) => "parse" | "skip" | "error" {
  const tokens = ["k8s.io/deprecated", ...versions];
  return (line) => {
    for (const token of tokens) if (line.includes(token)) return "parse";
    const text = line.trim();
    if (text === "") return "skip";
    return text.startsWith("{") && text.endsWith("}") ? "skip" : "error";
  };
}
