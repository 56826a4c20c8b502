import { describe, expect, it } from "vitest";
import { displayVersion, parseImage, versionOfTag } from "./images.js";

describe("parseImage", () => {
  // Image references as they appear in the corpus dumps (hardeneks, eksctl, troubleshoot, appmod-blueprints).
  it.each([
    // image, registry, path, name, tag, version
    [
      "602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.10.1-eksbuild.1",
      "602401143452.dkr.ecr.us-east-1.amazonaws.com",
      "amazon-k8s-cni",
      "amazon-k8s-cni",
      "v1.10.1-eksbuild.1",
      "1.10.1",
    ],
    [
      "k8s.gcr.io/autoscaling/cluster-autoscaler:v1.22.3",
      "k8s.gcr.io",
      "autoscaling/cluster-autoscaler",
      "cluster-autoscaler",
      "v1.22.3",
      "1.22.3",
    ],
    [
      "rancher/mirrored-library-traefik:2.11.10",
      null,
      "rancher/mirrored-library-traefik",
      "mirrored-library-traefik",
      "2.11.10",
      "2.11.10",
    ],
    [
      "quay.io/fluentd_elasticsearch/fluentd:v2.5.2",
      "quay.io",
      "fluentd_elasticsearch/fluentd",
      "fluentd",
      "v2.5.2",
      "2.5.2",
    ],
    ["nginx", null, "nginx", "nginx", null, null],
    ["nginx:latest", null, "nginx", "nginx", "latest", null],
    ["docker.io/library/postgres:16.2", "docker.io", "postgres", "postgres", "16.2", "16.2"],
    [
      "public.ecr.aws/docker/library/mysql:5.7",
      "public.ecr.aws",
      "docker/library/mysql",
      "mysql",
      "5.7",
      "5.7",
    ],
    [
      "public.ecr.aws/bitnami/rabbitmq:3.11.1-debian-11-r0",
      "public.ecr.aws",
      "bitnami/rabbitmq",
      "rabbitmq",
      "3.11.1-debian-11-r0",
      "3.11.1",
    ],
    [
      "public.ecr.aws/docker/library/redis:6.0-alpine",
      "public.ecr.aws",
      "docker/library/redis",
      "redis",
      "6.0-alpine",
      "6.0",
    ],
    ["localhost:5000/team/app:1.2.3", "localhost:5000", "team/app", "app", "1.2.3", "1.2.3"],
    ["%s.dkr.ecr.%s.%s/eks/coredns:v1.1.3", "%s.dkr.ecr.%s.%s", "eks/coredns", "coredns", "v1.1.3", "1.1.3"],
    [
      "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxywithnotag",
      "602401143452.dkr.ecr.eu-west-1.amazonaws.com",
      "eks/kube-proxywithnotag",
      "kube-proxywithnotag",
      null,
      null,
    ],
    [
      "cr.l5d.io/linkerd/controller:stable-2.14.10",
      "cr.l5d.io",
      "linkerd/controller",
      "controller",
      "stable-2.14.10",
      "2.14.10",
    ],
  ])("%s", (image, registry, path, name, tag, version) => {
    expect(parseImage(image)).toEqual({ image, registry, path, name, tag, digest: null, version });
  });

  it("separates a digest from the tag (troubleshoot's kotsadm images are pinned both ways)", () => {
    const ref = parseImage(
      "localhost:32000/kotsadm-api:v1.0.1-30-g8fa13e34-dirty@sha256:4a0ca1a2eae46472bd2d454f9e763a458ddd172689e179b17054262507bb4fc8",
    );
    expect(ref).toMatchObject({
      registry: "localhost:32000",
      path: "kotsadm-api",
      tag: "v1.0.1-30-g8fa13e34-dirty",
    });
    expect(ref.digest).toBe("sha256:4a0ca1a2eae46472bd2d454f9e763a458ddd172689e179b17054262507bb4fc8");
    expect(ref.version).toBe("1.0.1");
  });

  it.each([
    ["busybox@sha256:abcdef0123456789abcdef", "@sha256:abcdef012345"],
    ["nginx:1.25", "1.25"],
    ["nginx", "untagged"],
  ])("shows %s as version %s", (image, shown) => {
    expect(displayVersion(parseImage(image))).toBe(shown);
  });

  it.each([
    ["v0.13.5", "0.13.5"],
    ["release-1.9", "1.9"],
    ["20231010", null],
    ["alpine", null],
    [null, null],
  ])("tag %s has version %s", (tag, version) => {
    expect(versionOfTag(tag)).toBe(version);
  });
});
