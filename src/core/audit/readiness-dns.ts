// What the objects say about DNS: ExternalDNS instances and their flags, the hostnames in use and the
// weighted-record annotations. Read once; the ingress-dns and cluster-specific-values checks share it.
import { displayVersion } from "./images.js";
import type { DetectedComponent, PlatformScan } from "./readiness-components.js";
import {
  annotationsOf,
  asRecord,
  asString,
  at,
  flagValues,
  objectRef,
  records,
  strings,
} from "./readiness-fields.js";
import type { ReadinessIndex } from "./readiness-index.js";

/** The annotation prefix of ExternalDNS before v0.22.0. */
export const ALPHA_PREFIX = "external-dns.alpha.kubernetes.io/";
/** The default prefix since v0.22.0 (PR #6424), with no fallback to the alpha prefix. */
export const GA_PREFIX = "external-dns.kubernetes.io/";
const GA_PREFIX_SINCE: readonly number[] = [0, 22, 0];

export interface ExternalDnsInstance {
  workload: string;
  /** The image tag ("v0.13.5"), or "latest"/"untagged". */
  version: string;
  ownerId: string | null;
  policy: string | null;
  registry: string | null;
  /** The --annotation-prefix flag, when set. */
  annotationPrefix: string | null;
  /** The prefix this instance reads: the flag, else its version's default; null when the version is unknown. */
  effectivePrefix: string | null;
  sources: string[];
  domainFilters: string[];
}

export interface WeightedRecord {
  object: string;
  prefix: string;
  setIdentifier: string | null;
  weight: string | null;
}

export interface DnsFacts {
  externalDns: ExternalDnsInstance[];
  /** Distinct hostnames, sorted. */
  hostnames: string[];
  weighted: WeightedRecord[];
  /** Objects carrying ExternalDNS annotations, by annotation prefix. */
  prefixUse: Record<string, string[]>;
}

export function readDnsFacts(index: ReadinessIndex, scan: PlatformScan): DnsFacts {
  const externalDns = scan.components
    .filter((component) => component.id === "external-dns")
    .flatMap((component) => instancesOf(component));
  const prefixes = new Set([ALPHA_PREFIX, GA_PREFIX]);
  for (const instance of externalDns) if (instance.annotationPrefix) prefixes.add(instance.annotationPrefix);
  const hostnames = new Set<string>();
  const weighted: WeightedRecord[] = [];
  const prefixUse: Record<string, string[]> = {};
  for (const { object } of index.objects) {
    for (const host of specHostnames(object)) addHost(hostnames, host);
    const annotations = annotationsOf(object);
    for (const prefix of prefixes) {
      if (!hasKeyWithPrefix(annotations, prefix)) continue;
      const users = prefixUse[prefix] ?? [];
      users.push(objectRef(object));
      prefixUse[prefix] = users;
      for (const host of (asString(annotations[`${prefix}hostname`]) ?? "").split(","))
        addHost(hostnames, host);
      const setIdentifier = asString(annotations[`${prefix}set-identifier`]) ?? null;
      const weight = asString(annotations[`${prefix}aws-weight`]) ?? null;
      if (setIdentifier !== null || weight !== null) {
        weighted.push({ object: objectRef(object), prefix, setIdentifier, weight });
      }
    }
  }
  return { externalDns, hostnames: [...hostnames].sort(), weighted, prefixUse };
}

function hasKeyWithPrefix(record: Record<string, unknown>, prefix: string): boolean {
  for (const key in record) if (key.startsWith(prefix)) return true;
  return false;
}

/** Hostnames worth listing: literal DNS names, not template placeholders or a bare wildcard. */
function addHost(hostnames: Set<string>, raw: string): void {
  const host = raw.trim();
  if (host === "" || host === "*" || /[{}$<>\s]/.test(host)) return;
  hostnames.add(host);
}

/** Hostnames declared in the spec of Ingresses, Gateway API routes, Traefik, Contour and Istio objects. */
function specHostnames(object: { kind: string; spec?: unknown }): string[] {
  const spec = asRecord(object.spec);
  if (!spec) return [];
  switch (object.kind) {
    case "Ingress":
      return [
        ...records(spec.rules).flatMap((rule) => asString(rule.host) ?? []),
        ...records(spec.tls).flatMap((tls) => strings(tls.hosts)),
      ];
    case "HTTPRoute":
    case "GRPCRoute":
    case "TLSRoute":
      return strings(spec.hostnames);
    case "Gateway":
      return records(spec.listeners).flatMap((listener) => asString(listener.hostname) ?? []);
    case "IngressRoute":
      return records(spec.routes).flatMap((route) => traefikHosts(asString(route.match) ?? ""));
    case "HTTPProxy":
      return [asString(at(spec, "virtualhost", "fqdn")) ?? ""];
    case "VirtualService":
      // Istio hosts also name in-cluster services; only fully qualified external names are listed.
      return strings(spec.hosts).filter((host) => host.includes(".") && !host.endsWith(".cluster.local"));
    default:
      return [];
  }
}

/** Host(`a.example.com`, `b.example.com`) and HostSNI(`…`) in a Traefik match rule. */
function traefikHosts(match: string): string[] {
  const hosts: string[] = [];
  for (const call of match.matchAll(/Host(?:SNI)?\(([^)]*)\)/g)) {
    for (const quoted of (call[1] ?? "").matchAll(/`([^`]*)`/g)) hosts.push(quoted[1] ?? "");
  }
  return hosts;
}

function instancesOf(component: DetectedComponent): ExternalDnsInstance[] {
  return component.uses.map(({ workload, container, ref }) => {
    const argv = [...strings(container.command), ...strings(container.args)];
    const first = (flag: string) => flagValues(argv, flag)[0] ?? null;
    const annotationPrefix = first("--annotation-prefix");
    return {
      workload: workload.ref,
      version: displayVersion(ref),
      ownerId: first("--txt-owner-id"),
      policy: first("--policy"),
      registry: first("--registry"),
      annotationPrefix,
      effectivePrefix: annotationPrefix ?? defaultPrefix(ref.version),
      sources: flagValues(argv, "--source"),
      domainFilters: flagValues(argv, "--domain-filter"),
    };
  });
}

/** The default prefix of an ExternalDNS version ("0.13.5" → alpha, "0.22.0" → GA); null when unknown. */
export function defaultPrefix(version: string | null): string | null {
  if (version === null) return null;
  const parts = version.split(".").map(Number);
  for (let index = 0; index < GA_PREFIX_SINCE.length; index++) {
    const part = parts[index] ?? 0;
    const since = GA_PREFIX_SINCE[index] ?? 0;
    if (part !== since) return part > since ? GA_PREFIX : ALPHA_PREFIX;
  }
  return GA_PREFIX;
}
