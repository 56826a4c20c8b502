import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types.js";
import { normalizeObject } from "./normalize.js";

const meta = { name: "web", namespace: "shop" };

describe("normalizeObject strips what the server writes", () => {
  it.each<[string, KubeObject, Record<string, unknown>]>([
    [
      "server-set metadata, status, writer annotations and tracking labels",
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          ...meta,
          uid: "6f1c",
          resourceVersion: "42",
          generation: 3,
          creationTimestamp: "2024-01-01T00:00:00Z",
          selfLink: "/api/v1/x",
          deletionGracePeriodSeconds: 30,
          finalizers: ["x"],
          ownerReferences: [{ apiVersion: "v1", kind: "X", name: "y", uid: "1" }],
          managedFields: [{ manager: "kubectl-edit" }],
          annotations: {
            "kubectl.kubernetes.io/last-applied-configuration": "{}",
            "argocd.argoproj.io/tracking-id": "shop:/ConfigMap:shop/web",
            team: "payments",
          },
          labels: { "app.kubernetes.io/instance": "shop", "kustomize.toolkit.fluxcd.io/name": "apps" },
        },
        data: { a: "1" },
        status: { anything: true },
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { ...meta, annotations: { team: "payments" } },
        data: { a: "1" },
      },
    ],
    [
      "Service allocations stay (no desired given) but defaults go",
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta,
        spec: {
          clusterIP: "10.0.0.1",
          ipFamilies: ["IPv4"],
          ipFamilyPolicy: "SingleStack",
          internalTrafficPolicy: "Cluster",
          sessionAffinity: "None",
          type: "ClusterIP",
          ports: [
            { port: 80, protocol: "TCP", targetPort: 80 },
            { port: 443, protocol: "UDP", targetPort: 8443 },
          ],
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta,
        spec: {
          clusterIP: "10.0.0.1",
          ports: [{ port: 80 }, { port: 443, protocol: "UDP", targetPort: 8443 }],
        },
      },
    ],
    [
      "Deployment and pod template defaults; non-default values stay",
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { ...meta, annotations: { "deployment.kubernetes.io/revision": "4" } },
        spec: {
          progressDeadlineSeconds: 600,
          revisionHistoryLimit: 10,
          replicas: 3,
          strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
          template: {
            metadata: {
              creationTimestamp: null,
              annotations: { "kubectl.kubernetes.io/restartedAt": "2024-01-01T00:00:00Z" },
              labels: { app: "web" },
            },
            spec: {
              containers: [
                {
                  name: "app",
                  image: "nginx:1.25",
                  imagePullPolicy: "IfNotPresent",
                  terminationMessagePath: "/dev/termination-log",
                  terminationMessagePolicy: "File",
                  resources: {},
                  ports: [{ containerPort: 80, protocol: "TCP" }],
                  readinessProbe: {
                    httpGet: { path: "/", port: 80, scheme: "HTTP" },
                    failureThreshold: 3,
                    successThreshold: 1,
                    timeoutSeconds: 1,
                    periodSeconds: 5,
                  },
                },
              ],
              dnsPolicy: "ClusterFirst",
              restartPolicy: "Always",
              schedulerName: "default-scheduler",
              securityContext: {},
              terminationGracePeriodSeconds: 30,
            },
          },
        },
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta,
        spec: {
          replicas: 3,
          template: {
            metadata: { labels: { app: "web" } },
            spec: {
              containers: [
                {
                  name: "app",
                  image: "nginx:1.25",
                  ports: [{ containerPort: 80 }],
                  readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 },
                },
              ],
            },
          },
        },
      },
    ],
    [
      "a strategy that is not the default stays",
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta,
        spec: { strategy: { type: "Recreate" }, template: { spec: { containers: [] } } },
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta,
        spec: { strategy: { type: "Recreate" }, template: { spec: { containers: [] } } },
      },
    ],
    [
      "Secret stringData folds into data and a null value is an empty one",
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: meta,
        type: "Opaque",
        data: { a: "aGVsbG8=", empty: null },
        stringData: { b: "world" },
      } as KubeObject,
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: meta,
        data: { a: "aGVsbG8=", empty: "", b: "d29ybGQ=" },
      },
    ],
    [
      "empty rule lists and aggregated rules of ClusterRoles",
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "view-all" },
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: "y" } }] },
        rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "view-all" },
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: "y" } }] },
      },
    ],
    [
      "an emptyDir volume keeps its empty map (it is not a default)",
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta,
        spec: { containers: [{ name: "a", image: "a:1" }], volumes: [{ name: "tmp", emptyDir: {} }] },
      },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta,
        spec: { containers: [{ name: "a", image: "a:1" }], volumes: [{ name: "tmp", emptyDir: {} }] },
      },
    ],
  ])("%s", (_, input, expected) => {
    expect(normalizeObject(input)).toEqual(expected);
  });

  it("does not modify its input", () => {
    const input: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { ...meta, uid: "1" } };
    normalizeObject(input);
    expect(input.metadata?.uid).toBe("1");
  });
});

describe("normalizeObject with the desired object drops allocations it leaves out", () => {
  const live: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta,
    spec: {
      type: "NodePort",
      clusterIP: "10.0.0.1",
      clusterIPs: ["10.0.0.1"],
      ports: [{ port: 80, nodePort: 31000 }],
    },
  };

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "Git leaves clusterIP and nodePort out: dropped",
      { type: "NodePort", ports: [{ port: 80 }] },
      { type: "NodePort", ports: [{ port: 80 }] },
    ],
    [
      "Git pins the nodePort: kept for comparison",
      { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] },
      { type: "NodePort", ports: [{ port: 80, nodePort: 31000 }] },
    ],
  ])("%s", (_, desiredSpec, expectedSpec) => {
    const declared: KubeObject = { apiVersion: "v1", kind: "Service", metadata: meta, spec: desiredSpec };
    expect(normalizeObject(live, { declared }).spec).toEqual(expectedSpec);
  });

  it("replicas are dropped when Git leaves them to an autoscaler", () => {
    const deployment = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec,
    });
    const normalized = normalizeObject(deployment({ replicas: 7, selector: {} }), {
      declared: deployment({ selector: {} }),
    });
    expect(normalized.spec).toEqual({ selector: {} });
  });
});
