// State: what green cannot simply re-create. EBS volumes are single-AZ ReadWriteOnce disks bound to
// per-cluster PV/PVC objects, so moving them is a data migration; node-local volumes even more so;
// EFS/FSx/NFS can be mounted by both clusters; databases, queues and caches in the cluster hold state.

import { displayVersion } from "./images.js";
import { agree, count, listSome, makeCheck, tally, worst } from "./readiness-common.js";
import type { DataService, PlatformScan } from "./readiness-components.js";
import type { ReadinessIndex } from "./readiness-index.js";
import type { StorageFacts, VolumeRecord } from "./readiness-volumes.js";
import type { CheckStatus, ReadinessCheck } from "./types.js";

function describeVolume(volume: VolumeRecord): string {
  return volume.workload ? `${volume.ref} (${volume.workload})` : volume.ref;
}

function describeService(service: DataService): string {
  return `${service.name} ${displayVersion(service.ref)} in ${service.workload.ref}`;
}

interface Finding {
  status: CheckStatus;
  evidence: string;
  action: string;
}

function volumeFindings(volumes: VolumeRecord[], statefulWorkloads: Set<string>): Finding[] {
  const findings: Finding[] = [];
  const ebs = volumes.filter((volume) => volume.family === "ebs");
  const nodeLocal = volumes.filter((volume) => volume.family === "node-local");
  const shared = volumes.filter((volume) => ["efs", "fsx", "nfs"].includes(volume.family));
  const unknown = volumes.filter((volume) => volume.family === "unknown");
  // Volumes that must move are a failure when a StatefulSet or a database/queue/cache keeps data on them.
  const holdsData = (list: VolumeRecord[]) =>
    list.some((volume) => volume.workload !== null && statefulWorkloads.has(volume.workload));
  if (ebs.length > 0) {
    findings.push({
      status: holdsData(ebs) ? "fail" : "warn",
      evidence: `${count(ebs.length, "EBS volume")} (AZ-locked, attach to one node of one cluster at a time): ${listSome(ebs.map(describeVolume))}`,
      action: `Plan the data migration of the ${count(ebs.length, "EBS volume")}: snapshot and restore into green (VolumeSnapshot, Velero or AWS Backup) or replicate at the application level, and decide how writes stop or catch up at the cutover`,
    });
  }
  if (nodeLocal.length > 0) {
    findings.push({
      status: holdsData(nodeLocal) ? "fail" : "warn",
      evidence: `${count(nodeLocal.length, "node-local volume")} (data on one node's disk): ${listSome(nodeLocal.map(describeVolume))}`,
      action: `Copy the data of the ${count(nodeLocal.length, "node-local volume")} out before blue's nodes go (application dump and restore, or rsync): node disks do not move to green`,
    });
  }
  if (shared.length > 0) {
    findings.push({
      status: "warn",
      evidence: `${count(shared.length, "shared file system volume")} (EFS, FSx, NFS; both clusters can mount them): ${listSome(shared.map(describeVolume))}`,
      action:
        "Bind green to the same file systems with static PersistentVolumes (same file system and access point in volumeHandle): dynamic provisioning (efs-ap) gives green new, empty access points; decide which cluster writes during the shift",
    });
  }
  if (unknown.length > 0) {
    const provisioners = [
      ...new Set(
        unknown.map(
          (volume) =>
            volume.provisioner ??
            (volume.storageClass
              ? `class ${volume.storageClass} not in the input`
              : "default class not in the input"),
        ),
      ),
    ];
    findings.push({
      status: "warn",
      evidence: `${count(unknown.length, "volume")} with an unknown provisioner (${listSome(provisioners, 3)}): ${listSome(unknown.map(describeVolume))}`,
      action: "Find out where these volumes keep their data and whether green can reach it",
    });
  }
  return findings;
}

function serviceFindings(services: DataService[], volumes: VolumeRecord[]): Finding[] {
  if (services.length === 0) return [];
  const withVolumes = new Set(volumes.flatMap((volume) => volume.workload ?? []));
  const ephemeral = services.filter((service) => !withVolumes.has(service.workload.ref));
  const moves = [
    ...new Map(services.map((service) => [service.id, `${service.name} → ${service.external}`])).values(),
  ];
  const findings: Finding[] = [
    {
      status: "warn",
      evidence: `${count(services.length, "database, queue or cache", "databases, queues and caches")} ${agree(services.length, "runs", "run")} in the cluster: ${listSome(services.map(describeService))}`,
      action: `Move in-cluster state out so blue and green share it (${moves.join("; ")}), or plan replication into green`,
    },
  ];
  if (ephemeral.length > 0) {
    findings.push({
      status: "warn",
      evidence: `Without a persistent volume (state lives in memory or emptyDir): ${listSome(ephemeral.map(describeService))}`,
      action:
        "Expect their content to be lost on the move: let caches warm up in green and drain queues before the cutover",
    });
  }
  return findings;
}

export function stateCheck(index: ReadinessIndex, scan: PlatformScan, storage: StorageFacts): ReadinessCheck {
  const statefulWorkloads = new Set([
    ...index.workloads
      .filter((workload) => workload.object.kind === "StatefulSet")
      .map((workload) => workload.ref),
    ...scan.dataServices.map((service) => service.workload.ref),
  ]);
  const findings = [
    ...volumeFindings(storage.volumes, statefulWorkloads),
    ...serviceFindings(scan.dataServices, storage.volumes),
  ];
  const classes = storage.classes.map(
    (entry) => `${entry.name} → ${entry.provisioner ?? "no provisioner"}${entry.default ? " (default)" : ""}`,
  );
  const evidence = [
    ...(classes.length > 0 ? [`Storage classes: ${listSome(classes)}`] : []),
    storage.volumes.length > 0
      ? `${count(storage.volumes.length, "persistent volume")} by family: ${tally(storage.volumes.map((volume) => volume.family))}`
      : "No PersistentVolumeClaims, PersistentVolumes or volume claim templates in the input",
    ...(storage.claimTemplates.length > 0
      ? [`StatefulSets with volumeClaimTemplates: ${listSome(storage.claimTemplates)}`]
      : []),
    ...findings.map((finding) => finding.evidence),
  ];
  const status = worst(...findings.map((finding) => finding.status));
  const facts = {
    storageClasses: storage.classes,
    volumes: storage.volumes,
    byFamily: Object.fromEntries(
      ["ebs", "efs", "fsx", "nfs", "node-local", "unknown"].map((family) => [
        family,
        storage.volumes.filter((volume) => volume.family === family).length,
      ]),
    ),
    statefulSetsWithClaimTemplates: storage.claimTemplates,
    dataServices: scan.dataServices.map((service) => ({
      id: service.id,
      kind: service.kind,
      workload: service.workload.ref,
      image: service.ref.image,
      version: service.ref.version,
      external: service.external,
    })),
  };
  return makeCheck(
    "state",
    status,
    evidence,
    findings.map((finding) => finding.action),
    facts,
  );
}
