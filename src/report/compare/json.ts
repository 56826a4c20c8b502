// `-o json` and `-o yaml`: the documented contract (schema/compare-result.schema.json), built field by field.
import type { CompareReport, SideFacts } from "../../core/compare/types.js";
import { toYaml } from "../yaml-output.js";
import { COMPARE_API_VERSION, type CompareResultContract } from "./contract.js";

function side(source: string, facts: SideFacts): CompareResultContract["blue"] {
  const { objects, controlPlane, kubelets, nodes } = facts;
  return { source, objects, controlPlane, kubelets: [...kubelets], nodes };
}

export function toCompareContract(report: CompareReport): CompareResultContract {
  const { result } = report;
  return {
    apiVersion: COMPARE_API_VERSION,
    kind: "CompareResult",
    verdict: result.verdict,
    headline: result.headline,
    versionGap: result.versionGap,
    blue: side(report.sources.blue, result.blue),
    green: side(report.sources.green, result.green),
    summary: {
      matched: result.summary.matched,
      byType: { ...result.summary.byType },
      byLevel: { ...result.summary.byLevel },
      expected: result.summary.expected,
      apps: result.summary.apps,
    },
    items: result.items.map((item) => ({ ...item, object: item.object && { ...item.object } })),
    expected: result.expected.map((entry) => ({ ...entry, object: entry.object && { ...entry.object } })),
    platform: result.platform.map(({ component, blue, green }) => ({ component, blue, green })),
    kindsOnlyOn: { blue: [...result.kindsOnlyOn.blue], green: [...result.kindsOnlyOn.green] },
    inputErrors: report.inputErrors.map(({ side, file, line, message }) => ({ side, file, line, message })),
    warnings: [...report.warnings],
  };
}

export function renderCompareJson(report: CompareReport): string {
  return `${JSON.stringify(toCompareContract(report), null, 2)}\n`;
}

export function renderCompareYaml(report: CompareReport): string {
  return toYaml(toCompareContract(report));
}
