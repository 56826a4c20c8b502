// The parts of an object that the compare looks at, as flat fields: images and tags, replicas and HPA
// bounds, resources, config keys (Secret values only as hashes), ingress hosts and classes, storage
// classes, CRD versions served, PDBs, container flags and environment, cluster-specific annotations,
// what an Argo CD Application deploys, and load-balancer addresses. Everything else is not compared.

import { groupKindOf, quantityValue } from "../audit/normalize.js";
import { POD_SPEC_PATHS } from "../audit/normalize-pod-defaults.js";
import {
  annotationsOf,
  asCount,
  asRecord,
  asString,
  at,
  type Fields,
  records,
  strings,
} from "../audit/readiness-fields.js";
import type { KubeObject } from "../types.js";
import { hashText } from "./hash.js";
import type { Aspect } from "./types.js";

export interface AspectValue {
  aspect: Aspect;
  /** What is compared (a hash for Secret values). */
  value: string;
  /** What may be shown; null for Secret values. */
  shown: string | null;
}

export type Aspects = Map<string, AspectValue>;

/** Annotations whose values are compared: cluster-specific ones, so they are listed as expected. */
export const COMPARED_ANNOTATIONS = [
  "eks.amazonaws.com/role-arn",
  "external-dns.alpha.kubernetes.io/set-identifier",
  "external-dns.alpha.kubernetes.io/hostname",
  "alb.ingress.kubernetes.io/certificate-arn",
  "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
  "kubernetes.io/ingress.class",
];

const MAX_SHOWN = 80;

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function put(out: Aspects, field: string, aspect: Aspect, value: unknown): void {
  if (value === undefined || value === null) return;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  out.set(field, { aspect, value: text, shown: shorten(text) });
}

/** A pod template's containers, init containers included, by name. */
function containers(podSpec: Fields | undefined): Fields[] {
  if (!podSpec) return [];
  return [...records(podSpec.initContainers), ...records(podSpec.containers)];
}

/** `--flag=value` and `--flag value` as flag → value; the rest (positional) joined. */
function splitFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq !== -1) flags.set(arg.slice(0, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !(argv[i + 1] ?? "").startsWith("-")) flags.set(arg, argv[++i] ?? "");
    else flags.set(arg, "");
  }
  if (positional.length > 0) flags.set("", positional.join(" "));
  return flags;
}

function canonicalQuantity(value: unknown): string | undefined {
  const number = quantityValue(value);
  return number === undefined ? (typeof value === "string" ? value : undefined) : String(number);
}

function containerAspects(out: Aspects, podSpec: Fields | undefined): void {
  for (const container of containers(podSpec)) {
    const name = asString(container.name) ?? "?";
    const at_ = `containers[${name}]`;
    put(out, `${at_}.image`, "image", asString(container.image));
    for (const bound of ["requests", "limits"]) {
      for (const [resource, quantity] of Object.entries(asRecord(at(container, "resources", bound)) ?? {})) {
        const value = canonicalQuantity(quantity);
        if (value !== undefined) {
          out.set(`${at_}.resources.${bound}.${resource}`, {
            aspect: "resources",
            value,
            shown: String(quantity),
          });
        }
      }
    }
    for (const [flag, value] of splitFlags([...strings(container.command), ...strings(container.args)])) {
      put(out, `${at_}.args${flag === "" ? "" : `[${flag}]`}`, "args", value);
    }
    for (const variable of records(container.env)) {
      const key = asString(variable.name);
      if (key) put(out, `${at_}.env.${key}`, "env", variable.value ?? variable.valueFrom ?? "");
    }
  }
}

function podSpecOf(object: KubeObject): Fields | undefined {
  const path = POD_SPEC_PATHS[groupKindOf(object)];
  if (!path) return undefined;
  return asRecord(at(object, ...path.split(".")));
}

function configAspects(out: Aspects, object: KubeObject): void {
  if (object.kind === "ConfigMap") {
    for (const [key, value] of Object.entries(asRecord(object.data) ?? {}))
      put(out, `data.${key}`, "config", value);
    for (const key of Object.keys(asRecord(object.binaryData) ?? {})) {
      const value = asString(asRecord(object.binaryData)?.[key]) ?? "";
      out.set(`binaryData.${key}`, { aspect: "config", value: hashText(value), shown: null });
    }
    return;
  }
  // Secret values are compared by a hash of each key's decoded value and never kept or shown.
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(asRecord(object.data) ?? {})) {
    data[key] = decodeBase64(typeof value === "string" ? value : "");
  }
  for (const [key, value] of Object.entries(asRecord(object.stringData) ?? {})) data[key] = String(value);
  for (const [key, value] of Object.entries(data)) {
    out.set(`data.${key}`, { aspect: "secret", value: hashText(value), shown: null });
  }
}

/** Base64 decoded to a binary string (whatever the line wrapping), so equal bytes hash equal. */
function decodeBase64(text: string): string {
  try {
    return atob(text.replace(/\s+/g, ""));
  } catch {
    return text;
  }
}

function hpaAspects(out: Aspects, object: KubeObject): void {
  put(out, "spec.minReplicas", "autoscaling", String(asCount(at(object, "spec", "minReplicas")) ?? 1));
  put(out, "spec.maxReplicas", "autoscaling", asCount(at(object, "spec", "maxReplicas"))?.toString());
  put(out, "spec.scaleTargetRef", "autoscaling", asString(at(object, "spec", "scaleTargetRef", "name")));
}

function ingressAspects(out: Aspects, object: KubeObject): void {
  const hosts = records(at(object, "spec", "rules")).flatMap((rule) => asString(rule.host) ?? []);
  const tlsHosts = records(at(object, "spec", "tls")).flatMap((tls) => strings(tls.hosts));
  put(out, "spec.rules[].host", "ingress", [...new Set(hosts)].sort().join(", ") || undefined);
  put(out, "spec.tls[].hosts", "ingress", [...new Set(tlsHosts)].sort().join(", ") || undefined);
  put(out, "spec.ingressClassName", "ingress", asString(at(object, "spec", "ingressClassName")));
}

/** Load-balancer and ingress addresses: compared only to be listed as expected (each cluster has its own). */
function addressAspects(out: Aspects, object: KubeObject): void {
  const addresses = records(at(object, "status", "loadBalancer", "ingress")).flatMap(
    (entry) => asString(entry.hostname) ?? asString(entry.ip) ?? [],
  );
  put(out, "status.loadBalancer.ingress", "address", addresses.sort().join(", ") || undefined);
}

function kindAspects(out: Aspects, object: KubeObject): void {
  const spec = asRecord(object.spec) ?? {};
  switch (object.kind) {
    case "Deployment":
    case "StatefulSet":
    case "ReplicaSet":
      put(out, "spec.replicas", "replicas", String(asCount(spec.replicas) ?? 1));
      for (const claim of records(spec.volumeClaimTemplates)) {
        const name = asString(at(claim, "metadata", "name")) ?? "?";
        put(
          out,
          `volumeClaimTemplates[${name}].storageClassName`,
          "storage-class",
          at(claim, "spec", "storageClassName") ?? "(default)",
        );
      }
      return;
    case "CronJob":
      put(out, "spec.schedule", "schedule", asString(spec.schedule));
      put(out, "spec.suspend", "schedule", String(spec.suspend === true));
      return;
    case "ConfigMap":
    case "Secret":
      configAspects(out, object);
      return;
    case "HorizontalPodAutoscaler":
      hpaAspects(out, object);
      return;
    case "Ingress":
      ingressAspects(out, object);
      addressAspects(out, object);
      return;
    case "Service":
      addressAspects(out, object);
      return;
    case "PersistentVolumeClaim":
      put(out, "spec.storageClassName", "storage-class", asString(spec.storageClassName) ?? "(default)");
      return;
    case "StorageClass":
      put(out, "provisioner", "storage-class", asString(object.provisioner));
      put(out, "parameters", "storage-class", asRecord(object.parameters));
      return;
    case "CustomResourceDefinition": {
      const served = records(spec.versions)
        .filter((v) => v.served !== false)
        .flatMap((v) => asString(v.name) ?? []);
      put(out, "spec.versions[served]", "crd-versions", served.join(", "));
      return;
    }
    case "PodDisruptionBudget":
      put(out, "spec.minAvailable", "pdb", spec.minAvailable);
      put(out, "spec.maxUnavailable", "pdb", spec.maxUnavailable);
      return;
    case "Application":
      put(out, "spec.source.repoURL", "gitops-source", at(spec, "source", "repoURL"));
      put(out, "spec.source.path", "gitops-source", at(spec, "source", "path"));
      put(out, "spec.source.targetRevision", "gitops-source", at(spec, "source", "targetRevision"));
      put(out, "spec.destination.server", "gitops-source", at(spec, "destination", "server"));
      put(out, "spec.destination.name", "gitops-source", at(spec, "destination", "name"));
      return;
  }
}

/** The compared fields of one object. */
export function aspectsOf(object: KubeObject): Aspects {
  const out: Aspects = new Map();
  kindAspects(out, object);
  containerAspects(out, podSpecOf(object));
  const annotations = annotationsOf(object);
  for (const key of COMPARED_ANNOTATIONS) {
    put(out, `metadata.annotations[${key}]`, "annotation", asString(annotations[key]));
  }
  return out;
}
