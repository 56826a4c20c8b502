import { describe, expect, it } from "vitest";
import { groupKindOf, parsePath, quantityValue } from "./normalize.js";

describe("helpers", () => {
  it.each([
    ["v1", "Service", "Service"],
    ["apps/v1", "Deployment", "Deployment.apps"],
    ["extensions/v1beta1", "Ingress", "Ingress.networking.k8s.io"],
    ["networking.k8s.io/v1", "Ingress", "Ingress.networking.k8s.io"],
    ["extensions/v1beta1", "Deployment", "Deployment.apps"],
    ["argoproj.io/v1alpha1", "Rollout", "Rollout.argoproj.io"],
  ])("groupKindOf(%s %s) = %s", (apiVersion, kind, expected) => {
    expect(groupKindOf({ apiVersion, kind })).toBe(expected);
  });

  it.each([
    ["spec.ports[].protocol", ["spec", "ports", "[]", "protocol"]],
    [
      'metadata.labels["batch.kubernetes.io/job-name"]',
      ["metadata", "labels", "batch.kubernetes.io/job-name"],
    ],
  ])("parsePath(%s)", (path, expected) => {
    expect(parsePath(path)).toEqual(expected);
  });

  it.each<[unknown, number | undefined]>([
    ["500m", 0.5],
    ["0.5", 0.5],
    ["1Gi", 2 ** 30],
    ["1024Mi", 2 ** 30],
    ["2", 2],
    [2, 2],
    ["1e3", 1000],
    ["lots", undefined],
    [true, undefined],
  ])("quantityValue(%j) = %s", (input, expected) => {
    expect(quantityValue(input)).toBe(expected);
  });
});
