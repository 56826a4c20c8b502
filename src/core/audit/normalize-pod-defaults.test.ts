import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types.js";
import { normalizeObject } from "./normalize.js";
import { defaultPullPolicy } from "./normalize-pod-defaults.js";

const meta = { name: "web", namespace: "shop" };

describe("pod defaults: admission additions and workload templates", () => {
  it.each<[string, KubeObject, Record<string, unknown>]>([
    [
      "bare Pod admission additions: token volume, default tolerations, node, service account alias",
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta,
        spec: {
          nodeName: "ip-10-0-0-1",
          serviceAccount: "default",
          serviceAccountName: "default",
          enableServiceLinks: true,
          priority: 0,
          preemptionPolicy: "PreemptLowerPriority",
          containers: [
            {
              name: "app",
              image: "nginx",
              imagePullPolicy: "Always",
              volumeMounts: [
                { name: "kube-api-access-x7k2p", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
              ],
            },
          ],
          volumes: [{ name: "kube-api-access-x7k2p", projected: { sources: [] } }],
          tolerations: [
            {
              key: "node.kubernetes.io/not-ready",
              operator: "Exists",
              effect: "NoExecute",
              tolerationSeconds: 300,
            },
            {
              key: "node.kubernetes.io/unreachable",
              operator: "Exists",
              effect: "NoExecute",
              tolerationSeconds: 300,
            },
            { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" },
          ],
        },
      },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta,
        spec: {
          containers: [{ name: "app", image: "nginx" }],
          tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
        },
      },
    ],
    [
      "CronJob defaults reach the pod spec inside the job template",
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: meta,
        spec: {
          schedule: "0 * * * *",
          concurrencyPolicy: "Allow",
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
          suspend: false,
          jobTemplate: {
            metadata: { creationTimestamp: null },
            spec: {
              template: {
                spec: {
                  restartPolicy: "OnFailure",
                  dnsPolicy: "ClusterFirst",
                  containers: [{ name: "job", image: "busybox:1.36", imagePullPolicy: "IfNotPresent" }],
                },
              },
            },
          },
        },
      },
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: meta,
        spec: {
          schedule: "0 * * * *",
          jobTemplate: {
            spec: {
              template: {
                spec: { restartPolicy: "OnFailure", containers: [{ name: "job", image: "busybox:1.36" }] },
              },
            },
          },
        },
      },
    ],
  ])("%s", (_, input, expected) => {
    expect(normalizeObject(input)).toEqual(expected);
  });

  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.25", "IfNotPresent"],
    ["registry:5000/team/app", "Always"],
    ["registry:5000/team/app:2", "IfNotPresent"],
    ["app@sha256:abc", "IfNotPresent"],
  ])("defaultPullPolicy(%s) = %s", (image, expected) => {
    expect(defaultPullPolicy(image)).toBe(expected);
  });
});
