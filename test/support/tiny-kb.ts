// A small, literal knowledge base for tests: a handful of real facts from
// the team's upgrade-analyzers reference (tables A, B, C), enough to exercise every rule.

import type { ApiLifecycle, KnowledgeBase } from "../../src/core/knowledge.js";
import type { ApiUsage, Provenance } from "../../src/core/types.js";

const REF = "reference/upgrade-analyzers.md";

function api(
  apiVersion: string,
  kind: string,
  deprecatedIn: string | null,
  removedIn: string | null,
  replacement: string | null,
  notes: string[] = [],
  component = "kubernetes",
): ApiLifecycle {
  const set = component === "kubernetes" ? "builtin" : "crd";
  return {
    apiVersion,
    kind,
    deprecatedIn,
    removedIn,
    replacement,
    replacementAvailableIn: null,
    notes,
    component,
    set,
    source: REF,
  };
}

const versions = Array.from({ length: 17 }, (_, index) => `1.${20 + index}`);

export const TINY_KB: KnowledgeBase = {
  versions,
  apis: [
    api("extensions/v1beta1", "Ingress", "1.14", "1.22", "networking.k8s.io/v1", [
      "spec.backend → spec.defaultBackend; serviceName/servicePort → service.name/service.port",
    ]),
    api("policy/v1beta1", "PodDisruptionBudget", "1.21", "1.25", "policy/v1", [
      "an empty spec.selector selects every pod in the namespace in policy/v1",
    ]),
    api("batch/v1beta1", "CronJob", "1.21", "1.25", "batch/v1"),
    api("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.23", "1.26", "autoscaling/v2"),
    api(
      "flowcontrol.apiserver.k8s.io/v1beta3",
      "FlowSchema",
      "1.29",
      "1.32",
      "flowcontrol.apiserver.k8s.io/v1",
    ),
    api("v1", "Endpoints", "1.33", null, "discovery.k8s.io/v1", ["read and write EndpointSlices instead"]),
    api("storage.k8s.io/v1beta1", "VolumeAttributesClass", "1.34", null, "storage.k8s.io/v1"),
    api("cert-manager.io/v1alpha2", "Certificate", "1.4", "1.6", "cert-manager.io/v1", [], "cert-manager"),
  ],
  platformNotes: [
    {
      id: "ebs-csi-1.23",
      version: "1.23",
      severity: "blocker",
      title: "EBS CSI migration",
      detail: "In-tree EBS volumes are served by the EBS CSI driver from 1.23.",
      action: "install the EBS CSI driver add-on before upgrading to 1.23",
      scope: "eks",
      source: REF,
    },
    {
      id: "psp-1.25",
      version: "1.25",
      severity: "blocker",
      title: "PodSecurityPolicy removed",
      detail: "The PSP admission controller is gone.",
      action: "move to Pod Security Admission before upgrading",
      scope: "kubernetes",
      source: REF,
    },
    {
      id: "lbc-1.25",
      version: "1.25",
      severity: "warning",
      title: "AWS Load Balancer Controller",
      detail: "Older controllers use removed APIs.",
      action: "upgrade the controller to 2.4.7 or newer first",
      scope: "eks",
      source: REF,
    },
    {
      id: "al2-1.33",
      version: "1.33",
      until: "1.36",
      severity: "blocker",
      title: "No Amazon Linux 2 AMIs",
      detail: "EKS publishes no AL2 AMIs from 1.33.",
      action: "move node groups to AL2023 or Bottlerocket",
      scope: "eks",
      source: REF,
    },
  ],
  eks: [
    {
      version: "1.28",
      upstreamRelease: "2023-08-15",
      eksRelease: "2023-09-26",
      endOfStandardSupport: "2024-11-26",
      endOfExtendedSupport: "2025-11-26",
      source: REF,
    },
    {
      version: "1.29",
      upstreamRelease: "2023-12-13",
      eksRelease: "2024-01-23",
      endOfStandardSupport: "2025-03-23",
      endOfExtendedSupport: "2026-03-23",
      source: REF,
    },
    {
      version: "1.30",
      upstreamRelease: "2024-04-17",
      eksRelease: "2024-05-23",
      endOfStandardSupport: "2025-07-23",
      endOfExtendedSupport: "2026-07-23",
      source: REF,
    },
    {
      version: "1.31",
      upstreamRelease: "2024-08-13",
      eksRelease: "2024-09-26",
      endOfStandardSupport: "2025-11-26",
      endOfExtendedSupport: "2026-11-26",
      source: REF,
    },
    {
      version: "1.32",
      upstreamRelease: "2024-12-11",
      eksRelease: "2025-01-23",
      endOfStandardSupport: "2026-03-23",
      endOfExtendedSupport: "2027-03-23",
      source: REF,
    },
    {
      version: "1.33",
      upstreamRelease: "2025-04-23",
      eksRelease: "2025-05-29",
      endOfStandardSupport: "2026-07-29",
      endOfExtendedSupport: "2027-07-29",
      source: REF,
    },
    {
      version: "1.34",
      upstreamRelease: "2025-08-27",
      eksRelease: null,
      endOfStandardSupport: "2026-12-02",
      endOfExtendedSupport: "2027-12-02",
      source: REF,
    },
    {
      version: "1.36",
      upstreamRelease: "2026-04-22",
      eksRelease: null,
      endOfStandardSupport: null,
      endOfExtendedSupport: null,
      source: REF,
    },
  ],
  addons: [
    {
      addon: "coredns",
      versions: {
        "1.28": "v1.10.1-eksbuild.38",
        "1.29": "v1.11.4-eksbuild.24",
        "1.30": "v1.11.4-eksbuild.24",
        "1.31": "v1.11.4-eksbuild.24",
        "1.32": "v1.11.4-eksbuild.24",
        "1.33": "v1.12.4-eksbuild.1",
      },
      rules: [],
      source: REF,
    },
    {
      addon: "kube-proxy",
      versions: {
        "1.28": "v1.28.15-eksbuild.31",
        "1.29": "v1.29.15-eksbuild.16",
        "1.30": "v1.30.14-eksbuild.8",
        "1.31": "v1.31.13-eksbuild.2",
        "1.32": "v1.32.9-eksbuild.2",
        "1.33": "v1.33.5-eksbuild.2",
      },
      rules: [],
      source: REF,
    },
    {
      addon: "vpc-cni",
      versions: {
        "1.28": "v1.20.1-eksbuild.3",
        "1.29": "v1.20.1-eksbuild.3",
        "1.30": "v1.20.1-eksbuild.3",
        "1.31": "v1.20.1-eksbuild.3",
        "1.32": "v1.20.1-eksbuild.3",
        "1.33": "v1.20.1-eksbuild.3",
      },
      rules: ["upgrade the VPC CNI one minor version at a time"],
      source: REF,
    },
  ],
  skew: [
    {
      component: "kubelet",
      maxOlder: 3,
      narrowerBelow: "1.25",
      narrowerMaxOlder: 2,
      mayBeNewer: false,
      source: REF,
    },
    {
      component: "kube-proxy",
      maxOlder: 3,
      narrowerBelow: "1.25",
      narrowerMaxOlder: 2,
      mayBeNewer: false,
      source: REF,
    },
    { component: "kubectl", maxOlder: 1, mayBeNewer: true, source: REF },
  ],
};

/** An API usage as a source would report it, read from a manifest unless said otherwise. */
export function usage(
  apiVersion: string,
  kind: string,
  name: string,
  where: Partial<Provenance> & { namespace?: string | null } = {},
): ApiUsage {
  const { namespace = "default", ...source } = where;
  return {
    apiVersion,
    kind,
    name,
    namespace,
    source: { file: "deploy/app.yaml", line: 1, origin: "manifest", ...source },
  };
}
