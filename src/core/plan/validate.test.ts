import { describe, expect, it } from "vitest";
import { TINY_KB } from "../../../test/support/tiny-kb.js";
import { nodeSkewWindows } from "./skew.js";
import { PlanError } from "./types.js";
import { validatePlanVersions } from "./validate.js";

const [kubelet] = nodeSkewWindows(TINY_KB.skew);
const validate = (from: string, to: string, nodes?: string) =>
  validatePlanVersions({ from, to, nodes }, TINY_KB.versions, kubelet);

describe("plan version validation", () => {
  it.each([
    ["1.28", "1.33", undefined, { from: "1.28", to: "1.33", nodes: "1.28" }],
    ["v1.28.5", "1.33.0", "v1.26.3-eks-1234", { from: "1.28", to: "1.33", nodes: "1.26" }],
    ["1.28", "1.29", "1.25", { from: "1.28", to: "1.29", nodes: "1.25" }],
    ["1.24", "1.26", "1.22", { from: "1.24", to: "1.26", nodes: "1.22" }],
  ])("accepts --from %s --to %s --nodes %s", (from, to, nodes, expected) => {
    expect(validate(from, to, nodes)).toEqual(expected);
  });

  it.each([
    ["1.x", "1.33", undefined, "--from", '--from "1.x" is not a Kubernetes version: use the form 1.30'],
    ["1.28", "2.0", undefined, "--to", '--to "2.0" is not a Kubernetes version: use the form 1.30'],
    [
      "1.19",
      "1.33",
      undefined,
      "--from",
      "--from 1.19 is not a known version: known versions are 1.20, 1.21,",
    ],
    ["1.28", "1.40", undefined, "--to", "--to 1.40 is not a known version: known versions are 1.20, 1.21,"],
    ["1.28", "1.28", undefined, "--to", "--to 1.28 must be newer than --from 1.28"],
    ["1.30", "1.28", undefined, "--to", "--to 1.28 must be newer than --from 1.30"],
    [
      "1.28",
      "1.30",
      "1.29",
      "--nodes",
      "--nodes 1.29 is newer than --from 1.28: kubelets may never be newer than the control plane; use --nodes 1.28 or older",
    ],
    ["1.28", "1.30", "latest", "--nodes", '--nodes "latest" is not a Kubernetes version'],
    [
      "1.28",
      "1.30",
      "1.24",
      "--nodes",
      "--nodes 1.24 is outside the skew policy of control plane 1.28: kubelet 1.24 may be at most 2 minors older (n-2 for kubelet older than 1.25); allowed are 1.25 to 1.28",
    ],
    [
      "1.30",
      "1.31",
      "1.26",
      "--nodes",
      "kubelet 1.26 may be at most 3 minors older (n-3 for kubelet 1.25 and newer); allowed are 1.27 to 1.30",
    ],
  ])("rejects --from %s --to %s --nodes %s (flag %s)", (from, to, nodes, flag, message) => {
    let error: unknown;
    try {
      validate(from, to, nodes);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).flag).toBe(flag);
    expect((error as PlanError).message).toContain(message);
  });

  it("lists every known version in the error", () => {
    expect(() => validate("1.10", "1.33")).toThrow(/known versions are 1\.20, 1\.21, .*, 1\.35, 1\.36$/);
  });
});

describe("plan version validation: a kubelet version read from the sources", () => {
  it.each([
    ["1.28", "1.29", "the oldest kubelet in the sources is 1.29, newer than --from 1.28", "check --from"],
    [
      "1.29",
      "1.24",
      "the oldest kubelet in the sources is 1.24, outside the skew policy",
      "upgrade those nodes first",
    ],
  ])("--from %s with Node objects at %s names the sources, not --nodes", (from, nodes, subject, fix) => {
    const check = () =>
      validatePlanVersions({ from, to: "1.30", nodes, nodesSource: "sources" }, TINY_KB.versions, kubelet);
    expect(check).toThrow(subject);
    expect(check).toThrow(fix);
    expect(check).not.toThrow(/^--nodes/);
  });
});
