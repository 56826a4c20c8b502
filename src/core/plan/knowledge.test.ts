// The planner on the real knowledge base (src/knowledge/data) and real corpus manifests.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LineCounter, parseAllDocuments } from "yaml";
import { loadKnowledge } from "../../knowledge/load.js";
import { apiUsages } from "../scan/usages.js";
import type { ApiUsage, KubeObject } from "../types.js";
import { planUpgrade } from "./plan.js";

const kb = loadKnowledge();
const TODAY = "2026-11-26";
const DEMO2 = "test/corpus/pluto-fixtures/e2e/tests/assets/helm3/decoded/secret-demo2.manifest.yaml";

function usagesIn(file: string): ApiUsage[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { lineCounter });
  return docs.flatMap((doc) => {
    const object = doc.toJS() as KubeObject | null;
    if (!object?.apiVersion) return [];
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    return apiUsages({ object, source: { file, line, origin: "manifest" } });
  });
}

describe("plan on the real knowledge base", () => {
  it("rolls nodes only when the n-3 window requires it (1.28 → 1.33)", () => {
    const plan = planUpgrade({ from: "1.28", to: "1.33", today: TODAY, kb });
    expect(plan.hops.map((hop) => `${hop.controlPlane}:${hop.nodes}`)).toEqual([
      "1.29:1.28",
      "1.30:1.28",
      "1.31:1.31",
      "1.32:1.31",
      "1.33:1.33",
    ]);
  });

  it("uses the n-2 window for kubelets older than 1.25 (1.22 → 1.26)", () => {
    const plan = planUpgrade({ from: "1.22", to: "1.26", today: TODAY, kb });
    expect(plan.hops.map((hop) => `${hop.controlPlane}:${hop.nodes}`)).toEqual([
      "1.23:1.22",
      "1.24:1.24",
      "1.25:1.24",
      "1.26:1.26",
    ]);
  });

  it.each([
    ["1.28", "past-end", -365],
    ["1.31", "extended", 0],
    ["1.33", "extended", 245],
    ["1.34", "standard", 6],
  ])("gives %s the support status %s with %d days left on 2026-11-26", (version, status, daysLeft) => {
    const to = kb.versions[kb.versions.indexOf(version) + 1] as string;
    expect(planUpgrade({ from: version, to, today: TODAY, kb }).support).toMatchObject({ status, daysLeft });
  });

  it("plans the whole range 1.16 → 1.36 with kube-proxy at the kubelet minor in every hop", () => {
    const plan = planUpgrade({ from: "1.16", to: "1.36", today: TODAY, kb });
    expect(plan.hops).toHaveLength(20);
    for (const hop of plan.hops) {
      const kubeProxy = hop.addons.find((addon) => addon.name === "kube-proxy")?.version;
      if (kubeProxy)
        expect(kubeProxy.startsWith(`v${hop.nodes}.`), `${hop.controlPlane}: ${kubeProxy}`).toBe(true);
    }
    expect(plan.hops.at(-1)?.nodes).toBe("1.36");
  });

  it("shows each platform note once on the path", () => {
    const plan = planUpgrade({ from: "1.22", to: "1.36", today: TODAY, kb });
    const notes = plan.hops.flatMap((hop) => hop.notes);
    expect(new Set(notes).size).toBe(notes.length);
    expect(plan.hops.find((hop) => hop.controlPlane === "1.25")?.notes.join("\n")).toMatch(
      /PodSecurityPolicy/,
    );
    expect(plan.hops.find((hop) => hop.controlPlane === "1.24")?.notes.join("\n")).toMatch(/dockershim/);
  });

  it("places the removed APIs of pluto's demo2 Helm release on the hop where they break", () => {
    const usages = usagesIn(DEMO2);
    const plan = planUpgrade({ from: "1.23", to: "1.26", today: TODAY, kb, usages });
    const placed = plan.hops.map((hop) => [
      hop.controlPlane,
      hop.findings.map((f) => `${f.apiVersion} ${f.kind}`),
    ]);
    expect(placed).toEqual([
      ["1.24", []],
      ["1.25", ["policy/v1beta1 PodDisruptionBudget", "autoscaling/v2beta1 HorizontalPodAutoscaler"]],
      ["1.26", []],
    ]);
    expect(plan.hops[1]?.findings[0]?.source).toMatchObject({ file: DEMO2, line: 3 });
    expect(plan.strategyHint.reasons.some((reason) => reason.startsWith("2 objects use removed APIs"))).toBe(
      true,
    );
  });

  it("puts APIs already removed before --from on the first hop", () => {
    const usages = usagesIn(DEMO2);
    const plan = planUpgrade({ from: "1.26", to: "1.27", today: TODAY, kb, usages });
    expect(plan.hops[0]?.findings.map((f) => f.notes[0])).toEqual([
      "already removed at 1.25: objects from files cannot be applied",
      "already removed at 1.25: objects from files cannot be applied",
    ]);
  });
});
