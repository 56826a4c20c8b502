// The defaults of pods and pod templates: what the API server and admission write into a pod spec and
// its containers when the manifest leaves them out. Data for normalize.ts, like normalize-defaults.ts.

import type { DefaultedField, GroupKind } from "./default-types.js";

const always = () => true;

/** The pod spec inside each workload kind, where the pod defaults below apply. */
export const POD_SPEC_PATHS: Readonly<Record<GroupKind, string>> = {
  Pod: "spec",
  ReplicationController: "spec.template.spec",
  PodTemplate: "template.spec",
  "Deployment.apps": "spec.template.spec",
  "ReplicaSet.apps": "spec.template.spec",
  "StatefulSet.apps": "spec.template.spec",
  "DaemonSet.apps": "spec.template.spec",
  "Job.batch": "spec.template.spec",
  "CronJob.batch": "spec.jobTemplate.spec.template.spec",
  "Rollout.argoproj.io": "spec.template.spec",
};

/** imagePullPolicy defaults to Always for `:latest` or untagged images, else IfNotPresent. */
export function defaultPullPolicy(image: unknown): string | undefined {
  if (typeof image !== "string") return undefined;
  if (image.includes("@")) return "IfNotPresent";
  const lastPart = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : undefined;
  return tag === undefined || tag === "latest" ? "Always" : "IfNotPresent";
}

const PROBE_DEFAULTS: DefaultedField[] = ["livenessProbe", "readinessProbe", "startupProbe"].flatMap(
  (probe) => [
    { path: `${probe}.failureThreshold`, drop: 3 },
    { path: `${probe}.successThreshold`, drop: 1 },
    { path: `${probe}.timeoutSeconds`, drop: 1 },
    { path: `${probe}.periodSeconds`, drop: 10 },
    { path: `${probe}.httpGet.scheme`, drop: "HTTP" },
  ],
);

/** Defaults of one container, relative to it. */
const CONTAINER_DEFAULTS: DefaultedField[] = [
  { path: "terminationMessagePath", drop: "/dev/termination-log" },
  { path: "terminationMessagePolicy", drop: "File" },
  { path: "imagePullPolicy", drop: (value, container) => value === defaultPullPolicy(container.image) },
  { path: "resources", drop: {} },
  { path: "securityContext", drop: {} },
  { path: "ports[].protocol", drop: "TCP" },
  { path: "env[].valueFrom.fieldRef.apiVersion", drop: "v1" },
  { path: "env[].valueFrom.resourceFieldRef.divisor", drop: "0" },
  { path: "volumeMounts[]", drop: (mount) => isApiAccessMount(mount) },
  ...PROBE_DEFAULTS,
];

/**
 * The service-account token volume and mount that admission adds to bare Pods: `kube-api-access-*`
 * (1.22+), or the `<sa>-token-xxxxx` Secret volume before; pod templates never carry them.
 */
const isApiAccessVolume = (volume: unknown): boolean => {
  const v = volume as { name?: unknown; secret?: { secretName?: unknown } } | null;
  if (typeof v?.name !== "string") return false;
  return /^kube-api-access-[a-z0-9]+$/.test(v.name) || isTokenSecretName(v.secret?.secretName);
};

const isApiAccessMount = (mount: unknown): boolean => {
  const m = mount as { name?: unknown; mountPath?: unknown } | null;
  return (
    m?.mountPath === "/var/run/secrets/kubernetes.io/serviceaccount" &&
    (/^kube-api-access-/.test(String(m.name)) || isTokenSecretName(m.name))
  );
};

const isTokenSecretName = (name: unknown) => typeof name === "string" && /-token-[a-z0-9]{5}$/.test(name);

/** The two NoExecute tolerations the DefaultTolerationSeconds admission plugin adds to every Pod. */
const isDefaultToleration = (toleration: unknown): boolean => {
  const t = toleration as Record<string, unknown>;
  return (
    (t.key === "node.kubernetes.io/not-ready" || t.key === "node.kubernetes.io/unreachable") &&
    t.operator === "Exists" &&
    t.effect === "NoExecute" &&
    t.tolerationSeconds === 300
  );
};

/** Defaults of a pod spec, relative to it. */
export const POD_SPEC_DEFAULTS: DefaultedField[] = [
  ...["containers", "initContainers"].flatMap((list) =>
    CONTAINER_DEFAULTS.map((field) => ({ path: `${list}[].${field.path}`, drop: field.drop })),
  ),
  { path: "dnsPolicy", drop: "ClusterFirst" },
  { path: "restartPolicy", drop: "Always" },
  { path: "schedulerName", drop: "default-scheduler" },
  { path: "securityContext", drop: {} },
  { path: "terminationGracePeriodSeconds", drop: 30 },
  { path: "enableServiceLinks", drop: true },
  { path: "preemptionPolicy", drop: "PreemptLowerPriority" },
  { path: "priority", drop: 0 },
  // `serviceAccount` is the deprecated alias the server copies from serviceAccountName.
  { path: "serviceAccount", drop: always },
  { path: "serviceAccountName", drop: "default" },
  { path: "tolerations[]", drop: (toleration) => isDefaultToleration(toleration) },
  { path: "volumes[]", drop: (volume) => isApiAccessVolume(volume) },
  ...["configMap", "secret", "projected", "downwardAPI"].map((source) => ({
    path: `volumes[].${source}.defaultMode`,
    drop: 420, // 0644
  })),
  { path: "volumes[].hostPath.type", drop: "" },
];
