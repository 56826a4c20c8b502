import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startCompare } from "../../../src/core/compare/compare.js";
import type { CompareReport } from "../../../src/core/compare/types.js";
import type { KubeObject } from "../../../src/core/types.js";
import { loadSystemObjectRules } from "../../../src/knowledge/load-system-objects.js";
import {
  COMPARE_RESULT_SCHEMA_ID,
  COMPARE_RESULT_SCHEMA_PATH,
  CompareResultSchema,
  compareResultJsonSchema,
} from "../../../src/report/compare/contract.js";
import { renderCompareJson, renderCompareYaml, toCompareContract } from "../../../src/report/compare/json.js";
import { blueObjects, greenObjects } from "../../support/compare-pair.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function sampleReport(): CompareReport {
  const session = startCompare({ system: loadSystemObjectRules(), ignore: { rules: [] } });
  for (const object of blueObjects()) session.addBlue(object as KubeObject);
  for (const object of greenObjects()) session.addGreen(object as KubeObject);
  return {
    result: session.finish(),
    sources: { blue: "--blue-snapshot blue", green: "--green-snapshot green" },
    inputErrors: [{ side: "green", file: "green/broken.yaml", line: 3, message: "bad indentation" }],
    warnings: ["green: green/chart/templates/x.yaml: skipped, unrendered Helm template"],
  };
}

describe("the compare JSON contract", () => {
  it("the committed schema file is the one generated from the zod schema", () => {
    const committed = JSON.parse(readFileSync(resolve(repoRoot, COMPARE_RESULT_SCHEMA_PATH), "utf8"));
    expect(committed, `${COMPARE_RESULT_SCHEMA_PATH} is stale: run npm run gen:schemas`).toEqual(
      compareResultJsonSchema(),
    );
  });

  it("is draft 2020-12 with an id and a title", () => {
    const schema = compareResultJsonSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(COMPARE_RESULT_SCHEMA_ID);
    expect(schema.title).toBe("Cutover compare result");
  });

  it("json and yaml output hold to the contract and read back as the same object", () => {
    const report = sampleReport();
    const fromJson = JSON.parse(renderCompareJson(report));
    expect(CompareResultSchema.safeParse(fromJson).error).toBeUndefined();
    expect(parse(renderCompareYaml(report))).toEqual(fromJson);
    expect(toCompareContract(report).inputErrors).toEqual([
      { side: "green", file: "green/broken.yaml", line: 3, message: "bad indentation" },
    ]);
  });
});
