import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ApiLifecycle } from "../../src/core/knowledge.js";
import { runCli } from "../support/terminal.js";

type Listed = ApiLifecycle & { set: string };

async function apis(args: string[]): Promise<Listed[]> {
  const run = await runCli(["apis", ...args, "-o", "json"]);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { apis: Listed[] }).apis;
}

const minor = (version: string | null) =>
  version === null ? Number.POSITIVE_INFINITY : Number(version.split(".")[1]);
const key = (api: Listed) => `${api.apiVersion} ${api.kind}`;

describe("cutover apis (end to end)", () => {
  it("-t 1.25 lists policy/v1beta1 PodSecurityPolicy as removed in 1.25 with no replacement", async () => {
    const listed = await apis(["-t", "1.25"]);
    expect(listed.find((api) => key(api) === "policy/v1beta1 PodSecurityPolicy")).toMatchObject({
      removedIn: "1.25",
      replacement: null,
      set: "builtin",
      source: expect.any(String),
    });
  });

  it("-t 1.25 lists only built-in APIs deprecated or removed by 1.25", async () => {
    const listed = (await apis(["-t", "1.25", "--set", "builtin"])).filter((api) => api.set === "builtin");
    expect(listed.length).toBeGreaterThan(20);
    for (const api of listed) {
      expect(Math.min(minor(api.deprecatedIn), minor(api.removedIn)), key(api)).toBeLessThanOrEqual(25);
    }
    const keys = listed.map(key);
    // Deprecated in 1.29, removed in 1.32: not yet at 1.25.
    expect(keys).not.toContain("flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema");
    expect(keys).toEqual(expect.arrayContaining(["batch/v1beta1 CronJob", "extensions/v1beta1 Ingress"]));
  });

  it("without -t lists every API, more than at 1.25", async () => {
    const all = await apis([]);
    const at125 = await apis(["-t", "1.25"]);
    expect(all.length).toBeGreaterThan(at125.length);
    expect(all.map(key)).toContain("flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema");
    expect(new Set(all.map((api) => api.set))).toEqual(new Set(["builtin", "crd"]));
  });

  it.each(["builtin", "crd"])("--set %s lists only that set", async (set) => {
    const listed = await apis(["--set", set]);
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed.map((api) => api.set))).toEqual(new Set([set]));
  });

  it("--set crd holds the CRD projects, none of them kubernetes", async () => {
    const listed = await apis(["--set", "crd"]);
    const components = new Set(listed.map((api) => api.component));
    expect(components.has("kubernetes")).toBe(false);
    for (const project of ["cert-manager", "karpenter"]) expect(components).toContain(project);
    expect(listed.map(key)).toContain("karpenter.sh/v1alpha5 Provisioner");
  });

  it("--set user is empty without --extra-data", async () => {
    expect(await apis(["--set", "user"])).toEqual([]);
  });

  it("the table has a header and one row per API", async () => {
    const run = await runCli(["apis", "--set", "crd", "-o", "table"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]?.split(/\s{2,}/)).toEqual([
      "API VERSION",
      "KIND",
      "DEPRECATED IN",
      "REMOVED IN",
      "REPLACEMENT",
      "COMPONENT",
    ]);
    const crd = await apis(["--set", "crd"]);
    expect(lines.filter((line) => /\S/.test(line)).length).toBeGreaterThanOrEqual(crd.length + 1);
    expect(run.stdout).toMatch(/^karpenter\.sh\/v1alpha5\s+Provisioner\s/m);
  });

  it("table is the default output, and yaml carries the same entries as json", async () => {
    const table = await runCli(["apis", "-t", "1.22"]);
    expect(table.stdout).toMatch(/^API VERSION\s+KIND\s+/);
    const yaml = await runCli(["apis", "-t", "1.22", "-o", "yaml"]);
    expect(parse(yaml.stdout)).toEqual({ apis: await apis(["-t", "1.22"]) });
  });

  it.each([
    [["--set", "bogus"], /--set "bogus" is not one of: builtin, crd, user, all/],
    [["-o", "xml"], /--output "xml" is not one of: table, json, yaml/],
    [["-t", "1.99"], /--target-version "1\.99" is not a known Kubernetes version; known: 1\.16, .*1\.36/],
  ])("%j exits 2 naming the flag", async (args, message) => {
    const run = await runCli(["apis", ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
