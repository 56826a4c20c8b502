import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planUpgrade } from "../../../src/core/plan/plan.js";
import { loadKnowledge } from "../../../src/knowledge/load.js";
import {
  PLAN_RESULT_SCHEMA_ID,
  PLAN_RESULT_SCHEMA_PATH,
  planResultJsonSchema,
  UpgradePlanSchema,
} from "../../../src/report/plan/contract.js";
import { renderPlanJson, renderPlanYaml, toPlanContract } from "../../../src/report/plan/json.js";
import { PLAN_FORMATS, renderPlan } from "../../../src/report/plan/render.js";
import { edgePlan, SAMPLE_TODAY, samplePlan } from "./sample.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("plan JSON contract", () => {
  it("the committed schema file is the one generated from the zod schema", () => {
    const committed = JSON.parse(readFileSync(resolve(repoRoot, PLAN_RESULT_SCHEMA_PATH), "utf8"));
    expect(committed, `${PLAN_RESULT_SCHEMA_PATH} is stale: run npx tsx scripts/gen-plan-schema.ts`).toEqual(
      planResultJsonSchema(),
    );
  });

  it("is draft 2020-12 with an id, a title and a description on every top-level and hop field", () => {
    const schema = planResultJsonSchema() as {
      $schema: string;
      $id: string;
      title: string;
      required: string[];
      properties: Record<
        string,
        { description?: string; items?: { properties?: Record<string, { description?: string }> } }
      >;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(PLAN_RESULT_SCHEMA_ID);
    expect(schema.title).toBe("Cutover upgrade plan");
    expect(schema.required).toEqual(expect.arrayContaining(["from", "to", "hops"]));
    const hopFields = schema.properties.hops?.items?.properties ?? {};
    expect(Object.keys(hopFields)).toEqual(
      expect.arrayContaining(["controlPlane", "nodes", "addons", "findings", "notes"]),
    );
    for (const field of Object.values({ ...schema.properties, ...hopFields }))
      expect(field.description).toBeTruthy();
  });

  it.each([
    ["the sample plan", samplePlan()],
    ["the edge plan", edgePlan()],
  ])("the json and yaml output of %s parse with UpgradePlanSchema", (_, plan) => {
    expect(UpgradePlanSchema.safeParse(JSON.parse(renderPlanJson(plan))).error).toBeUndefined();
    expect(UpgradePlanSchema.safeParse(parse(renderPlanYaml(plan))).error).toBeUndefined();
    expect(parse(renderPlanYaml(plan))).toEqual(JSON.parse(renderPlanJson(plan)));
  });

  it("has the issue's minimum shape: from, to and hops with controlPlane, nodes, addons, findings, notes", () => {
    const json = JSON.parse(renderPlanJson(samplePlan()));
    expect(json).toMatchObject({ from: "1.28", to: "1.33" });
    expect(json.hops[2]).toMatchObject({
      controlPlane: "1.31",
      nodes: "1.31",
      addons: expect.arrayContaining([{ name: "kube-proxy", version: "v1.31.13-eksbuild.2" }]),
      findings: [],
      notes: [],
    });
    expect(json.hops[3].findings[0]).toMatchObject({
      kind: "FlowSchema",
      apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
      namespace: null,
      status: "removed",
      removedIn: "1.32",
      source: { file: "platform/apf.yaml", line: 3, origin: "manifest" },
    });
  });

  it("keeps extra fields out of the contract", () => {
    const plan = samplePlan();
    const leaky = { ...plan, internal: true, hops: plan.hops.map((hop) => ({ ...hop, scratch: 1 })) };
    const contract = toPlanContract(leaky);
    expect(contract).not.toHaveProperty("internal");
    expect(contract.hops[0]).not.toHaveProperty("scratch");
    expect(UpgradePlanSchema.safeParse(contract).error).toBeUndefined();
  });

  it("renders every format through renderPlan", () => {
    expect(PLAN_FORMATS).toEqual(["table", "json", "yaml", "markdown", "html"]);
    expect(renderPlan(samplePlan(), "json", { color: false })).toBe(renderPlanJson(samplePlan()));
    expect(renderPlan(samplePlan(), "yaml", { color: false })).toBe(renderPlanYaml(samplePlan()));
  });

  it("holds for a plan over the whole real knowledge base, in every format", () => {
    const plan = planUpgrade({
      from: "1.16",
      to: "1.36",
      today: SAMPLE_TODAY,
      kb: loadKnowledge(),
      usages: [],
    });
    expect(UpgradePlanSchema.safeParse(JSON.parse(renderPlanJson(plan))).error).toBeUndefined();
    for (const format of PLAN_FORMATS)
      expect(renderPlan(plan, format, { color: false }).length).toBeGreaterThan(100);
  });
});
