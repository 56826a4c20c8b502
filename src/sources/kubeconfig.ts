// Loads a kubeconfig the way kubectl does and selects a context. Errors never quote the file's content:
// a kubeconfig holds tokens, keys and passwords.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { CutoverError, messageOf } from "../core/errors.js";

export interface KubeconfigOptions {
  /** `--kubeconfig FILE`: exactly this file, as kubectl takes it. */
  kubeconfig?: string;
  /** `--context NAME`: must name a context of the loaded config; default: its current-context. */
  context?: string;
  /** Where to read `KUBECONFIG` from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Home directory holding `.kube/config` (default: the user's). */
  home?: string;
}

export interface LoadedKubeConfig {
  /** The merged config, switched to the chosen context. */
  kc: KubeConfig;
  context: string;
  /** The cluster's server URL without user info, query or fragment: safe to print and to store. */
  server: string;
  /** The files the config was merged from, in order. */
  files: string[];
}

/** The kubeconfig is missing, unreadable or lacks the requested context. */
export class KubeconfigError extends CutoverError {
  override name = "KubeconfigError";
}

const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/**
 * kubectl's rules: `--kubeconfig` alone; else every existing file of `KUBECONFIG` (a path-delimiter
 * separated list) merged, the first definition of a name and the first current-context winning; else
 * `~/.kube/config`; else the pod's service account when running inside a cluster.
 */
export function loadKubeConfig(options: KubeconfigOptions = {}): LoadedKubeConfig {
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(options, env);
  const kc = files.length > 0 ? mergeFiles(files) : inClusterConfig(env);
  const context = chooseContext(kc, options.context, describeFiles(files));
  kc.setCurrentContext(context);
  return { kc, context, server: clusterServer(kc, context), files };
}

function kubeconfigFiles(options: KubeconfigOptions, env: Record<string, string | undefined>): string[] {
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) {
      throw new KubeconfigError(`kubeconfig file ${options.kubeconfig} (from --kubeconfig) does not exist`);
    }
    return [options.kubeconfig];
  }
  const fromEnv = (env.KUBECONFIG ?? "").split(path.delimiter).filter(Boolean);
  if (fromEnv.length > 0) {
    // kubectl skips the files of KUBECONFIG that do not exist, but not all of them.
    const existing = fromEnv.filter((file) => existsSync(file));
    if (existing.length === 0) {
      throw new KubeconfigError(`none of the files in KUBECONFIG exist: ${fromEnv.join(", ")}`);
    }
    return existing;
  }
  const home = options.home ?? homedir();
  const defaultFile = path.join(home, ".kube", "config");
  if (existsSync(defaultFile)) return [defaultFile];
  if (env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) return [];
  throw new KubeconfigError(
    `no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, or create ${defaultFile} ` +
      "(for EKS: aws eks update-kubeconfig --name CLUSTER)",
  );
}

function mergeFiles(files: string[]): KubeConfig {
  const merged = { clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: "" };
  for (const file of files) {
    const one = readFile(file);
    for (const cluster of one.getClusters())
      if (!merged.clusters.has(cluster.name)) merged.clusters.set(cluster.name, cluster);
    for (const user of one.getUsers()) if (!merged.users.has(user.name)) merged.users.set(user.name, user);
    for (const ctx of one.getContexts())
      if (!merged.contexts.has(ctx.name)) merged.contexts.set(ctx.name, ctx);
    merged.currentContext ||= one.getCurrentContext() ?? "";
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...merged.clusters.values()],
    users: [...merged.users.values()],
    contexts: [...merged.contexts.values()],
    currentContext: merged.currentContext,
  });
  return kc;
}

function readFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${safeReason(error)}`);
  }
  return kc;
}

function inClusterConfig(env: Record<string, string | undefined>): KubeConfig {
  const kc = new KubeConfig();
  if (env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  return kc;
}

/** The cause of a load failure without any text of the file (YAML errors quote the offending lines). */
function safeReason(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const { code, reason, mark } = error as { code?: unknown; reason?: unknown; mark?: { line?: number } };
  if (typeof reason === "string" && typeof mark?.line === "number") {
    return `invalid YAML at line ${mark.line + 1}: ${reason}`;
  }
  if (typeof code === "string") return code;
  if (error instanceof TypeError)
    return "not a kubeconfig (expected a mapping with clusters, users and contexts)";
  // client-node's own validation messages name the entry ("clusters[0].name is missing"), never a value.
  return messageOf(error);
}

function chooseContext(kc: KubeConfig, requested: string | undefined, source: string): string {
  const names = kc.getContexts().map((ctx) => ctx.name);
  const available = names.length > 0 ? `available contexts: ${names.join(", ")}` : "it defines no contexts";
  const name = requested ?? kc.getCurrentContext();
  if (!name) {
    throw new KubeconfigError(`${source} has no current-context; pass --context NAME (${available})`);
  }
  if (!names.includes(name)) {
    const how = requested ? "--context" : "current-context";
    throw new KubeconfigError(`context "${name}" (${how}) is not defined in ${source}; ${available}`);
  }
  return name;
}

function clusterServer(kc: KubeConfig, context: string): string {
  const clusterName = kc.getContextObject(context)?.cluster;
  const cluster = clusterName ? kc.getCluster(clusterName) : null;
  if (!cluster) {
    throw new KubeconfigError(
      `context "${context}" refers to cluster "${clusterName ?? ""}", which is not defined`,
    );
  }
  const server = safeServerUrl(cluster.server);
  if (!server) {
    throw new KubeconfigError(`cluster "${cluster.name}" of context "${context}" has no valid server URL`);
  }
  return server;
}

/** A server URL with credentials, query and fragment removed; undefined when it does not parse. */
export function safeServerUrl(server: string): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/$/, "");
}

function describeFiles(files: string[]): string {
  if (files.length === 0) return "the in-cluster service account config";
  return files.length === 1 ? `kubeconfig ${files[0]}` : `kubeconfig files ${files.join(", ")}`;
}
