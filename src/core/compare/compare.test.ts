import { describe, expect, it } from "vitest";
import {
  BLUE_ROLE,
  blueObjects,
  GREEN_ROLE,
  greenObjects,
  type Json,
  SECRET_TEXTS,
} from "../../../test/support/compare-pair.js";
import { loadSystemObjectRules } from "../../knowledge/load-system-objects.js";
import type { KubeObject } from "../types.js";
import { startCompare } from "./compare.js";
import { refText } from "./identity.js";
import type { CompareResult } from "./types.js";
import { compareExitCode } from "./verdict.js";

const system = loadSystemObjectRules();

function compare(blue: Json[], green: Json[], ignore: CompareResultIgnore = { rules: [] }): CompareResult {
  const session = startCompare({ system, ignore });
  for (const object of blue) session.addBlue(object as KubeObject);
  for (const object of green) session.addGreen(object as KubeObject);
  return session.finish();
}
type CompareResultIgnore = Parameters<typeof startCompare>[0]["ignore"];

const lines = (result: CompareResult) =>
  result.items.map((item) =>
    `${item.level} ${item.type} ${item.object ? refText(item.object) : item.field} ${item.field ?? ""}`.trim(),
  );

describe("compare blue with green (the planted pair)", () => {
  const result = compare(blueObjects(), greenObjects());

  it("finds exactly the planted differences, blocking first", () => {
    expect(lines(result)).toEqual([
      "blocking not-ready Application argocd/shop",
      "blocking not-ready PersistentVolumeClaim shop/data",
      "blocking missing-on-green CronJob shop/nightly-report",
      "drift differs ConfigMap shop/settings data.LOG_LEVEL",
      "drift differs Deployment shop/web containers[web].image",
      "drift differs Secret shop/db-credentials data.password",
    ]);
    expect(result.verdict).toBe("not-ready");
    expect(result.headline).toMatch(
      /^green is not ready: 3 blocking items: Application argocd\/shop is Synced\/Degraded/,
    );
  });

  it("lists cluster-specific values apart as expected, never as drift", () => {
    expect(
      result.expected.map((entry) => `${entry.reason} ${entry.object ? refText(entry.object) : "-"}`),
    ).toEqual([
      "cluster-address Application argocd/shop",
      "set-identifier Ingress shop/web",
      "load-balancer-hostname Ingress shop/web",
      "irsa-role-arn ServiceAccount shop/web",
      "node-names -",
    ]);
    expect(result.expected.find((entry) => entry.reason === "irsa-role-arn")).toMatchObject({
      blue: BLUE_ROLE,
      green: GREEN_ROLE,
    });
    const reasons = result.expected.map((entry) => entry.reason).sort();
    expect(reasons).toEqual([
      "cluster-address",
      "irsa-role-arn",
      "load-balancer-hostname",
      "node-names",
      "set-identifier",
    ]);
    expect(result.summary.byLevel).toEqual({ info: 0, drift: 3, blocking: 3 });
  });

  it("joins an Ingress read at extensions/v1beta1 on blue with networking.k8s.io/v1 on green", () => {
    expect(result.items.some((item) => item.object?.kind === "Ingress")).toBe(false);
    expect(result.kindsOnlyOn).toEqual({ blue: [], green: [] });
  });

  it("never holds a Secret value in the result", () => {
    const text = JSON.stringify(result);
    for (const secret of SECRET_TEXTS) expect(text).not.toContain(secret);
    const secretItem = result.items.find((item) => item.aspect === "secret");
    expect(secretItem).toMatchObject({ blue: null, green: null });
  });

  it("groups items per application: Argo CD tracking id, else the namespace", () => {
    expect(new Set(result.items.map((item) => item.app))).toEqual(new Set(["argocd:shop", "namespace:shop"]));
  });

  it("states the version gap and still compares", () => {
    expect(result.versionGap).toMatch(/green \(1\.30\) is 2 minor versions ahead of blue \(1\.28\)/);
  });
});

describe("verdicts and exit codes", () => {
  it.each([
    ["identical sides", (g: Json[]) => g, "at-parity", 0, 0],
    [
      "a changed ConfigMap key only",
      (g: Json[]) => edit(g, "ConfigMap", "settings", (o) => (o.data.LOG_LEVEL = "warn")),
      "at-parity-except",
      1,
      0,
    ],
    [
      "a missing object",
      (g: Json[]) => g.filter((o) => o.metadata?.name !== "feature-flags"),
      "not-ready",
      1,
      1,
    ],
  ])("%s → %s", (_name, change, verdict, exitDrift, exitBlocking) => {
    const result = compare(blueObjects(), change(blueObjects()));
    expect(result.verdict).toBe(verdict);
    expect(compareExitCode(result, ["drift"], 0)).toBe(exitDrift);
    expect(compareExitCode(result, ["blocking"], 0)).toBe(exitBlocking);
    expect(compareExitCode(result, ["none"], 0)).toBe(0);
    expect(compareExitCode(result, ["none"], 1)).toBe(2);
  });

  it("joins an Argo CD-tracked object moved to a renamed namespace by its tracking id", () => {
    const green = blueObjects().map((o) =>
      o.kind === "ConfigMap" && o.metadata.name === "feature-flags"
        ? { ...o, metadata: { ...o.metadata, namespace: "shop-v2" } }
        : o,
    );
    const result = compare(blueObjects(), green);
    expect(result.verdict).toBe("at-parity");
    expect(result.summary.matched).toBeGreaterThan(10);
  });

  it("lists objects of kinds only one side has, and says green has none of that kind", () => {
    const green = blueObjects().filter((o) => o.kind !== "CronJob");
    const result = compare(blueObjects(), green);
    expect(result.kindsOnlyOn.blue).toEqual(["CronJob.batch"]);
    expect(result.items.find((item) => item.object?.kind === "CronJob")?.message).toContain(
      "green has no CronJob.batch at all",
    );
  });

  it("reads the control-plane version and the kinds served from a snapshot manifest", () => {
    const manifest = (gitVersion: string, kinds: string[]) => ({
      apiVersion: "cutover.dev/v1alpha1",
      kind: "Snapshot",
      metadata: { name: "snapshot" },
      serverVersion: { gitVersion },
      files: kinds.map((kind) => ({ group: "batch", version: "v1", resource: "x", kind, namespaced: true })),
    });
    const green = [
      ...blueObjects().filter((o) => o.kind !== "CronJob"),
      manifest("v1.31.2-eks-7f9249a", ["CronJob"]),
    ];
    const result = compare([...blueObjects(), manifest("v1.30.6-eks-7f9249a", ["CronJob"])], green);
    expect([result.blue.controlPlane, result.green.controlPlane]).toEqual(["1.30", "1.31"]);
    // Green serves CronJobs but has none: the kind is not "only on blue", the objects are missing.
    expect(result.kindsOnlyOn.blue).toEqual([]);
    expect(result.items.find((item) => item.object?.kind === "CronJob")?.message).toBe(
      "CronJob shop/cleanup-orders is on blue, not on green",
    );
    expect(result.versionGap).toBeNull();
  });

  it("--ignore rules make an object's differences expected, with the rule id", () => {
    const ignore = {
      rules: [{ id: "feature-flags-per-cluster", match: { kinds: ["ConfigMap"], names: ["settings"] } }],
    };
    const green = edit(blueObjects(), "ConfigMap", "settings", (o) => (o.data.LOG_LEVEL = "warn"));
    const result = compare(blueObjects(), green, ignore);
    expect(result.verdict).toBe("at-parity");
    expect(result.expected.find((e) => e.reason === "ignore-rule")).toMatchObject({
      rule: "feature-flags-per-cluster",
      field: "data.LOG_LEVEL",
    });
  });

  it("a missing add-on blocks; an older one is drift; a newer one is neither", () => {
    const coredns = (tag: string) => (o: Json) =>
      (o.spec.template.spec.containers[0].image = `eks/coredns:${tag}`);
    const older = compare(
      blueObjects(),
      edit(blueObjects(), "Deployment", "coredns", coredns("v1.10.1-eksbuild.1")),
    );
    expect(older.items.map((item) => `${item.level} ${item.type} ${item.field}`)).toEqual([
      "drift platform CoreDNS",
    ]);
    const newer = compare(
      blueObjects(),
      edit(blueObjects(), "Deployment", "coredns", coredns("v1.12.0-eksbuild.1")),
    );
    expect(newer.verdict).toBe("at-parity");
    expect(newer.platform).toEqual([
      { component: "CoreDNS", blue: "v1.11.1-eksbuild.4", green: "v1.12.0-eksbuild.1" },
    ]);
    const gone = compare(
      blueObjects(),
      blueObjects().filter((o) => o.metadata?.name !== "coredns"),
    );
    expect(gone.items[0]).toMatchObject({ level: "blocking", type: "platform", field: "CoreDNS" });
  });

  it("a workload not ready on both sides is info, not blocking", () => {
    const unready = (o: Json) => (o.status.availableReplicas = 1);
    const result = compare(
      edit(blueObjects(), "Deployment", "web", unready),
      edit(blueObjects(), "Deployment", "web", unready),
    );
    expect(result.items.map((item) => `${item.level} ${item.type} ${item.green}`)).toEqual([
      "info not-ready 1/3 available",
    ]);
    expect(result.verdict).toBe("at-parity");
  });
});

function edit(objects: Json[], kind: string, name: string, change: (object: Json) => void): Json[] {
  const target = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!target) throw new Error(`no ${kind} ${name}`);
  change(target);
  return objects;
}
