// Fixtures for the readiness tests: object builders, a metadata-only managerOf stand-in, corpus readers,
// and the bundled platform catalogue.
import { assessReadiness, type ReadinessInput } from "../../src/core/audit/readiness.js";
import type { Manager, ReadinessCheck, ReadinessCheckId } from "../../src/core/audit/types.js";
import type { KubeObject, SourcedObject } from "../../src/core/types.js";
import { loadPlatformComponents } from "../../src/knowledge/load-platform-components.js";
import { readPaths } from "../../src/sources/files.js";

export const CORPUS = "test/corpus";
export const CATALOG = loadPlatformComponents();

export type Json = Record<string, unknown>;

export function sourced(objects: KubeObject[], file = "fixture.yaml"): SourcedObject[] {
  return objects.map((object, index) => ({ object, source: { file, line: index + 1, origin: "manifest" } }));
}

/** Which tool owns an object, from its metadata alone (the drift rules' managerOf, simplified). */
export function managerFromMetadata(object: KubeObject): Manager {
  const metadata = object.metadata ?? {};
  const labels = metadata.labels ?? {};
  const annotations = metadata.annotations ?? {};
  if ((metadata.ownerReferences ?? []).length > 0) return "owner";
  if (annotations["argocd.argoproj.io/tracking-id"] || labels["argocd.argoproj.io/instance"]) return "argocd";
  const fluxLabel = Object.keys(labels).some(
    (key) => key.startsWith("kustomize.toolkit.fluxcd.io/") || key.startsWith("helm.toolkit.fluxcd.io/"),
  );
  if (fluxLabel) return "flux";
  if (labels["app.kubernetes.io/managed-by"] === "Helm" || annotations["meta.helm.sh/release-name"])
    return "helm";
  return "none";
}

export const BASE_INPUT: ReadinessInput = {
  managerOf: managerFromMetadata,
  drift: [],
  removedApis: [],
  targetVersion: "1.33",
};

/** Every check by id, for `objects` with the base input plus `overrides`. */
export function assess(
  objects: KubeObject[] | SourcedObject[],
  overrides: Partial<ReadinessInput> = {},
): Record<ReadinessCheckId, ReadinessCheck> {
  const items =
    objects.length > 0 && "source" in (objects[0] as object)
      ? (objects as SourcedObject[])
      : sourced(objects as KubeObject[]);
  const checks = assessReadiness(items, { ...BASE_INPUT, ...overrides }, CATALOG);
  return Object.fromEntries(checks.map((check) => [check.check, check])) as Record<
    ReadinessCheckId,
    ReadinessCheck
  >;
}

export async function readCorpus(...paths: string[]): Promise<SourcedObject[]> {
  const objects: SourcedObject[] = [];
  for await (const event of readPaths(paths.map((p) => (p.startsWith("/") ? p : `${CORPUS}/${p}`)))) {
    if (event.type === "object") objects.push(event.item);
  }
  return objects;
}

export function meta(name: string, namespace?: string, extra: Json = {}): Json {
  return { name, ...(namespace ? { namespace } : {}), ...extra };
}

interface WorkloadOptions {
  namespace?: string;
  replicas?: number;
  image?: string;
  labels?: Record<string, string>;
  metadata?: Json;
  /** Fields merged into the pod spec. */
  pod?: Json;
  /** Fields merged into the container. */
  container?: Json;
  /** Fields merged into the workload spec. */
  spec?: Json;
}

export function workload(
  kind: "Deployment" | "StatefulSet" | "DaemonSet",
  name: string,
  options: WorkloadOptions = {},
): KubeObject {
  const labels = options.labels ?? { app: name };
  const container = { name: "main", image: options.image ?? "nginx:1.25", ...options.container };
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: meta(name, options.namespace ?? "shop", options.metadata),
    spec: {
      ...(kind === "DaemonSet" ? {} : { replicas: options.replicas ?? 2 }),
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container], ...options.pod } },
      ...options.spec,
    },
  };
}

export function deployment(name: string, options: WorkloadOptions = {}): KubeObject {
  return workload("Deployment", name, options);
}

export function object(apiVersion: string, kind: string, metadata: Json, fields: Json = {}): KubeObject {
  return { apiVersion, kind, metadata, ...fields };
}
