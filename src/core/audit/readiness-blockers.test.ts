import { describe, expect, it } from "vitest";
import {
  assess,
  deployment,
  type Json,
  meta,
  object,
  readCorpus,
  workload,
} from "../../../test/support/readiness-fixtures.js";
import type { KubeObject } from "../types.js";
import { selectorMatches } from "./readiness-pdb.js";

const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone" }] };
const probe = { readinessProbe: { httpGet: { path: "/ready", port: 8080 } } };

/** A Deployment that passes every blocker rule unless options say otherwise. */
const healthy = (name: string, replicas = 3, labels: Record<string, string> = { app: name }): KubeObject =>
  deployment(name, { replicas, labels, pod: spread, container: probe });

const pdb = (name: string, spec: Json, selector: Json = { matchLabels: { app: "web" } }): KubeObject =>
  object("policy/v1", "PodDisruptionBudget", meta(name, "shop"), { spec: { selector, ...spec } });

const blockers = (
  objects: KubeObject[],
  removedApis = [] as { kind: string; apiVersion: string; namespace: string | null; name: string }[],
) => assess(objects, { removedApis })["upgrade-blockers"];

describe("label selectors", () => {
  const labels = { app: "web", tier: "front" };
  it.each([
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "api" } }, false],
    [{ matchExpressions: [{ key: "tier", operator: "In", values: ["front", "edge"] }] }, true],
    [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] }, false],
    [{ matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, true],
    [{ matchExpressions: [{ key: "canary", operator: "Exists" }] }, false],
    [{ matchExpressions: [{ key: "tier", operator: "Gt", values: ["1"] }] }, false],
    [{}, true],
  ])("%j matches {app: web, tier: front}: %s", (selector, matches) => {
    expect(selectorMatches(selector, labels)).toBe(matches);
  });
});

describe("PodDisruptionBudgets that block every drain", () => {
  it.each([
    // spec, replicas of the selected Deployment, blocks?, reason
    [{ maxUnavailable: 0 }, 3, true, "maxUnavailable 0"],
    [{ maxUnavailable: "0%" }, 3, true, "maxUnavailable 0%"],
    [{ maxUnavailable: 1 }, 1, false, "maxUnavailable 1"],
    [{ minAvailable: 3 }, 3, true, "minAvailable 3 with 3 replicas"],
    [{ minAvailable: 2 }, 3, false, "minAvailable 2 with 3 replicas"],
    [{ minAvailable: 1 }, 1, true, "minAvailable 1 with 1 replica"],
    [{ minAvailable: "100%" }, 5, true, "minAvailable 100% of 5 replicas"],
    [{ minAvailable: "50%" }, 1, true, "minAvailable 50% of 1 replica"], // rounded up to 1 of 1
    [{ minAvailable: "50%" }, 4, false, "minAvailable 50% of 4 replicas"],
  ])("%j over %d replicas blocks: %s", (spec, replicas, blocks, reason) => {
    const check = blockers([healthy("web", replicas), pdb("web", spec)]);
    expect(check.facts?.pdbs).toEqual([
      { pdb: "shop/web", selects: ["Deployment shop/web"], replicas, blocks, reason },
    ]);
    expect(check.status === "fail").toBe(blocks);
  });

  it("adds up the replicas of every workload a selector matches", () => {
    const check = blockers([
      healthy("web-a", 2, { app: "web", track: "a" }),
      healthy("web-b", 2, { app: "web", track: "b" }),
      healthy("api", 2),
      pdb("web", { minAvailable: 3 }),
    ]);
    expect(check.facts?.pdbs).toMatchObject([
      { selects: ["Deployment shop/web-a", "Deployment shop/web-b"], replicas: 4, blocks: false },
    ]);
  });

  it("does not guess when the selector matches nothing in the input", () => {
    const check = blockers([healthy("api"), pdb("web", { maxUnavailable: 0 })]);
    expect(check.facts?.pdbs).toEqual([
      {
        pdb: "shop/web",
        selects: [],
        replicas: null,
        blocks: false,
        reason: "selects no workload in the input",
      },
    ]);
  });

  it("matches expression-only selectors within the namespace", () => {
    const check = blockers([
      healthy("web"),
      deployment("web", { namespace: "other", labels: { app: "web" } }),
      pdb(
        "web",
        { maxUnavailable: 0 },
        { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
      ),
    ]);
    expect(check.facts?.blockingPdbs).toEqual(["shop/web"]);
    expect(check.facts?.pdbs).toMatchObject([{ selects: ["Deployment shop/web"] }]);
  });
});

describe("upgrade-blockers", () => {
  it("passes a well-behaved workload", () => {
    const check = blockers([healthy("web"), pdb("web", { maxUnavailable: 1 })]);
    expect(check.status).toBe("pass");
    expect(check.actions).toEqual([]);
  });

  it.each([
    ["a single replica", deployment("web", { replicas: 1, container: probe }), "singleReplica", "warn"],
    ["no readiness probe", deployment("web", { pod: spread }), "missingReadinessProbe", "warn"],
    ["no spread", deployment("web", { container: probe }), "noTopologySpread", "warn"],
    [
      "a docker.sock mount",
      deployment("ci", {
        pod: { ...spread, volumes: [{ name: "d", hostPath: { path: "/var/run/docker.sock" } }] },
        container: probe,
      }),
      "dockerSocket",
      "fail",
    ],
  ])("flags %s", (_what, workloadObject, fact, status) => {
    const check = blockers([workloadObject]);
    expect(check.status).toBe(status);
    expect(check.facts?.[fact]).toHaveLength(1);
  });

  it("does not call a workload single-replica when an HPA keeps at least 2", () => {
    const hpa = object("autoscaling/v2", "HorizontalPodAutoscaler", meta("web", "shop"), {
      spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 10 },
    });
    expect(
      blockers([deployment("web", { replicas: 1, container: probe }), hpa]).facts?.singleReplica,
    ).toEqual([]);
  });

  it("accepts pod anti-affinity as spreading", () => {
    const antiAffinity = {
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
    };
    expect(
      blockers([deployment("web", { pod: antiAffinity, container: probe })]).facts?.noTopologySpread,
    ).toEqual([]);
  });

  it("does not ask Jobs for readiness probes", () => {
    const job = object("batch/v1", "Job", meta("migrate", "shop"), {
      spec: { template: { spec: { containers: [{ name: "m", image: "migrate:1" }] } } },
    });
    expect(blockers([job]).facts?.missingReadinessProbe).toEqual([]);
  });

  it("fails on APIs removed at the target and names them", () => {
    const check = blockers(
      [healthy("web")],
      [{ kind: "PodSecurityPolicy", apiVersion: "policy/v1beta1", namespace: null, name: "restricted" }],
    );
    expect(check.status).toBe("fail");
    expect(check.evidence).toContain(
      "1 object uses APIs removed by 1.33 (policy/v1beta1 PodSecurityPolicy): PodSecurityPolicy restricted",
    );
  });

  it("says when removed APIs were not checked", () => {
    expect(assess([healthy("web")], { targetVersion: null })["upgrade-blockers"].evidence).toContain(
      "No target version given: removed APIs were not checked",
    );
  });

  it("checks DaemonSets against their scheduled pods", () => {
    const agent = workload("DaemonSet", "agent", { labels: { app: "web" }, pod: spread, container: probe });
    agent.status = { desiredNumberScheduled: 4 };
    const check = blockers([agent, pdb("web", { minAvailable: 4 })]);
    expect(check.facts?.pdbs).toMatchObject([{ replicas: 4, blocks: true }]);
  });
});

describe("upgrade-blockers on the corpus", () => {
  it("hardeneks: the docker.sock pod and the single-replica deployment of the EKS test cluster", async () => {
    const objects = await readCorpus(
      "cluster-dumps/aws-samples__hardeneks/tests/data/disallow_container_socket_mount/cluster",
      "cluster-dumps/aws-samples__hardeneks/tests/data/run_multiple_replicas/cluster",
      "cluster-dumps/aws-samples__hardeneks/tests/data/schedule_replicas_across_nodes/cluster",
    );
    const check = assess(objects)["upgrade-blockers"];
    expect(check.status).toBe("fail");
    expect(check.facts?.dockerSocket).toEqual(["Pod test-namespace/bad"]);
    expect(check.facts?.singleReplica).toEqual(["Deployment test-namespace/bad"]);
    // run_multiple_replicas' good (3 replicas) and schedule_replicas_across_nodes' bad have no spread;
    // schedule_replicas_across_nodes' good has topologySpreadConstraints.
    expect(check.facts?.noTopologySpread).toEqual([
      "Deployment test-namespace/good",
      "Deployment test-namespace/bad",
    ]);
  });
});
