// Shared data shapes. Pure types: no I/O, no imports from outside core/.

/** A Kubernetes object as kubectl prints it; only the fields every object has are typed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: ManagedFieldsEntry[];
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }[];
  [field: string]: unknown;
}

/**
 * Where an API version was seen: the manifest itself, a record of how the object was written, or a call a
 * client made to the API server (audit log, API server metrics).
 */
export type Origin =
  | "manifest"
  | "last-applied"
  | "kapp-original"
  | "managed-fields"
  | "helm-release"
  | "usage";

/** Where calls to an API were seen: an audit-log file, Prometheus, or EKS's CloudWatch Logs group. */
export type UsageVia = "audit-log" | "prometheus" | "cloudwatch";

/** Who called an API and how often: one group of calls with the same user, agent, IP, verb and resource. */
export interface UsageDetail {
  via: UsageVia;
  /** The authenticated user, e.g. "system:serviceaccount:ops:old-agent"; null when the source does not say. */
  user: string | null;
  /** The namespace/name of the service account when `user` is one. */
  serviceAccount: string | null;
  userAgent: string | null;
  sourceIP: string | null;
  verb: string | null;
  /** The resource as called, e.g. "podsecuritypolicies"; with the subresource: "deployments/scale". */
  resource: string;
  count: number;
  /** RFC 3339 times of the first and last call seen; null when the source does not say. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** The release the API server announced the removal for (k8s.io/removed-release), when it did. */
  removedRelease: string | null;
}

export interface Provenance {
  /** Path as given by the user ("-" for stdin, "cluster:<context>" for a live cluster). */
  file: string;
  /** 1-based line of the document (or List item) in `file`; null for objects read from a live cluster. */
  line: number | null;
  origin: Origin;
  /** managedFields manager that wrote with this API version. */
  manager?: string;
  /** Helm release as "namespace/name@revision". */
  release?: string;
  /** The `# Source:` path of Helm-rendered output, or the template path inside a release. */
  template?: string;
}

/** One object read by a source, with where it came from. */
export interface SourcedObject {
  object: KubeObject;
  source: Provenance;
}

/** A problem with the input: the rest of the input is still processed. */
export interface InputError {
  file: string;
  /** 1-based line, or null when the problem is not tied to a line (e.g. unreadable file). */
  line: number | null;
  message: string;
}

/** A file that could not be parsed as a whole but was not an error (e.g. an unrendered Helm template). */
export interface SkippedFile {
  file: string;
  reason: string;
  /** apiVersion/kind pairs recovered line by line, if any. */
  recovered: number;
}

/** What sources stream to the scanner, file by file. */
export type SourceEvent =
  | { type: "object"; item: SourcedObject }
  | { type: "error"; error: InputError }
  | { type: "skipped"; skipped: SkippedFile }
  | { type: "warning"; message: string };

/**
 * The events of one input (a file, a cluster page), in order. Sources hand events on in batches: a file
 * is parsed whole anyway, and one await per batch rather than per event keeps reading near the parser's speed.
 */
export type EventBatch = SourceEvent[];

/** A use of an API version by one object, from one origin. */
export interface ApiUsage {
  apiVersion: string;
  kind: string;
  name: string | null;
  namespace: string | null;
  source: Provenance;
  /** Set for calls seen by the API server (origin "usage"). */
  usage?: UsageDetail;
}

export type FindingStatus = "removed" | "deprecated";

/** The JSON contract of a scan finding (schema/scan-result.schema.json). */
export interface Finding {
  kind: string;
  apiVersion: string;
  name: string | null;
  namespace: string | null;
  status: FindingStatus;
  deprecatedIn: string | null;
  removedIn: string | null;
  replacement: string | null;
  /** "kubernetes" for built-in APIs, else the project (cert-manager, istio, …). */
  component: string;
  notes: string[];
  source: Provenance;
  /** Who called the API, for findings of origin "usage". */
  usage?: UsageDetail;
}

export interface ScanResult {
  targetVersion: string;
  findings: Finding[];
  errors: InputError[];
  skipped: SkippedFile[];
  warnings: string[];
  summary: { objects: number; removed: number; deprecated: number; files: number };
}
