import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
  assess,
  CORPUS,
  deployment,
  type Json,
  meta,
  object,
  readCorpus,
  workload,
} from "../../../test/support/readiness-fixtures.js";
import type { KubeObject } from "../types.js";
import { familyOf, type VolumeRecord } from "./readiness-volumes.js";

const storageClass = (name: string, provisioner: string, isDefault = false): KubeObject =>
  object(
    "storage.k8s.io/v1",
    "StorageClass",
    meta(
      name,
      undefined,
      isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {},
    ),
    { provisioner },
  );

const claim = (name: string, spec: Json = {}, namespace = "shop"): KubeObject =>
  object("v1", "PersistentVolumeClaim", meta(name, namespace), {
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, ...spec },
  });

const mounting = (claimName: string) => ({
  volumes: [{ name: "data", persistentVolumeClaim: { claimName } }],
});

const postgres = workload("StatefulSet", "postgres", {
  image: "postgres:16.2",
  replicas: 1,
  spec: {
    volumeClaimTemplates: [
      {
        metadata: { name: "data" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } },
      },
    ],
  },
});

const gp3 = storageClass("gp3", "ebs.csi.aws.com", true);
const efs = storageClass("efs-sc", "efs.csi.aws.com");

const stateOf = (objects: KubeObject[]) => assess(objects).state;
const volumesOf = (check: { facts?: Record<string, unknown> }) => check.facts?.volumes as VolumeRecord[];

describe("volume families", () => {
  it.each([
    ["ebs.csi.aws.com", "ebs"],
    ["ebs.csi.eks.amazonaws.com", "ebs"],
    ["kubernetes.io/aws-ebs", "ebs"],
    ["efs.csi.aws.com", "efs"],
    ["fsx.csi.aws.com", "fsx"],
    ["nfs.csi.k8s.io", "nfs"],
    ["cluster.local/nfs-subdir-external-provisioner", "nfs"],
    ["rancher.io/local-path", "node-local"],
    ["kubernetes.io/no-provisioner", "node-local"],
    ["pd.csi.storage.gke.io", "unknown"],
    [null, "unknown"],
  ])("%s is %s", (provisioner, family) => {
    expect(familyOf(provisioner)).toBe(family);
  });
});

describe("state", () => {
  it.each([
    ["nothing stateful", [deployment("web")], "pass"],
    ["a PostgreSQL StatefulSet on EBS (volume claim template, default class)", [gp3, postgres], "fail"],
    ["an EBS claim no workload mounts", [gp3, claim("scratch")], "warn"],
    [
      "an EBS claim mounted by a stateless web server",
      [gp3, claim("uploads"), deployment("web", { pod: mounting("uploads") })],
      "warn",
    ],
    [
      "an EBS claim under Redis in a Deployment",
      [gp3, claim("cache"), deployment("cache", { image: "redis:7.2", pod: mounting("cache") })],
      "fail",
    ],
    [
      "an EFS claim",
      [efs, claim("shared", { storageClassName: "efs-sc", accessModes: ["ReadWriteMany"] })],
      "warn",
    ],
    [
      "a hostPath PersistentVolume",
      [object("v1", "PersistentVolume", meta("pv-local"), { spec: { hostPath: { path: "/data" } } })],
      "warn",
    ],
    ["Redis without a volume", [deployment("sessions", { image: "redis:7.2" })], "warn"],
  ])("%s → %s", (_what, objects, status) => {
    const check = stateOf(objects as KubeObject[]);
    expect(check.status).toBe(status);
    expect(check.actions.length > 0).toBe(status !== "pass");
  });

  it("counts a StatefulSet's PVCs once, attributed to it, and says to plan the migration", () => {
    const check = stateOf([gp3, postgres, claim("data-postgres-0")]);
    expect(volumesOf(check)).toEqual([
      {
        ref: "PersistentVolumeClaim shop/data-postgres-0",
        storageClass: "gp3",
        provisioner: "ebs.csi.aws.com",
        family: "ebs",
        accessModes: ["ReadWriteOnce"],
        size: "10Gi",
        workload: "StatefulSet shop/postgres",
      },
    ]);
    expect(check.status).toBe("fail");
    expect(check.actions[0]).toMatch(/^Plan the data migration of the 1 EBS volume: snapshot and restore/);
    expect(check.actions[1]).toBe(
      "Move in-cluster state out so blue and green share it (PostgreSQL → Amazon RDS or Aurora PostgreSQL), or plan replication into green",
    );
  });

  it("takes the driver of the bound PersistentVolume over the claim's class", () => {
    const pv = object("v1", "PersistentVolume", meta("pvc-123"), {
      spec: {
        csi: { driver: "efs.csi.aws.com", volumeHandle: "fs-1::fsap-1" },
        claimRef: { namespace: "shop", name: "media" },
      },
    });
    const check = stateOf([gp3, pv, claim("media", { volumeName: "pvc-123" })]);
    expect(volumesOf(check)).toMatchObject([{ ref: "PersistentVolumeClaim shop/media", family: "efs" }]);
  });

  it.each([
    ["an explicit class", { storageClassName: "legacy" }, "legacy", "kubernetes.io/aws-ebs"],
    ["no class: the default class", {}, "gp3", "ebs.csi.aws.com"],
    ["an empty class: static binding, no provisioner", { storageClassName: "" }, null, null],
  ])("resolves %s", (_what, spec, className, provisioner) => {
    const legacy = storageClass("legacy", "kubernetes.io/aws-ebs");
    const check = stateOf([gp3, legacy, claim("data", spec)]);
    expect(volumesOf(check)).toMatchObject([{ storageClass: className, provisioner }]);
  });

  it("names unknown provisioners and classes missing from the input", () => {
    const check = stateOf([claim("data", { storageClassName: "fast" })]);
    expect(check.evidence.join("\n")).toContain(
      "1 volume with an unknown provisioner (class fast not in the input)",
    );
  });
});

/** A Helm template with its `{{ … }}` lines dropped, parsed: the literal parts of a chart file. */
function literalTemplate(file: string): KubeObject[] {
  const text = readFileSync(`${CORPUS}/${file}`, "utf8")
    .split("\n")
    .filter((line) => !line.includes("{{"))
    .join("\n");
  return parseAllDocuments(text).map((document) => document.toJS() as KubeObject);
}

describe("state on the corpus", () => {
  it("the k3s support bundle: 4 Redis claims on rancher.io/local-path, node-local", async () => {
    const check = assess(
      await readCorpus(
        "cluster-dumps/replicatedhq__troubleshoot/_extracted/testdata__supportbundle__support-bundle.tar.gz",
      ),
    ).state;
    // The 4 PersistentVolumes are bound to the claims (spec.volumeName) and are not counted twice.
    expect(check.facts?.byFamily).toMatchObject({ "node-local": 4, ebs: 0 });
    expect(volumesOf(check).map((volume) => volume.ref)).toContain(
      "PersistentVolumeClaim default/redis-data-my-release-redis-master-0",
    );
    expect(check.status).toBe("warn");
  });

  it("hardeneks: EFS persistent volumes with access points are shareable, with a static-PV action", async () => {
    const objects = await readCorpus(
      "cluster-dumps/aws-samples__hardeneks/tests/data/use_efs_access_points/cluster/persistentvolume_api_response.json",
    );
    const check = assess(objects).state;
    expect(check.facts?.byFamily).toMatchObject({ efs: 2 });
    expect(check.actions[0]).toMatch(/^Bind green to the same file systems with static PersistentVolumes/);
  });

  it("hardeneks: a claim on the cluster's io1 class is an EBS volume", async () => {
    const classes = await readCorpus(
      "cluster-dumps/aws-samples__hardeneks/tests/data/use_encryption_with_ebs/cluster/storageclass_api_response.json",
    );
    const check = assess([
      ...classes.map((item) => item.object),
      claim("data", { storageClassName: "good" }),
    ]).state;
    expect(volumesOf(check)).toMatchObject([
      { storageClass: "good", provisioner: "ebs.csi.aws.com", family: "ebs" },
    ]);
  });

  it("eks-blueprints-workloads: team-data's gp2-encrypted (in-tree EBS) and efs-encrypted claims", async () => {
    const claims = await readCorpus(
      "gitops-repos/aws-samples__eks-blueprints-workloads/teams/team-data/dev/templates",
    );
    const classes = [
      ...literalTemplate(
        "gitops-repos/aws-samples__eks-blueprints-workloads/teams/team-platform/dev/templates/ebs-gp2-encrypted-storage-class.yaml",
      ),
      ...literalTemplate(
        "gitops-repos/aws-samples__eks-blueprints-workloads/teams/team-platform/dev/templates/efs-encrypted-storage-class.yaml",
      ),
    ];
    const check = assess([...classes, ...claims.map((item) => item.object)]).state;
    expect(volumesOf(check)).toMatchObject([
      {
        ref: "PersistentVolumeClaim gp2-encrypted-pvc",
        provisioner: "kubernetes.io/aws-ebs",
        family: "ebs",
        workload: "Pod ebs-encryption-app",
      },
      {
        ref: "PersistentVolumeClaim efs-encrypted-claim",
        provisioner: "efs.csi.aws.com",
        family: "efs",
        workload: "Pod efs-encryption-app",
      },
    ]);
    expect(check.status).toBe("warn");
  });

  it("appmod-blueprints: MySQL, Redis and RabbitMQ run in the cluster on emptyDir", async () => {
    const check = assess(await readCorpus("gitops-repos/aws-samples__appmod-blueprints")).state;
    const services = check.facts?.dataServices as { id: string; workload: string }[];
    expect(services).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "mysql", workload: "StatefulSet catalog-mysql" }),
        expect.objectContaining({ id: "redis", workload: "Deployment checkout-redis" }),
        expect.objectContaining({ id: "rabbitmq", workload: "StatefulSet rabbitmq/rabbitmq" }),
      ]),
    );
    expect(check.evidence.join("\n")).toContain(
      "Without a persistent volume (state lives in memory or emptyDir)",
    );
  });
});
