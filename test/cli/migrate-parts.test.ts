// The small decisions of the migrate commands: spec → provider options, exit codes, stale leases, the
// store location and the write-proof store of --dry-run.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deadLocalHolder, holderName } from "../../src/app/migrate/lease.js";
import { emptyStore, readOnly, STORE_ENV, storeLocation } from "../../src/app/migrate/open-store.js";
import { resolveSpecPaths, trafficConfig } from "../../src/app/migrate/wiring.js";
import { stopExitCode } from "../../src/cli/commands/migrate-outcome.js";
import type { TrafficSpec } from "../../src/core/migrate/spec-traffic.js";
import { StoreError } from "../../src/ports/store.js";
import { BASE_SPEC, testSpec } from "../support/migration-spec.js";

describe("trafficConfig: spec.traffic → the adapter's options", () => {
  it.each<[string, TrafficSpec, unknown]>([
    [
      "haproxy",
      {
        provider: "haproxy",
        haproxy: { runtimeApi: "unix:/run/h.sock", backend: "app", blueServer: "b", greenServer: "g" },
      },
      {
        provider: "haproxy",
        haproxy: { runtimeApi: "unix:/run/h.sock", backend: "app", blueServer: "b", greenServer: "g" },
      },
    ],
    [
      "route53 with an alias and plain values",
      {
        provider: "route53",
        route53: {
          hostedZoneId: "Z1",
          recordName: "shop.example.com",
          type: "A",
          ttl: 60,
          blue: {
            setIdentifier: "blue",
            alias: { dnsName: "blue-alb.example.com", hostedZoneId: "ZALB", evaluateTargetHealth: true },
          },
          green: { setIdentifier: "green", values: ["192.0.2.10"] },
        },
      },
      {
        provider: "route53",
        route53: {
          hostedZoneId: "Z1",
          recordName: "shop.example.com",
          type: "A",
          ttl: 60,
          blue: {
            setIdentifier: "blue",
            target: {
              alias: { dnsName: "blue-alb.example.com", hostedZoneId: "ZALB", evaluateTargetHealth: true },
            },
          },
          green: { setIdentifier: "green", target: { values: ["192.0.2.10"] } },
        },
      },
    ],
    [
      "externaldns (each side's setIdentifier, not its kubeconfig context)",
      {
        provider: "externaldns",
        externaldns: {
          annotationPrefix: "external-dns.kubernetes.io/",
          blue: {
            context: "arn:aws:eks:eu-west-1:111122223333:cluster/blue-cluster",
            kind: "Ingress",
            namespace: "shop",
            name: "web",
            setIdentifier: "blue-cluster",
          },
          green: {
            context: "green-admin@green-cluster",
            kind: "Ingress",
            namespace: "shop",
            name: "web",
            setIdentifier: "green-cluster",
          },
          route53: { hostedZoneId: "Z1", recordName: "shop.example.com", type: "A" },
        },
      },
      {
        provider: "externaldns",
        externaldns: {
          annotationPrefix: "external-dns.kubernetes.io/",
          blue: {
            kube: {
              context: "arn:aws:eks:eu-west-1:111122223333:cluster/blue-cluster",
              kind: "Ingress",
              namespace: "shop",
              name: "web",
            },
            setIdentifier: "blue-cluster",
          },
          green: {
            kube: { context: "green-admin@green-cluster", kind: "Ingress", namespace: "shop", name: "web" },
            setIdentifier: "green-cluster",
          },
          route53: { hostedZoneId: "Z1", recordName: "shop.example.com", type: "A" },
        },
      },
    ],
  ])("%s", (_, spec, expected) => {
    expect(trafficConfig(spec)).toEqual(expected);
  });
});

describe("resolveSpecPaths: green's manifests are relative to the spec file", () => {
  const withManifests = (manifests?: string[]) => {
    const text = manifests
      ? BASE_SPEC.replace(
          "green: { labels: { cluster: green } }",
          `green: { labels: { cluster: green }, version: "1.33", manifests: ${JSON.stringify(manifests)} }`,
        )
      : BASE_SPEC;
    return testSpec(text);
  };

  it.each([
    ["a relative directory", "gitops/rendered", "/repo/specs/gitops/rendered"],
    ["a parent directory", "../rendered/prod.yaml", "/repo/rendered/prod.yaml"],
    ["an absolute path (kept)", "/srv/rendered", "/srv/rendered"],
  ])("%s", (_, entry, expected) => {
    const resolved = resolveSpecPaths(withManifests([entry]), "/repo/specs/shop.yaml");
    expect(resolved.spec.green.manifests).toEqual([expected]);
  });

  it("a spec file given relative to the working directory", () => {
    const resolved = resolveSpecPaths(withManifests(["gitops"]), "specs/shop.yaml");
    expect(resolved.spec.green.manifests).toEqual([path.resolve("specs", "gitops")]);
  });

  it("a spec without manifests is returned as it is", () => {
    const spec = withManifests();
    expect(resolveSpecPaths(spec, "/repo/specs/shop.yaml")).toEqual(spec);
  });
});

describe("exit codes", () => {
  it.each([
    ["completed", 0, 0],
    ["rolled-back", 0, 1],
    ["aborted", 0, 1],
    ["blocked", 0, 2],
    ["interrupted", 0, 130],
    ["dry-run", 0, 0],
    ["dry-run", 2, 2],
  ] as const)("%s with %i preflight issues → %i", (stopped, issues, code) => {
    expect(stopExitCode(stopped, issues)).toBe(code);
  });
});

describe("deadLocalHolder", () => {
  const host = os.hostname();
  const gone = spawnSync(process.execPath, ["-e", "0"]).pid;

  it.each([
    [
      "a process of this host that exited",
      `ops@${host}:${gone}`,
      `process ${gone} no longer runs on ${host}`,
    ],
    ["this very process", `ops@${host}:${process.pid}`, null],
    ["a live process (the parent)", `ops@${host}:${process.ppid}`, null],
    ["another host", `ops@elsewhere:${gone}`, null],
    ["a holder in another format", "ci-runner-7", null],
  ])("%s", (_, holder, expected) => {
    expect(deadLocalHolder(holder, host)).toBe(expected);
  });

  it("the holder of this process is user@host:pid", () => {
    expect(holderName()).toMatch(new RegExp(`^.+@${host}:${process.pid}$`));
  });
});

describe("the store location and write-proof stores", () => {
  const saved = process.env[STORE_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[STORE_ENV];
    else process.env[STORE_ENV] = saved;
  });

  it("--store wins over $CUTOVER_STORE, which wins over the default", () => {
    process.env[STORE_ENV] = "postgres://cutover@db/state";
    expect(storeLocation({ store: "/tmp/x.db" })).toBe("/tmp/x.db");
    expect(storeLocation({})).toBe("postgres://cutover@db/state");
    process.env[STORE_ENV] = "";
    expect(storeLocation({})).toBeUndefined();
  });

  it("a read-only store reads through and refuses every write", async () => {
    const store = readOnly(emptyStore("/nowhere/state.db"));
    expect(await store.list()).toEqual([]);
    expect(await store.get("x")).toBeNull();
    await expect(store.record("x", { type: "t", data: {} }, {}, "p")).rejects.toThrow(StoreError);
    await expect(store.create("x", {}, {}, "pending")).rejects.toThrow(
      "dry run: refusing to create a migration",
    );
    await expect(store.acquireLease("x", "me", 1000)).rejects.toThrow("refusing to take a lease");
  });
});
