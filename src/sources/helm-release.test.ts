import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { KubeObject, SourceEvent } from "../core/types.js";
import { readPaths } from "./files.js";
import { expandHelmReleases } from "./helm-release.js";
import {
  decodeRelease,
  HELM_SECRET_TYPE,
  ReleaseDecodeError,
  releaseRecordOf,
} from "./helm-release-decode.js";
import { parseYamlDocuments } from "./yaml-documents.js";

const HELM3 = "test/corpus/pluto-fixtures/e2e/tests/assets/helm3";

interface ReleaseSpec {
  name?: string;
  namespace?: string;
  revision: number;
  status: string;
  docs: [template: string, body: string][];
}

function releaseJson({ name = "app", namespace = "shop", revision, status, docs }: ReleaseSpec): string {
  const manifest = docs.map(([template, body]) => `---\n# Source: ${template}\n${body}`).join("\n");
  return JSON.stringify({
    name,
    namespace,
    version: revision,
    info: { status },
    chart: { metadata: { name } },
    manifest,
  });
}

/** Helm's own encoding: base64 of gzipped JSON. */
const helmPayload = (json: string) => gzipSync(Buffer.from(json)).toString("base64");

/** Secret data of Helm's payload: the Secret's base64 over Helm's base64. */
const twiceBase64 = (bytes: Buffer) => Buffer.from(bytes.toString("base64")).toString("base64");

function secretRecord(spec: ReleaseSpec): KubeObject {
  const name = spec.name ?? "app";
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: HELM_SECRET_TYPE,
    metadata: { name: `sh.helm.release.v1.${name}.v${spec.revision}`, namespace: spec.namespace ?? "shop" },
    data: { release: twiceBase64(gzipSync(Buffer.from(releaseJson(spec)))) },
  };
}

function configMapRecord(spec: ReleaseSpec): KubeObject {
  const name = spec.name ?? "app";
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `${name}.v${spec.revision}`,
      namespace: "kube-system",
      labels: { owner: "helm", name },
    },
    data: { release: helmPayload(releaseJson(spec)) },
  };
}

const objectEvent = (object: KubeObject, line = 1): SourceEvent => ({
  type: "object",
  item: { object, source: { file: "snap/secrets.yaml", line, origin: "manifest" } },
});

async function expand(input: SourceEvent[], allRevisions = false): Promise<SourceEvent[]> {
  async function* stream() {
    yield* input;
  }
  const out: SourceEvent[] = [];
  for await (const event of expandHelmReleases(stream(), { allRevisions })) out.push(event);
  return out;
}

const released = (events: SourceEvent[]) =>
  events.flatMap((e) => (e.type === "object" && e.item.source.origin === "helm-release" ? [e.item] : []));

const pdb = (apiVersion: string): [string, string] => [
  "app/templates/pdb.yaml",
  `apiVersion: ${apiVersion}\nkind: PodDisruptionBudget\nmetadata:\n  name: app\n`,
];

describe("expandHelmReleases", () => {
  it("passes every event through unchanged and in order, then adds the release's objects", async () => {
    const input: SourceEvent[] = [
      objectEvent(secretRecord({ revision: 1, status: "deployed", docs: [pdb("policy/v1")] }), 7),
      { type: "warning", message: "w" },
      { type: "error", error: { file: "x", line: 1, message: "m" } },
    ];
    const out = await expand(input);
    expect(out.slice(0, 3)).toEqual(input);
    expect(out[0]).toBe(input[0]);
    expect(released(out)).toEqual([
      {
        object: {
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: { name: "app", namespace: "shop" },
        },
        source: {
          file: "snap/secrets.yaml",
          line: 7,
          origin: "helm-release",
          release: "shop/app@1",
          template: "app/templates/pdb.yaml",
        },
      },
    ]);
  });

  it("scans only the latest deployed revision by default, every revision when asked", async () => {
    const input = [
      objectEvent(secretRecord({ revision: 2, status: "deployed", docs: [pdb("policy/v1")] }), 20),
      objectEvent(secretRecord({ revision: 1, status: "superseded", docs: [pdb("policy/v1beta1")] }), 1),
      objectEvent(secretRecord({ revision: 3, status: "failed", docs: [pdb("policy/v2alpha9")] }), 40),
    ];
    const latest = released(await expand(input));
    expect(latest.map((o) => [o.object.apiVersion, o.source.release, o.source.line])).toEqual([
      ["policy/v1", "shop/app@2", 20],
    ]);
    const all = released(await expand(input, true));
    expect(all.map((o) => o.source.release)).toEqual(["shop/app@2", "shop/app@1", "shop/app@3"]);
  });

  it("reads the ConfigMap driver (one base64 layer less)", async () => {
    const record = configMapRecord({
      namespace: "web",
      revision: 4,
      status: "deployed",
      docs: [pdb("policy/v1beta1")],
    });
    const out = released(await expand([objectEvent(record)]));
    expect(out.map((o) => [o.object.apiVersion, o.object.metadata?.namespace, o.source.release])).toEqual([
      ["policy/v1beta1", "web", "web/app@4"],
    ]);
  });

  it("keeps an object's own namespace and gives the others the release's", async () => {
    const docs: [string, string][] = [
      ["app/templates/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: other\n"],
      ["app/templates/b.yaml", "apiVersion: v1\nkind: ConfigMap\n"],
    ];
    const out = released(
      await expand([objectEvent(secretRecord({ revision: 1, status: "deployed", docs }))]),
    );
    expect(out.map((o) => o.object.metadata?.namespace)).toEqual(["other", "shop"]);
  });

  it("keeps releases of the same name in different namespaces apart, and a record seen twice once", async () => {
    const a = secretRecord({ namespace: "a", revision: 1, status: "deployed", docs: [pdb("policy/v1")] });
    const b = secretRecord({ namespace: "b", revision: 1, status: "deployed", docs: [pdb("policy/v1")] });
    const out = released(await expand([objectEvent(a), objectEvent(b), objectEvent(a)]));
    expect(out.map((o) => o.source.release)).toEqual(["a/app@1", "b/app@1"]);
  });

  it("warns and falls back to the latest revision when none is deployed; an uninstalled release has no objects", async () => {
    const failed = [
      objectEvent(secretRecord({ name: "f", revision: 1, status: "failed", docs: [pdb("policy/v1beta1")] })),
      objectEvent(
        secretRecord({ name: "f", revision: 2, status: "pending-upgrade", docs: [pdb("policy/v1")] }),
      ),
      objectEvent(secretRecord({ name: "u", revision: 1, status: "uninstalled", docs: [pdb("policy/v1")] })),
    ];
    const out = await expand(failed);
    expect(released(out).map((o) => o.source.release)).toEqual(["shop/f@2"]);
    const warnings = out.flatMap((e) => (e.type === "warning" ? [e.message] : []));
    expect(warnings).toEqual([
      "Helm release shop/f has no deployed revision; scanning its latest, revision 2 (status pending-upgrade)",
      "Helm release shop/u is uninstalled; its manifest is not scanned",
    ]);
  });

  it.each([
    [
      "a payload that is not gzip",
      twiceBase64(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x42])),
      "not valid gzip",
    ],
    ["a payload that is not JSON", twiceBase64(Buffer.from("{nope")), "not JSON"],
    ["Secret data that is not base64", "%%%", "not base64"],
    ["no data at all", undefined, "has no data.release"],
  ])("reports %s as an error naming the Secret, and goes on", async (_label, release, problem) => {
    const broken: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      type: HELM_SECRET_TYPE,
      metadata: { name: "sh.helm.release.v1.app.v9", namespace: "shop" },
      ...(release === undefined ? {} : { data: { release } }),
    };
    const good = secretRecord({ revision: 1, status: "deployed", docs: [pdb("policy/v1")] });
    const out = await expand([objectEvent(broken, 3), objectEvent(good)]);
    const errors = out.flatMap((e) => (e.type === "error" ? [e.error] : []));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "snap/secrets.yaml", line: 3 });
    expect(errors[0]?.message).toContain("Secret shop/sh.helm.release.v1.app.v9");
    expect(errors[0]?.message).toContain(problem);
    expect(released(out)).toHaveLength(1);
  });

  it("reports a malformed manifest document against the record and keeps the other documents", async () => {
    const docs: [string, string][] = [pdb("policy/v1"), ["app/templates/bad.yaml", "kind: [oops\n"]];
    const out = await expand([objectEvent(secretRecord({ revision: 5, status: "deployed", docs }), 9)]);
    expect(released(out)).toHaveLength(1);
    const [error] = out.flatMap((e) => (e.type === "error" ? [e.error] : []));
    expect(error).toMatchObject({ file: "snap/secrets.yaml", line: 9 });
    expect(error?.message).toContain("manifest of release shop/app@5");
  });
});

describe("decodeRelease", () => {
  it("reads an uncompressed payload too (Helm gunzips only behind the gzip magic)", () => {
    const json = releaseJson({ revision: 1, status: "deployed", docs: [pdb("policy/v1")] });
    const release = decodeRelease(Buffer.from(json).toString("base64"));
    expect(release).toMatchObject({
      name: "app",
      namespace: "shop",
      revision: 1,
      status: "deployed",
      chart: "app-",
    });
    expect(release.manifest).toContain("# Source: app/templates/pdb.yaml");
  });

  it("uses the fallback namespace when the release does not name one", () => {
    const payload = helmPayload(JSON.stringify({ name: "x", version: 2, manifest: "" }));
    expect(decodeRelease(payload, "kube-system")).toMatchObject({
      namespace: "kube-system",
      status: "unknown",
    });
  });

  it("names the missing field", () => {
    expect(() => decodeRelease(helmPayload('{"name": "x"}'))).toThrow(ReleaseDecodeError);
    expect(() => decodeRelease(helmPayload('{"name": "x"}'))).toThrow("no numeric version");
  });

  it("does not take an ordinary Secret or ConfigMap for a record", () => {
    const plain = { apiVersion: "v1", kind: "Secret", type: "Opaque", data: { release: "eA==" } };
    expect(releaseRecordOf(plain)).toBeUndefined();
    expect(releaseRecordOf({ apiVersion: "v1", kind: "ConfigMap", data: { release: "x" } })).toBeUndefined();
  });
});

describe("the pluto Helm 3 release Secrets", () => {
  it("expand to the objects of their decoded manifests, with the # Source template", async () => {
    const events: SourceEvent[] = [];
    for await (const event of expandHelmReleases(readPaths([HELM3]))) events.push(event);
    expect(events.filter((e) => e.type === "error" || e.type === "warning")).toEqual([]);
    const files = readdirSync(HELM3).filter((f) => f.endsWith(".json"));
    expect(files).toHaveLength(3);
    for (const file of files) {
      const decoded = readFileSync(`${HELM3}/decoded/${file.replace(/\.json$/, ".manifest.yaml")}`, "utf8");
      const want = [...parseYamlDocuments(decoded, "decoded")].map((e) =>
        e.type === "object" ? [e.item.object.apiVersion, e.item.object.kind, e.item.source.template] : e.type,
      );
      const got = released(events)
        .filter((o) => o.source.file === `${HELM3}/${file}`)
        .map((o) => [o.object.apiVersion, o.object.kind, o.source.template]);
      expect(got, file).toEqual(want);
      expect(got.length).toBeGreaterThan(0);
    }
  });

  it("name the releases by the namespace, name and revision inside the release", async () => {
    const releases = new Set<string>();
    for await (const event of expandHelmReleases(readPaths([HELM3]))) {
      if (event.type === "object" && event.item.source.release) releases.add(event.item.source.release);
    }
    // secret.json is stored in "default" but its release says demo2, revision 2 (pluto reports it in demo2).
    expect([...releases].sort()).toEqual(["default/test@1", "demo2/demo2@1", "demo2/test@2"]);
  });
});
