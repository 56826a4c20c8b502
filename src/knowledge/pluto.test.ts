// Our API data against pluto's versions.yaml (the corpus copy): every pluto fact is kept, except the
// pluto data defects we fix on purpose, which must differ exactly as documented here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadKnowledge } from "./load.js";

const PLUTO_VERSIONS = fileURLToPath(
  new URL("../../test/corpus/pluto-fixtures/versions.yaml", import.meta.url),
);

interface PlutoEntry {
  version: string;
  kind: string;
  "deprecated-in": string;
  "removed-in": string;
  "replacement-api": string;
  component: string;
}

const pluto = (parse(readFileSync(PLUTO_VERSIONS, "utf8")) as { "deprecated-versions": PlutoEntry[] })[
  "deprecated-versions"
];
const kb = loadKnowledge();

/** "v1.16.0" → "1.16", "" → null: pluto writes semver with a leading v, we write minors. */
function minor(version: string): string | null {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? `${match[1]}.${match[2]}` : null;
}

function ours(entry: PlutoEntry) {
  return kb.apis.find((api) => api.apiVersion === entry.version && api.kind === entry.kind);
}

const key = (entry: PlutoEntry) => `${entry.version} ${entry.kind}`;
// *List kinds are left out on purpose: the readers expand Lists and match their items.
const k8sEntries = pluto.filter((entry) => entry.component === "k8s" && !entry.kind.endsWith("List"));

/** Pluto defects we fix, as `apiVersion kind` → [pluto's value, ours]. */
const REMOVED_IN_FIXES: Record<string, [string | null, string | null]> = {
  "flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema": ["1.29", "1.26"],
  "flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration": ["1.29", "1.26"],
};
const DEPRECATED_IN_FIXES: Record<string, [string | null, string | null]> = {
  "extensions/v1beta1 ReplicaSet": [null, "1.9"],
  "apps/v1beta1 ReplicaSet": [null, "1.9"],
  "apps/v1beta2 ReplicaSet": [null, "1.9"],
  "authentication.k8s.io/v1beta1 TokenReview": ["1.6", "1.19"],
  "flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema": ["1.24", "1.23"],
  "flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration": ["1.24", "1.23"],
  "flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema": ["1.24", "1.26"],
  "flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration": ["1.24", "1.26"],
  "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema": ["1.24", "1.29"],
  "flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration": ["1.31", "1.29"],
};
/** Pluto keys that name no real API: kind FlowControl does not exist (its 1.26 removal never matched). */
const NOT_AN_API = new Set(["flowcontrol.apiserver.k8s.io/v1beta1 FlowControl"]);

describe("pluto versions.yaml compared with our data", () => {
  it("reads the pluto table (86 Kubernetes entries, 112 in all)", () => {
    expect(pluto).toHaveLength(112);
    expect(pluto.filter((entry) => entry.component === "k8s")).toHaveLength(86);
  });

  it.each(
    k8sEntries.filter((entry) => !NOT_AN_API.has(key(entry))).map((entry) => [key(entry), entry] as const),
  )("%s is present with pluto's removedIn unless it is a documented fix", (name, entry) => {
    const api = ours(entry);
    expect(api, name).toBeDefined();
    const [plutoValue, ourValue] = REMOVED_IN_FIXES[name] ?? [
      minor(entry["removed-in"]),
      minor(entry["removed-in"]),
    ];
    expect(minor(entry["removed-in"])).toBe(plutoValue);
    expect(api?.removedIn ?? null).toBe(ourValue);
  });

  it.each(
    k8sEntries.filter((entry) => !NOT_AN_API.has(key(entry))).map((entry) => [key(entry), entry] as const),
  )("%s keeps pluto's deprecatedIn unless it is a documented fix", (name, entry) => {
    const [plutoValue, ourValue] = DEPRECATED_IN_FIXES[name] ?? [
      minor(entry["deprecated-in"]),
      minor(entry["deprecated-in"]),
    ];
    expect(minor(entry["deprecated-in"])).toBe(plutoValue);
    expect(ours(entry)?.deprecatedIn ?? null).toBe(ourValue);
  });

  it("drops pluto's FlowControl key, which names no kind", () => {
    const broken = pluto.find((entry) => key(entry) === "flowcontrol.apiserver.k8s.io/v1beta1 FlowControl");
    expect(broken?.["removed-in"]).toBe("v1.26.0");
    expect(kb.apis.some((api) => api.kind === "FlowControl")).toBe(false);
  });

  it.each([
    "LocalSubjectAccessReview",
    "SelfSubjectAccessReview",
    "SubjectAccessReview",
    "SelfSubjectRulesReview",
  ])("adds authorization.k8s.io/v1beta1 %s, missing from pluto", (kind) => {
    expect(
      pluto.some((entry) => entry.version === "authorization.k8s.io/v1beta1" && entry.kind === kind),
    ).toBe(false);
    expect(
      kb.apis.find((api) => api.apiVersion === "authorization.k8s.io/v1beta1" && api.kind === kind),
    ).toMatchObject({ removedIn: "1.22", replacement: "authorization.k8s.io/v1" });
  });

  it.each(
    pluto.filter((entry) => entry.component === "cert-manager").map((entry) => [key(entry), entry] as const),
  )("cert-manager %s is in the CRD set with pluto's removedIn", (_, entry) => {
    expect(ours(entry)).toMatchObject({
      set: "crd",
      component: "cert-manager",
      removedIn: minor(entry["removed-in"]),
    });
  });
});
