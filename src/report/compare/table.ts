// `-o table`: the verdict, both sides, the items (blocking first), the platform, the expected differences.
import type { CompareReport } from "../../core/compare/types.js";
import { renderTable } from "../text-table.js";
import { objectText, shownValue, sidesOf, VERDICT_WORDS } from "./common.js";

export function renderCompareTable(report: CompareReport): string {
  const { result } = report;
  const out: string[] = [`${VERDICT_WORDS[result.verdict]}: ${result.headline}`, ...sidesOf(report)];
  if (result.versionGap) out.push(`version gap: ${result.versionGap}`);
  out.push("");
  if (result.items.length > 0) {
    out.push(
      renderTable(
        ["LEVEL", "APPLICATION", "TYPE", "OBJECT", "FIELD", "BLUE", "GREEN"],
        result.items.map((item) => [
          item.level,
          item.app,
          item.type,
          objectText(item),
          item.field ?? "-",
          shownValue(item, "blue"),
          shownValue(item, "green"),
        ]),
      ),
      "",
    );
  } else out.push("No differences.", "");
  if (result.platform.length > 0) {
    out.push(
      "Platform add-ons:",
      renderTable(
        ["COMPONENT", "BLUE", "GREEN"],
        result.platform.map((entry) => [entry.component, entry.blue ?? "-", entry.green ?? "-"]),
      ),
      "",
    );
  }
  if (result.expected.length > 0) {
    out.push(
      "Expected differences (never counted as drift):",
      renderTable(
        ["REASON", "APPLICATION", "OBJECT", "FIELD", "BLUE", "GREEN"],
        result.expected.map((entry) => [
          entry.rule ? `${entry.reason} (${entry.rule})` : entry.reason,
          entry.app,
          objectText(entry),
          entry.field ?? "-",
          shownValue(entry, "blue"),
          shownValue(entry, "green"),
        ]),
      ),
      "",
    );
  }
  const { blue, green } = result.kindsOnlyOn;
  if (blue.length > 0) out.push(`Kinds only on blue: ${blue.join(", ")}`);
  if (green.length > 0) out.push(`Kinds only on green: ${green.join(", ")}`);
  for (const error of report.inputErrors) {
    out.push(
      `input error (${error.side}): ${error.file}${error.line ? `:${error.line}` : ""}: ${error.message}`,
    );
  }
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  return `${out.join("\n").trimEnd()}\n`;
}
