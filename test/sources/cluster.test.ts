import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SourceEvent } from "../../src/core/types.js";
import { type ClusterReadOptions, listClusterResources, readCluster } from "../../src/sources/cluster.js";
import { resourceLabel } from "../../src/sources/cluster-discovery.js";
import { KubeconfigError, loadKubeConfig, safeServerUrl } from "../../src/sources/kubeconfig.js";
import {
  FAKE_TOKEN,
  type FakeApiServer,
  type FakeApiServerOptions,
  OTHER_TOKEN,
  startFakeApiServer,
} from "../support/fake-apiserver.js";

let dir: string;
let server: FakeApiServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cutover-cluster-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(
  options: FakeApiServerOptions = {},
): Promise<{ fake: FakeApiServer; kubeconfig: string }> {
  server = await startFakeApiServer({ forbidden: ["core/v1/secrets"], ...options });
  return { fake: server, kubeconfig: server.writeKubeconfig(dir) };
}

async function collect(options: ClusterReadOptions): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  for await (const event of readCluster(options)) events.push(event);
  return events;
}

const objectsOf = (events: SourceEvent[]) => events.flatMap((e) => (e.type === "object" ? [e.item] : []));
const warningsOf = (events: SourceEvent[]) =>
  events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
const names = (events: SourceEvent[], kind: string) =>
  objectsOf(events)
    .filter((item) => item.object.kind === kind)
    .map((item) => item.object.metadata?.name);

describe("loadKubeConfig", () => {
  const config = (name: string, context: string, current?: string) => {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c-${context}\n  cluster: { server: "https://user:pw@${context}.example.com:6443/?x=1" }\n` +
        `contexts:\n- name: ${context}\n  context: { cluster: c-${context}, user: u-${context} }\n` +
        `users:\n- name: u-${context}\n  user: { token: tok-${context}-secret }\n${current ? `current-context: ${current}\n` : ""}`,
    );
    return file;
  };

  it("merges KUBECONFIG in order, skips missing files, and keeps the first current-context", () => {
    const first = config("a.yaml", "alpha", "alpha");
    const second = config("b.yaml", "beta", "beta");
    const env = { KUBECONFIG: [first, path.join(dir, "missing.yaml"), second].join(path.delimiter) };
    expect(loadKubeConfig({ env }).context).toBe("alpha");
    const beta = loadKubeConfig({ env, context: "beta" });
    expect(beta.context).toBe("beta");
    expect(beta.files).toEqual([first, second]);
    expect(beta.server).toBe("https://beta.example.com:6443");
  });

  it("prefers --kubeconfig over KUBECONFIG, then falls back to ~/.kube/config", () => {
    const flag = config("flag.yaml", "flagged", "flagged");
    const env = { KUBECONFIG: config("env.yaml", "fromenv", "fromenv") };
    expect(loadKubeConfig({ kubeconfig: flag, env }).context).toBe("flagged");
    mkdirSync(path.join(dir, "home", ".kube"), { recursive: true });
    const home = config(path.join("home", ".kube", "config"), "homed", "homed");
    expect(loadKubeConfig({ env: {}, home: path.dirname(path.dirname(home)) }).context).toBe("homed");
  });

  it.each([
    [
      "an unknown --context",
      { context: "prod" },
      /context "prod" \(--context\) is not defined .*available contexts: alpha, beta/,
    ],
    [
      "a missing --kubeconfig",
      { kubeconfig: "/nonexistent/kc" },
      /kubeconfig file \/nonexistent\/kc \(from --kubeconfig\) does not exist/,
    ],
    [
      "no current-context",
      {},
      /has no current-context; pass --context NAME \(available contexts: alpha, beta\)/,
    ],
  ])("fails clearly on %s, naming the contexts and never a token", (_, options, message) => {
    const env = { KUBECONFIG: [config("a.yaml", "alpha"), config("b.yaml", "beta")].join(path.delimiter) };
    const load = () => loadKubeConfig({ env, ...options });
    expect(load).toThrow(KubeconfigError);
    expect(load).toThrow(message);
    expect(load).not.toThrow(/secret|pw@/);
  });

  it("reports a broken kubeconfig by line without quoting it", () => {
    const file = path.join(dir, "broken.yaml");
    writeFileSync(file, "users:\n- name: u\n  user:\n    token: hunter2-secret-token\n   bad: [\n");
    expect(() => loadKubeConfig({ kubeconfig: file })).toThrow(
      /cannot read kubeconfig .*broken\.yaml: invalid YAML at line \d/,
    );
    expect(() => loadKubeConfig({ kubeconfig: file })).not.toThrow(/hunter2/);
  });

  it("tells how to get a kubeconfig when there is none", () => {
    expect(() => loadKubeConfig({ env: {}, home: dir })).toThrow(
      /no kubeconfig found: .*aws eks update-kubeconfig/,
    );
  });

  it.each([
    ["https://admin:s3cret@api.example.com:6443/", "https://api.example.com:6443"],
    [
      "https://rancher.example.com/k8s/clusters/c-1?token=abc#x",
      "https://rancher.example.com/k8s/clusters/c-1",
    ],
    ["not a url", undefined],
  ])("strips credentials from server URL %s", (input, expected) => {
    expect(safeServerUrl(input)).toBe(expected);
  });
});

describe("readCluster against a fake API server", () => {
  it("discovers every listable resource at the preferred version, skipping subresources, aliases and non-listable ones", async () => {
    const { fake, kubeconfig } = await start();
    const pages = listClusterResources({ kubeconfig });
    const listed = new Set<string>();
    for await (const page of pages) listed.add(resourceLabel(page.resource));
    const requested = fake.requests.map((r) => r.path);
    expect([...listed].sort()).toEqual([
      "apps/v1/deployments",
      "core/v1/configmaps",
      "core/v1/events",
      "core/v1/namespaces",
      "core/v1/pods",
      "example.com/v1/gadgets",
      "example.com/v1/widgets",
      "networking.k8s.io/v1/ingresses",
    ]);
    // Listed but empty: metrics. Never listed: subresources, bindings (no list verb), aliases, v1alpha1.
    expect(requested).toContain("/apis/metrics.k8s.io/v1beta1/pods");
    for (const never of ["/api/v1/pods/status", "/api/v1/bindings", "/apis/extensions/v1beta1/ingresses"]) {
      expect(requested).not.toContain(never);
    }
    const lists = fake.requests.filter((r) => "limit" in r.query).map((r) => r.path);
    expect(lists.filter((p) => p.includes("v1alpha1") || p.includes("events.k8s.io"))).toEqual([]);
    expect(requested).not.toContain("/apis/example.com/v1alpha1");
    expect(pages.context).toBe("fake");
    expect(pages.server).toBe(fake.url);
  });

  it("reads every page with limit and continue, typing items from the list", async () => {
    const { fake, kubeconfig } = await start();
    const events = await collect({ kubeconfig, pageSize: 3 });
    expect(names(events, "Pod")).toHaveLength(7);
    expect(new Set(names(events, "Pod")).size).toBe(7);
    const podLists = fake.requests.filter((r) => r.path === "/api/v1/pods").map((r) => r.query);
    expect(podLists).toEqual([
      { limit: "3" },
      { limit: "3", continue: "core/v1/pods|3" },
      { limit: "3", continue: "core/v1/pods|6" },
    ]);
    const deployment = objectsOf(events).find((item) => item.object.kind === "Deployment");
    expect(deployment?.object.apiVersion).toBe("apps/v1");
    expect(deployment?.source).toEqual({ file: "cluster:fake", line: null, origin: "manifest" });
    expect(objectsOf(events).find((item) => item.object.kind === "Widget")?.object.apiVersion).toBe(
      "example.com/v1",
    );
    expect(objectsOf(events)).toHaveLength(3 + 7 + 2 + 1 + 2 + 2 + 2 + 1);
  });

  it("sends the kubeconfig's bearer token on every request", async () => {
    const { fake, kubeconfig } = await start();
    await collect({ kubeconfig });
    expect(fake.requests.length).toBeGreaterThan(10);
    expect(new Set(fake.requests.map((r) => r.authorization))).toEqual(new Set([`Bearer ${FAKE_TOKEN}`]));
  });

  it("skips a forbidden resource and a broken API group with warnings, and reads the rest", async () => {
    const { kubeconfig } = await start({ brokenGroups: ["metrics.k8s.io/v1beta1"] });
    const events = await collect({ kubeconfig });
    expect(warningsOf(events)).toEqual([
      expect.stringMatching(
        /^skipped API group metrics\.k8s\.io\/v1beta1: discovery failed \(503: .*apiservices/,
      ),
      "skipped core/v1/secrets: forbidden (403) — grant list on it or ignore",
    ]);
    expect(names(events, "Secret")).toEqual([]);
    expect(names(events, "Pod")).toHaveLength(7);
  });

  it.each([1, 2, 3])("lists at most %i resources at a time", async (concurrency) => {
    const { fake, kubeconfig } = await start({ latencyMs: 15 });
    const events = await collect({ kubeconfig, concurrency, pageSize: 2 });
    expect(fake.maxInFlight).toBe(concurrency);
    expect(names(events, "Pod")).toHaveLength(7);
  });

  it("restricts namespaced lists to --namespace and leaves out cluster-scoped resources", async () => {
    const { fake, kubeconfig } = await start();
    const events = await collect({ kubeconfig, namespace: "shop" });
    const namespaces = new Set(objectsOf(events).map((item) => item.object.metadata?.namespace));
    expect(namespaces).toEqual(new Set(["shop"]));
    expect(names(events, "Pod")).toEqual(["pod-shop-0", "pod-shop-1", "pod-shop-2"]);
    expect(names(events, "Namespace")).toEqual([]);
    const lists = fake.requests.filter((r) => "limit" in r.query).map((r) => r.path);
    expect(lists).toContain("/api/v1/namespaces/shop/pods");
    expect(lists.filter((p) => !p.includes("/namespaces/shop/"))).toEqual([]);
  });

  it.each([
    ["restart", 0, 4],
    ["fresh-token", 1, 3],
  ] as const)(
    "recovers from an expired continue token (%s) without repeating objects",
    async (mode, warnings, lists) => {
      const { fake, kubeconfig } = await start({ expireContinue: { resource: "core/v1/pods", mode } });
      const events = await collect({ kubeconfig, pageSize: 3 });
      expect(names(events, "Pod").sort()).toEqual([...new Set(names(events, "Pod"))].sort());
      expect(names(events, "Pod")).toHaveLength(7);
      expect(warningsOf(events).filter((w) => w.includes("pods"))).toHaveLength(warnings);
      const successful = fake.requests.filter((r) => r.path === "/api/v1/pods").length - 1;
      expect(successful).toBe(lists);
    },
  );

  it("gives up on a resource whose continue token keeps expiring, keeping what was read", async () => {
    const { kubeconfig } = await start({ expireContinue: { resource: "core/v1/pods", mode: "always" } });
    const events = await collect({ kubeconfig, pageSize: 3 });
    expect(names(events, "Pod")).toHaveLength(3);
    expect(warningsOf(events)).toContain(
      "skipped core/v1/pods after 3 objects (the list is incomplete): the continue token expired twice (410) — run again",
    );
  });

  it("stops with a clear error when the credentials are rejected, without printing them", async () => {
    server = await startFakeApiServer();
    const kubeconfig = server.writeKubeconfig(dir, "wrong-token-123");
    await expect(collect({ kubeconfig })).rejects.toThrow(
      /cannot read cluster context "fake" \(http:\/\/127\.0\.0\.1:\d+\): GET \/api: 401 Unauthorized — the credentials were rejected/,
    );
    await expect(collect({ kubeconfig })).rejects.not.toThrow(/wrong-token|Bearer/);
  });

  it("names the server when it cannot be reached", async () => {
    const { kubeconfig } = await start();
    const failure = collect({ kubeconfig, context: "other" });
    await expect(failure).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
    await expect(collect({ kubeconfig, context: "other" })).rejects.not.toThrow(new RegExp(OTHER_TOKEN));
  });

  it("reports an unknown context before touching the cluster", async () => {
    const { fake, kubeconfig } = await start();
    expect(() => listClusterResources({ kubeconfig, context: "prod" })).toThrow(
      /context "prod" \(--context\) is not defined in kubeconfig .*; available contexts: fake, other$/,
    );
    await expect(collect({ kubeconfig, context: "prod" })).rejects.not.toThrow(new RegExp(FAKE_TOKEN));
    expect(fake.requests).toEqual([]);
  });
});
