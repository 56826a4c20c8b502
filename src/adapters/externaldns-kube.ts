// The annotations of one Ingress or Service in one cluster: read them, merge-patch them. client-node and
// the kubeconfig loader are imported on first use (client-node costs ~0.6 s at start-up). Errors name the
// object, the context and the cause; never a token or any other kubeconfig content.
import type { KubeConfig } from "@kubernetes/client-node";
import { CutoverError } from "../core/errors.js";

export interface KubeTarget {
  /** The kubeconfig context of the cluster (default: the current context). */
  context?: string;
  /** A kubeconfig file (default: KUBECONFIG, then ~/.kube/config, as kubectl). */
  kubeconfig?: string;
  kind: "Ingress" | "Service";
  namespace: string;
  name: string;
}

export interface AnnotatedObject {
  /** "Ingress shop/web in context blue". */
  readonly label: string;
  readAnnotations(): Promise<Record<string, string>>;
  /** One JSON merge patch of metadata.annotations (a null value removes a key). */
  patchAnnotations(annotations: Record<string, string | null>): Promise<void>;
}

export class KubeObjectError extends CutoverError {
  override name = "KubeObjectError";
}

export const describeTarget = (t: KubeTarget) =>
  `${t.kind} ${t.namespace}/${t.name} in context ${t.context ?? "(current)"}`;

/** Connects lazily: the first call loads the kubeconfig and builds the API client. */
export function annotatedObject(target: KubeTarget): AnnotatedObject {
  const label = describeTarget(target);
  let connection: Promise<AnnotatedObject> | undefined;
  const connect = () => {
    connection ??= connectTo(target, label);
    connection.catch(() => {
      connection = undefined;
    });
    return connection;
  };
  return {
    label,
    readAnnotations: async () => (await connect()).readAnnotations(),
    patchAnnotations: async (annotations) => (await connect()).patchAnnotations(annotations),
  };
}

async function connectTo(target: KubeTarget, label: string): Promise<AnnotatedObject> {
  const [{ loadKubeConfig }, k8s] = await Promise.all([
    import("../sources/kubeconfig.js"),
    import("@kubernetes/client-node"),
  ]);
  let kc: KubeConfig;
  try {
    kc = loadKubeConfig({ kubeconfig: target.kubeconfig, context: target.context }).kc;
  } catch (error) {
    throw new KubeObjectError(`${label}: ${(error as Error).message}`);
  }
  const { name, namespace } = target;
  const mergePatch = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);
  const body = (annotations: Record<string, string | null>) => ({ metadata: { annotations } });
  const guarded = async <T>(verb: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw new KubeObjectError(`cannot ${verb} ${label}: ${kubeErrorReason(error, target.kind, verb)}`);
    }
  };
  if (target.kind === "Ingress") {
    const api = kc.makeApiClient(k8s.NetworkingV1Api);
    return {
      label,
      readAnnotations: () =>
        guarded(
          "get",
          async () => (await api.readNamespacedIngress({ name, namespace })).metadata?.annotations ?? {},
        ),
      patchAnnotations: (annotations) =>
        guarded("patch", async () => {
          await api.patchNamespacedIngress({ name, namespace, body: body(annotations) }, mergePatch);
        }),
    };
  }
  const api = kc.makeApiClient(k8s.CoreV1Api);
  return {
    label,
    readAnnotations: () =>
      guarded(
        "get",
        async () => (await api.readNamespacedService({ name, namespace })).metadata?.annotations ?? {},
      ),
    patchAnnotations: (annotations) =>
      guarded("patch", async () => {
        await api.patchNamespacedService({ name, namespace, body: body(annotations) }, mergePatch);
      }),
  };
}

/** The status code and the API server's own message; ApiException's text also holds response headers. */
export function kubeErrorReason(error: unknown, kind: string, verb: string): string {
  const e = error as { code?: unknown; body?: unknown; message?: string };
  if (typeof e?.code === "number") {
    const message = statusMessage(e.body);
    const hint =
      e.code === 404
        ? "check namespace and name"
        : e.code === 403
          ? `the kubeconfig user needs ${verb} on ${kind === "Ingress" ? "ingresses (networking.k8s.io)" : "services"}`
          : e.code === 401
            ? "the credentials were refused; refresh them (e.g. aws eks update-kubeconfig)"
            : "";
    return [`HTTP ${e.code}`, message, hint].filter(Boolean).join(": ");
  }
  if (typeof e?.code === "string") return `${e.code} (is the API server reachable?)`;
  return e?.message?.split("\n")[0] ?? String(error);
}

function statusMessage(body: unknown): string {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return "";
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : "";
}
