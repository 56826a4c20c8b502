// Helm release records: one release stored twice (Secret and ConfigMap drivers) is named, and a release's
// cluster-scoped objects keep no namespace (Helm's manifest leaves it out; the release namespace is not theirs).
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { KubeObject, SourceEvent } from "../core/types.js";
import { expandHelmReleases } from "./helm-release.js";
import { HELM_SECRET_TYPE } from "./helm-release-decode.js";

const MANIFEST = [
  "---\n# Source: app/templates/plc.yaml\napiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: PriorityLevelConfiguration\nmetadata:\n  name: legacy",
  "---\n# Source: app/templates/cr.yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader",
  "---\n# Source: app/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web",
].join("\n");

const payload = (revision: number) =>
  gzipSync(
    Buffer.from(
      JSON.stringify({
        name: "app",
        namespace: "shop",
        version: revision,
        info: { status: "deployed" },
        manifest: MANIFEST,
      }),
    ),
  ).toString("base64");

const secret = (revision: number): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  type: HELM_SECRET_TYPE,
  metadata: { name: `sh.helm.release.v1.app.v${revision}`, namespace: "shop" },
  data: { release: Buffer.from(payload(revision)).toString("base64") },
});

const configMap = (revision: number): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: `app.v${revision}`, namespace: "shop", labels: { owner: "helm", name: "app" } },
  data: { release: payload(revision) },
});

async function expand(objects: KubeObject[], allRevisions = false): Promise<SourceEvent[]> {
  async function* stream(): AsyncGenerator<SourceEvent> {
    for (const [index, object] of objects.entries()) {
      yield {
        type: "object",
        item: { object, source: { file: "snap.yaml", line: index + 1, origin: "manifest" } },
      };
    }
  }
  const out: SourceEvent[] = [];
  for await (const event of expandHelmReleases(stream(), { allRevisions })) out.push(event);
  return out;
}

const released = (events: SourceEvent[]) =>
  events.flatMap((e) =>
    e.type === "object" && e.item.source.origin === "helm-release" ? [e.item.object] : [],
  );
const warnings = (events: SourceEvent[]) => events.flatMap((e) => (e.type === "warning" ? [e.message] : []));

describe("expandHelmReleases: one release stored twice", () => {
  it.each([false, true])(
    "warns, names both records and expands the release once (all revisions: %s)",
    async (all) => {
      const events = await expand([secret(2), configMap(2)], all);
      expect(warnings(events)).toEqual([
        expect.stringMatching(
          /Helm release shop\/app revision 2 is stored twice: Secret shop\/sh\.helm\.release\.v1\.app\.v2 \(snap\.yaml:1\) and ConfigMap shop\/app\.v2 \(snap\.yaml:2\)/,
        ),
      ]);
      expect(released(events)).toHaveLength(3);
    },
  );

  it("says nothing about two different revisions", async () => {
    expect(warnings(await expand([secret(1), secret(2)]))).toEqual([]);
  });
});

describe("expandHelmReleases: scope", () => {
  it("leaves cluster-scoped objects without the release namespace", async () => {
    const objects = released(await expand([secret(1)]));
    expect(objects.map((object) => [object.kind, object.metadata?.namespace])).toEqual([
      ["PriorityLevelConfiguration", undefined],
      ["ClusterRole", undefined],
      ["Deployment", "shop"],
    ]);
  });
});
