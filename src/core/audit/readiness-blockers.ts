// Upgrade blockers (eksup parity and beyond): what stalls node drains or breaks at the target version,
// whichever way the cluster is upgraded.
import { agree, count, listSome, makeCheck, worst } from "./readiness-common.js";
import { asArray, asCount, asString, at } from "./readiness-fields.js";
import type { ReadinessIndex, Workload } from "./readiness-index.js";
import { assessPdbs } from "./readiness-pdb.js";
import type { CheckStatus, ReadinessCheck } from "./types.js";

export interface RemovedApiUse {
  kind: string;
  apiVersion: string;
  namespace: string | null;
  name: string;
}

/** Kinds whose pods serve traffic for a long time and so need a readiness probe. */
const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout", "Pod"]);
const REPLICATED = new Set(["Deployment", "StatefulSet"]);

interface Blocker {
  status: CheckStatus;
  evidence: string;
  action: string;
}

/** minReplicas of the HPA scaling each workload, by "namespace/Kind/name". */
function hpaMinimums(index: ReadinessIndex): Map<string, number> {
  const minimums = new Map<string, number>();
  for (const hpa of index.ofType("autoscaling", "HorizontalPodAutoscaler")) {
    const target = at(hpa, "spec", "scaleTargetRef");
    const key = `${hpa.metadata?.namespace ?? ""}/${asString(at(target, "kind")) ?? ""}/${asString(at(target, "name")) ?? ""}`;
    minimums.set(key, asCount(at(hpa, "spec", "minReplicas")) ?? 1);
  }
  return minimums;
}

function isSingleReplica(workload: Workload, hpas: Map<string, number>): boolean {
  if (!REPLICATED.has(workload.object.kind) || workload.replicas !== 1) return false;
  const key = `${workload.namespace ?? ""}/${workload.object.kind}/${workload.object.metadata?.name ?? ""}`;
  return (hpas.get(key) ?? 1) <= 1;
}

function containersWithoutProbe(workload: Workload): string[] {
  if (!LONG_RUNNING.has(workload.object.kind)) return [];
  return workload.containers
    .filter((container) => container.readinessProbe === undefined)
    .map((container) => asString(container.name) ?? "?");
}

function mountsDockerSocket(workload: Workload): boolean {
  return asArray(workload.podSpec.volumes).some((volume) =>
    (asString(at(volume, "hostPath", "path")) ?? "").includes("docker.sock"),
  );
}

function lacksSpread(workload: Workload): boolean {
  if (workload.replicas === null || workload.replicas < 2) return false;
  const constraints = asArray(workload.podSpec.topologySpreadConstraints);
  return constraints.length === 0 && at(workload.podSpec, "affinity", "podAntiAffinity") === undefined;
}

function removedApiBlocker(removed: readonly RemovedApiUse[], target: string | null): Blocker | undefined {
  if (removed.length === 0) return undefined;
  const types = [...new Set(removed.map((use) => `${use.apiVersion} ${use.kind}`))];
  const names = removed.map((use) => `${use.kind} ${use.namespace ? `${use.namespace}/` : ""}${use.name}`);
  return {
    status: "fail",
    evidence: `${count(removed.length, "object")} ${agree(removed.length, "uses", "use")} APIs removed by ${target ?? "the target version"} (${listSome(types, 3)}): ${listSome(names)}`,
    action: `Migrate the ${count(removed.length, "object")} off the removed APIs (cutover scan lists replacements): the upgraded API server, and green, reject them`,
  };
}

export function upgradeBlockersCheck(
  index: ReadinessIndex,
  removedApis: readonly RemovedApiUse[],
  targetVersion: string | null,
): ReadinessCheck {
  const hpas = hpaMinimums(index);
  const pdbs = assessPdbs(index);
  const blockingPdbs = pdbs.filter((pdb) => pdb.blocks);
  const workloads = index.workloads;
  const singleReplica = workloads.filter((workload) => isSingleReplica(workload, hpas)).map((w) => w.ref);
  const missingProbe = workloads.flatMap((workload) => {
    const names = containersWithoutProbe(workload);
    return names.length > 0 ? [`${workload.ref} (${names.join(", ")})`] : [];
  });
  const dockerSocket = workloads.filter(mountsDockerSocket).map((workload) => workload.ref);
  const noSpread = workloads.filter(lacksSpread).map((workload) => workload.ref);
  const found: (Blocker | undefined)[] = [
    blockingPdbs.length > 0
      ? {
          status: "fail",
          evidence: `${count(blockingPdbs.length, "PodDisruptionBudget")} ${agree(blockingPdbs.length, "allows", "allow")} no disruption: ${listSome(blockingPdbs.map((pdb) => `${pdb.pdb} (${pdb.reason})`))}`,
          action: `Relax the ${count(blockingPdbs.length, "PodDisruptionBudget")} (maxUnavailable of at least 1, or minAvailable below the replicas) or scale the workloads up: node drains wait on them forever`,
        }
      : undefined,
    dockerSocket.length > 0
      ? {
          status: "fail",
          evidence: `${count(dockerSocket.length, "workload")} ${agree(dockerSocket.length, "mounts", "mount")} docker.sock: ${listSome(dockerSocket)}`,
          action:
            "Remove the docker.sock mounts: EKS nodes run containerd since 1.24 and the socket does not exist",
        }
      : undefined,
    removedApiBlocker(removedApis, targetVersion),
    singleReplica.length > 0
      ? {
          status: "warn",
          evidence: `${count(singleReplica.length, "Deployment or StatefulSet", "Deployments and StatefulSets")} ${agree(singleReplica.length, "runs", "run")} a single replica: ${listSome(singleReplica)}`,
          action: "Run at least 2 replicas (or accept downtime while their node is replaced)",
        }
      : undefined,
    missingProbe.length > 0
      ? {
          status: "warn",
          evidence: `${count(missingProbe.length, "workload")} with containers without a readinessProbe: ${listSome(missingProbe)}`,
          action: "Add readiness probes so rollouts, drains and the traffic shift wait until pods can serve",
        }
      : undefined,
    noSpread.length > 0
      ? {
          status: "warn",
          evidence: `${count(noSpread.length, "multi-replica workload")} without topologySpreadConstraints or pod anti-affinity: ${listSome(noSpread)}`,
          action: "Spread replicas across zones and nodes (topologySpreadConstraints or pod anti-affinity)",
        }
      : undefined,
  ];
  const blockers = found.filter((blocker): blocker is Blocker => blocker !== undefined);
  const evidence = [
    `${count(workloads.length, "workload")} and ${count(pdbs.length, "PodDisruptionBudget")} checked`,
    ...(targetVersion === null ? ["No target version given: removed APIs were not checked"] : []),
    ...blockers.map((blocker) => blocker.evidence),
  ];
  const facts = {
    workloads: workloads.length,
    pdbs,
    blockingPdbs: blockingPdbs.map((pdb) => pdb.pdb),
    singleReplica,
    missingReadinessProbe: missingProbe,
    dockerSocket,
    noTopologySpread: noSpread,
    removedApis: removedApis.length,
  };
  return makeCheck(
    "upgrade-blockers",
    worst(...blockers.map((blocker) => blocker.status)),
    evidence,
    blockers.map((blocker) => blocker.action),
    facts,
  );
}
