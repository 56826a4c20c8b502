import { describe, expect, it } from "vitest";
import type { ApiLifecycle } from "../core/knowledge.js";
import { loadKnowledge } from "./load.js";

const kb = loadKnowledge();

function api(apiVersion: string, kind: string): ApiLifecycle {
  const found = kb.apis.find((entry) => entry.apiVersion === apiVersion && entry.kind === kind);
  if (!found) throw new Error(`no entry for ${apiVersion} ${kind}`);
  return found;
}

describe("the bundled knowledge base", () => {
  it("covers Kubernetes 1.16 through 1.36 in order", () => {
    expect(kb.versions[0]).toBe("1.16");
    expect(kb.versions.at(-1)).toBe("1.36");
    expect(kb.versions).toHaveLength(21);
  });

  it("has one entry per apiVersion + kind", () => {
    const keys = kb.apis.map((entry) => `${entry.apiVersion} ${entry.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("says where every fact came from", () => {
    const sources = [...kb.apis, ...kb.platformNotes, ...kb.eks, ...kb.addons, ...kb.skew].map(
      (entry) => entry.source,
    );
    expect(sources.every((source) => source.trim().length > 0)).toBe(true);
  });

  it("marks built-in APIs as the kubernetes component and keeps CRD APIs in their own set", () => {
    const builtin = kb.apis.filter((entry) => entry.set === "builtin");
    const crd = kb.apis.filter((entry) => entry.set === "crd");
    expect(builtin.every((entry) => entry.component === "kubernetes")).toBe(true);
    expect(new Set(crd.map((entry) => entry.component))).toEqual(
      new Set(["cert-manager", "istio", "external-snapshotter", "karpenter", "external-secrets"]),
    );
    expect(kb.apis.some((entry) => entry.set === "user")).toBe(false);
  });
});

describe("API lifecycle facts", () => {
  const facts: [string, string, Partial<ApiLifecycle>][] = [
    ["extensions/v1beta1", "Ingress", { removedIn: "1.22", replacement: "networking.k8s.io/v1" }],
    ["networking.k8s.io/v1beta1", "Ingress", { deprecatedIn: "1.19", removedIn: "1.22" }],
    ["extensions/v1beta1", "Deployment", { deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" }],
    ["apps/v1beta2", "ReplicaSet", { deprecatedIn: "1.9", removedIn: "1.16" }],
    ["flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", { removedIn: "1.26" }],
    ["flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", { removedIn: "1.26" }],
    ["flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", { removedIn: "1.29" }],
    ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", { deprecatedIn: "1.29", removedIn: "1.32" }],
    [
      "flowcontrol.apiserver.k8s.io/v1beta3",
      "PriorityLevelConfiguration",
      { deprecatedIn: "1.29", removedIn: "1.32" },
    ],
    ["authorization.k8s.io/v1beta1", "LocalSubjectAccessReview", { removedIn: "1.22" }],
    ["authorization.k8s.io/v1beta1", "SelfSubjectAccessReview", { removedIn: "1.22" }],
    ["authorization.k8s.io/v1beta1", "SubjectAccessReview", { removedIn: "1.22" }],
    ["authorization.k8s.io/v1beta1", "SelfSubjectRulesReview", { removedIn: "1.22" }],
    ["events.k8s.io/v1beta1", "Event", { removedIn: "1.25", replacement: "events.k8s.io/v1" }],
    ["policy/v1beta1", "PodSecurityPolicy", { removedIn: "1.25", replacement: null }],
    ["policy/v1beta1", "PodDisruptionBudget", { removedIn: "1.25", replacement: "policy/v1" }],
    ["autoscaling/v2beta1", "HorizontalPodAutoscaler", { removedIn: "1.25", replacementAvailableIn: "1.23" }],
    ["autoscaling/v2beta2", "HorizontalPodAutoscaler", { removedIn: "1.26", replacement: "autoscaling/v2" }],
    ["batch/v1beta1", "CronJob", { removedIn: "1.25", replacement: "batch/v1" }],
    ["storage.k8s.io/v1beta1", "CSIStorageCapacity", { removedIn: "1.27" }],
    ["admissionregistration.k8s.io/v1alpha1", "ValidatingAdmissionPolicy", { removedIn: "1.33" }],
    ["resource.k8s.io/v1alpha3", "DeviceClass", { removedIn: "1.34" }],
    ["storage.k8s.io/v1alpha1", "VolumeAttributesClass", { removedIn: "1.35" }],
    ["storage.k8s.io/v1beta1", "VolumeAttributesClass", { deprecatedIn: "1.34", removedIn: null }],
    ["resource.k8s.io/v1beta1", "ResourceClaim", { removedIn: "1.36", replacement: "resource.k8s.io/v1" }],
    ["v1", "Endpoints", { deprecatedIn: "1.33", removedIn: null, replacement: "discovery.k8s.io/v1" }],
    ["scheduling.k8s.io/v1alpha1", "PriorityClass", { removedIn: "1.17" }],
    ["batch/v2alpha1", "CronJob", { removedIn: "1.21" }],
    ["audit.k8s.io/v1beta1", "Policy", { removedIn: "1.24" }],
    ["cert-manager.io/v1alpha2", "Certificate", { removedIn: "1.6", component: "cert-manager", set: "crd" }],
    [
      "snapshot.storage.k8s.io/v1beta1",
      "VolumeSnapshot",
      { replacement: "snapshot.storage.k8s.io/v1", set: "crd" },
    ],
    ["karpenter.sh/v1alpha5", "Provisioner", { removedIn: "0.33", replacement: "karpenter.sh/v1" }],
    ["karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate", { replacement: "karpenter.k8s.aws/v1", set: "crd" }],
    ["rbac.istio.io/v1alpha1", "*", { removedIn: "1.6", component: "istio" }],
    [
      "external-secrets.io/v1beta1",
      "ExternalSecret",
      { removedIn: "0.17", replacement: "external-secrets.io/v1" },
    ],
  ];

  it.each(facts)("%s %s", (apiVersion, kind, expected) => {
    expect(api(apiVersion, kind)).toMatchObject(expected);
  });

  it.each([
    ["extensions/v1beta1", "Ingress", /pathType is required/],
    ["extensions/v1beta1", "Ingress", /serviceName becomes service\.name/],
    ["policy/v1beta1", "PodDisruptionBudget", /empty spec\.selector .* selects every pod/],
    [
      "admissionregistration.k8s.io/v1beta1",
      "ValidatingWebhookConfiguration",
      /failurePolicy defaults to Fail/,
    ],
    ["admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", /sideEffects is required/],
    ["apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", /structural schema/],
    [
      "autoscaling/v2beta2",
      "HorizontalPodAutoscaler",
      /targetAverageUtilization becomes target\.averageUtilization/,
    ],
    ["flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", /nominalConcurrencyShares/],
    ["policy/v1beta1", "PodSecurityPolicy", /Pod Security Admission/],
    ["discovery.k8s.io/v1beta1", "EndpointSlice", /nodeName replaces topology/],
    ["events.k8s.io/v1beta1", "Event", /involvedObject is renamed regarding/],
    ["certificates.k8s.io/v1beta1", "CertificateSigningRequest", /signerName is required/],
  ])("%s %s carries the migration note %s", (apiVersion, kind, note) => {
    expect(api(apiVersion, kind).notes.some((text) => note.test(text))).toBe(true);
  });

  it("never removes a Kubernetes API before deprecating it", () => {
    const minor = (version: string) => Number(version.split(".")[1]);
    for (const entry of kb.apis.filter((candidate) => candidate.component === "kubernetes")) {
      if (entry.deprecatedIn && entry.removedIn) {
        expect(minor(entry.removedIn), `${entry.apiVersion} ${entry.kind}`).toBeGreaterThanOrEqual(
          minor(entry.deprecatedIn),
        );
      }
    }
  });
});

describe("EKS calendar", () => {
  it("has one row per covered version", () => {
    expect(kb.eks.map((release) => release.version)).toEqual(kb.versions);
  });

  it.each(kb.eks.map((release) => [release.version, release] as const))(
    "%s dates are in lifecycle order",
    (_, release) => {
      const dates = [
        release.upstreamRelease,
        release.eksRelease,
        release.endOfStandardSupport,
        release.endOfExtendedSupport,
      ];
      const known = dates.filter((date): date is string => date !== null);
      expect([...known].sort()).toEqual(known);
      if (release.eksRelease && release.endOfStandardSupport) {
        expect(release.eksRelease < release.endOfStandardSupport).toBe(true);
      }
    },
  );

  it("gives 12 months of extended support after standard support ends", () => {
    for (const release of kb.eks) {
      if (!release.endOfStandardSupport || !release.endOfExtendedSupport) continue;
      const [year, rest] = [
        Number(release.endOfStandardSupport.slice(0, 4)),
        release.endOfStandardSupport.slice(4),
      ];
      expect(release.endOfExtendedSupport, release.version).toBe(`${year + 1}${rest}`);
    }
  });

  it.each([
    ["1.28", "2023-09-26", "2024-11-26", "2025-11-26"],
    ["1.33", "2025-05-29", "2026-07-29", "2027-07-29"],
    ["1.36", null, null, null],
  ])("%s: release %s, standard until %s, extended until %s", (version, eksRelease, standard, extended) => {
    expect(kb.eks.find((release) => release.version === version)).toMatchObject({
      eksRelease,
      endOfStandardSupport: standard,
      endOfExtendedSupport: extended,
    });
  });
});

describe("add-ons", () => {
  const addon = (name: string) => kb.addons.find((entry) => entry.addon === name);

  it.each([
    ["coredns", "1.29", "v1.11.4-eksbuild.24"],
    ["coredns", "1.35", "v1.14.2-eksbuild.4"],
    ["kube-proxy", "1.36", "v1.36.0-eksbuild.14"],
    ["kube-proxy", "1.23", "v1.23.17-eksbuild.9"],
    ["vpc-cni", "1.33", "v1.20.1-eksbuild.3"],
  ])("%s for %s is %s", (name, version, expected) => {
    expect(addon(name)?.versions[version]).toBe(expected);
  });

  it("keeps kube-proxy on the Kubernetes minor it is listed for", () => {
    for (const [version, image] of Object.entries(addon("kube-proxy")?.versions ?? {})) {
      expect(image.startsWith(`v${version}.`), `${version} → ${image}`).toBe(true);
    }
  });

  it("states the VPC CNI stepping rules and the EBS CSI lookup", () => {
    expect(addon("vpc-cni")?.rules.join(" ")).toMatch(
      /one minor version at a time[\s\S]*v1\.7\.0[\s\S]*v1\.8\.0/,
    );
    expect(addon("aws-ebs-csi-driver")?.versions).toEqual({});
    expect(addon("aws-ebs-csi-driver")?.rules.join(" ")).toMatch(/describe-addon-versions[\s\S]*1\.23/);
  });
});

describe("skew rules and platform notes", () => {
  it.each([
    ["kubelet", { maxOlder: 3, narrowerBelow: "1.25", narrowerMaxOlder: 2, mayBeNewer: false }],
    ["kube-proxy", { maxOlder: 3, narrowerBelow: "1.25", narrowerMaxOlder: 2, mayBeNewer: false }],
    ["kube-controller-manager", { maxOlder: 1, mayBeNewer: false }],
    ["kubectl", { maxOlder: 1, mayBeNewer: true }],
  ])("%s skew", (component, expected) => {
    expect(kb.skew.find((rule) => rule.component === component)).toMatchObject(expected);
  });

  it.each([
    ["ebs-csi-driver-required", "1.23", "eks", "blocker"],
    ["dockershim-removed", "1.24", "kubernetes", "blocker"],
    ["pod-security-policy-removed", "1.25", "kubernetes", "blocker"],
    ["aws-load-balancer-controller-2-4-7", "1.25", "eks", "blocker"],
    ["cri-v1alpha2-removed", "1.26", "kubernetes", "blocker"],
    ["gp2-not-default-storage-class", "1.30", "eks", "warning"],
    ["al2-last-version", "1.32", "eks", "warning"],
    ["al2-no-amis", "1.33", "eks", "blocker"],
    ["cgroup-v1-refused", "1.35", "kubernetes", "blocker"],
    ["ingress-nginx-retired", "1.35", "kubernetes", "warning"],
    ["kube-proxy-ipvs-removed", "1.36", "kubernetes", "blocker"],
  ])("note %s applies from %s (%s, %s)", (id, version, scope, severity) => {
    expect(kb.platformNotes.find((note) => note.id === id)).toMatchObject({ version, scope, severity });
  });
});
