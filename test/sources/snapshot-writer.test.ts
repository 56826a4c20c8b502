import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { KubeObject } from "../../src/core/types.js";
import { listClusterResources, type ResourceInfo, type ResourcePage } from "../../src/sources/cluster.js";
import { fileName, MANIFEST_FILE, writeSnapshot } from "../../src/sources/snapshot-writer.js";
import { type FakeApiServer, startFakeApiServer } from "../support/fake-apiserver.js";

let dir: string;
let server: FakeApiServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cutover-snapshot-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const readList = (file: string) =>
  parse(readFileSync(file, "utf8")) as { apiVersion: string; kind: string; items: KubeObject[] };
const readManifest = (out: string) => JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), "utf8"));

async function* pagesOf(...pages: ResourcePage[]): AsyncGenerator<ResourcePage> {
  yield* pages;
}

const configMaps: ResourceInfo = {
  group: "",
  version: "v1",
  resource: "configmaps",
  kind: "ConfigMap",
  namespaced: true,
};
const ingresses: ResourceInfo = {
  group: "networking.k8s.io",
  version: "v1",
  resource: "ingresses",
  kind: "Ingress",
  namespaced: true,
};

describe("writeSnapshot", () => {
  it("round-trips a live cluster: one List per resource, objects whole, private modes, a manifest", async () => {
    server = await startFakeApiServer({ forbidden: ["core/v1/secrets"] });
    const pages = listClusterResources({ kubeconfig: server.writeKubeconfig(dir), pageSize: 2 });
    const out = path.join(dir, "snap");
    const summary = await writeSnapshot(pages, out, { now: new Date("2026-03-01T12:00:00Z") });

    const expectedFiles = [
      "apps_v1_deployments.yaml",
      "core_v1_configmaps.yaml",
      "core_v1_events.yaml",
      "core_v1_namespaces.yaml",
      "core_v1_pods.yaml",
      "example.com_v1_gadgets.yaml",
      "example.com_v1_widgets.yaml",
      "networking.k8s.io_v1_ingresses.yaml",
    ];
    expect(readdirSync(out).sort()).toEqual([...expectedFiles, MANIFEST_FILE].sort());
    expect(summary).toEqual({
      files: 8,
      objects: 20,
      warnings: ["skipped core/v1/secrets: forbidden (403) — grant list on it or ignore"],
    });
    expect(statSync(out).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(out)) expect(statSync(path.join(out, file)).mode & 0o777).toBe(0o600);

    const pods = readList(path.join(out, "core_v1_pods.yaml"));
    expect(pods.apiVersion).toBe("v1");
    expect(pods.kind).toBe("List");
    expect(pods.items.map((pod) => pod.metadata?.name)).toEqual([
      "pod-default-0",
      "pod-default-1",
      "pod-default-2",
      "pod-default-3",
      "pod-shop-0",
      "pod-shop-1",
      "pod-shop-2",
    ]);
    expect(pods.items[0]).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "pod-default-0", namespace: "default", uid: "pod-default-0-uid" },
    });
    const configMapItems = readList(path.join(out, "core_v1_configmaps.yaml")).items;
    expect(configMapItems.map((cm) => cm.data)).toEqual([{ mode: "on" }, { mode: "on" }]);
    expect(readList(path.join(out, "example.com_v1_widgets.yaml")).items[1]).toMatchObject({
      apiVersion: "example.com/v1",
      kind: "Widget",
      spec: { size: 3 },
    });

    const manifest = readManifest(out);
    expect(manifest).toMatchObject({
      apiVersion: "cutover.dev/v1alpha1",
      kind: "Snapshot",
      context: "fake",
      server: server.url,
      namespace: null,
      createdAt: "2026-03-01T12:00:00.000Z",
      objects: 20,
      warnings: summary.warnings,
    });
    expect(manifest.files.map((f: { file: string }) => f.file)).toEqual(expectedFiles);
    expect(manifest.files.find((f: { file: string }) => f.file === "core_v1_pods.yaml")).toEqual({
      file: "core_v1_pods.yaml",
      group: "",
      version: "v1",
      resource: "pods",
      kind: "Pod",
      namespaced: true,
      objects: 7,
    });
  });

  it("appends interleaved pages of several resources and keeps every field exactly", async () => {
    const tricky: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "tricky",
        namespace: "shop",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": `{"apiVersion":"v1","data":{"x":"${"y".repeat(200)}"}}\n`,
        },
        managedFields: [
          { manager: "kubectl", operation: "Update", apiVersion: "v1", fieldsV1: { "f:data": {} } },
        ],
      },
      data: {
        on: "yes",
        off: "no",
        time: "1:20",
        octal: "0777",
        empty: "",
        multi: "a\nb\n",
        nul: "null",
        tilde: "~",
      },
    };
    const cm = (name: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
    const ing = (name: string): KubeObject => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name },
    });
    const out = path.join(dir, "out");
    const summary = await writeSnapshot(
      pagesOf(
        { resource: configMaps, items: [cm("a"), tricky] },
        { resource: ingresses, items: [ing("i1")] },
        { resource: configMaps, items: [] },
        { resource: configMaps, items: [cm("b")] },
        { resource: ingresses, items: [ing("i2")] },
      ),
      out,
      { context: "prod", server: "https://api.example.com" },
    );
    expect(summary).toEqual({ files: 2, objects: 5, warnings: [] });
    expect(readList(path.join(out, "core_v1_configmaps.yaml")).items).toEqual([cm("a"), tricky, cm("b")]);
    expect(readList(path.join(out, "networking.k8s.io_v1_ingresses.yaml")).items).toEqual([
      ing("i1"),
      ing("i2"),
    ]);
    // YAML 1.1 readers (kubectl's go-yaml) must see strings, not booleans or sexagesimal numbers.
    const text = readFileSync(path.join(out, "core_v1_configmaps.yaml"), "utf8");
    expect(text).toContain('"on": "yes"');
    expect(text).toContain('time: "1:20"');
    expect(parse(text, { version: "1.1" }).items[1]).toEqual(tricky);
    expect(readManifest(out)).toMatchObject({
      context: "prod",
      server: "https://api.example.com",
      objects: 5,
    });
  });

  it("writes only a manifest when nothing could be read", async () => {
    const out = path.join(dir, "empty");
    expect(
      await writeSnapshot(pagesOf(), out, { warnings: ["skipped core/v1/pods: forbidden (403)"] }),
    ).toEqual({
      files: 0,
      objects: 0,
      warnings: ["skipped core/v1/pods: forbidden (403)"],
    });
    expect(readdirSync(out)).toEqual([MANIFEST_FILE]);
  });

  it("refuses a directory that already holds files, so snapshots never mix", async () => {
    const out = path.join(dir, "used");
    mkdirSync(out);
    writeFileSync(path.join(out, "core_v1_pods.yaml"), "old");
    await expect(writeSnapshot(pagesOf(), out)).rejects.toThrow(
      /snapshot directory .*used is not empty \(1 entries\)/,
    );
    expect(readFileSync(path.join(out, "core_v1_pods.yaml"), "utf8")).toBe("old");
  });

  it.each([
    [{ group: "", version: "v1", resource: "pods" }, "core_v1_pods.yaml"],
    [
      { group: "cert-manager.io", version: "v1", resource: "certificates" },
      "cert-manager.io_v1_certificates.yaml",
    ],
    [{ group: "..", version: "v1", resource: "a/b c" }, "__v1_a_b_c.yaml"],
  ])("names the file of %o as %s", (resource, expected) => {
    expect(fileName(resource)).toBe(expected);
  });
});
