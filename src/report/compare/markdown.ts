// `-o markdown`: for a pull request or a change ticket: the verdict, blocking items first, then one
// section per application, the platform and the expected differences.
import type { CompareItem, CompareReport } from "../../core/compare/types.js";
import { byApp, objectText, shownValue, sidesOf, VERDICT_WORDS } from "./common.js";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function itemTable(items: readonly CompareItem[]): string[] {
  return [
    "| Level | Type | Object | Field | Blue | Green |",
    "| --- | --- | --- | --- | --- | --- |",
    ...items.map(
      (item) =>
        `| ${item.level} | ${item.type} | ${cell(objectText(item))} | ${cell(item.field ?? "-")} | ${cell(shownValue(item, "blue"))} | ${cell(shownValue(item, "green"))} |`,
    ),
  ];
}

export function renderCompareMarkdown(report: CompareReport): string {
  const { result } = report;
  const out = [
    `## Blue-green compare: ${VERDICT_WORDS[result.verdict].toLowerCase()}`,
    "",
    result.headline,
    "",
  ];
  out.push(...sidesOf(report).map((line) => `- ${line}`));
  if (result.versionGap) out.push(`- version gap: ${result.versionGap}`);
  out.push("");
  const blocking = result.items.filter((item) => item.level === "blocking");
  if (blocking.length > 0) {
    out.push(
      "### Blocking",
      "",
      ...blocking.map((item) => `- **${cell(item.app)}**: ${cell(item.message)}`),
      "",
    );
  }
  for (const [app, items] of byApp(result.items)) out.push(`### ${app}`, "", ...itemTable(items), "");
  if (result.platform.length > 0) {
    out.push("### Platform add-ons", "", "| Component | Blue | Green |", "| --- | --- | --- |");
    for (const entry of result.platform)
      out.push(`| ${entry.component} | ${entry.blue ?? "-"} | ${entry.green ?? "-"} |`);
    out.push("");
  }
  if (result.expected.length > 0) {
    out.push(
      "### Expected differences (never counted)",
      "",
      "| Reason | Application | Object | Field | Blue | Green |",
    );
    out.push("| --- | --- | --- | --- | --- | --- |");
    for (const entry of result.expected) {
      const reason = entry.rule ? `${entry.reason} (${entry.rule})` : entry.reason;
      out.push(
        `| ${reason} | ${cell(entry.app)} | ${cell(objectText(entry))} | ${cell(entry.field ?? "-")} | ${cell(shownValue(entry, "blue"))} | ${cell(shownValue(entry, "green"))} |`,
      );
    }
    out.push("");
  }
  const { blue, green } = result.kindsOnlyOn;
  if (blue.length + green.length > 0) {
    out.push("### Kinds on one side only", "");
    if (blue.length > 0) out.push(`- blue only: ${blue.join(", ")}`);
    if (green.length > 0) out.push(`- green only: ${green.join(", ")}`);
    out.push("");
  }
  if (report.inputErrors.length > 0) {
    out.push("### Input errors", "");
    for (const error of report.inputErrors) {
      out.push(
        `- ${error.side}: ${cell(`${error.file}${error.line ? `:${error.line}` : ""}: ${error.message}`)}`,
      );
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
