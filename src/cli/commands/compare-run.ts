// What `cutover compare` does once its flags are parsed: read both sides, compare them, print the report,
// return the exit code.
import { type CompareSource, runCompare, type SideName } from "../../app/compare.js";
import { COMPARE_FAIL_ON, DEFAULT_COMPARE_FAIL_ON } from "../../core/compare/types.js";
import { compareExitCode } from "../../core/compare/verdict.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { COMPARE_FORMATS } from "../../report/compare/formats.js";
import { renderCompare } from "../../report/compare/render.js";
import { choice, type Terminal } from "../io.js";
import { appContext } from "../progress.js";

type SideFlags = Record<`${SideName}${"" | "Snapshot" | "Context" | "Kubeconfig" | "ClusterName"}`, unknown>;

export interface CompareFlags extends Partial<SideFlags> {
  ignore?: string[];
  namespace?: string;
  output?: string;
  failOn?: string[];
  jobs?: number;
  allowEmpty?: boolean;
}

function sourceOf(flags: CompareFlags, side: SideName): CompareSource {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    paths: (flags[side] as string[] | undefined) ?? [],
    snapshot: text(flags[`${side}Snapshot`]),
    context: text(flags[`${side}Context`]),
    kubeconfig: text(flags[`${side}Kubeconfig`]),
  };
}

export async function compare(flags: CompareFlags, terminal: Terminal, kb: KnowledgeBase): Promise<number> {
  const failOn = (flags.failOn ?? [DEFAULT_COMPARE_FAIL_ON]).map((value) =>
    choice("--fail-on", value, COMPARE_FAIL_ON),
  );
  const format = choice("--output", flags.output ?? (terminal.isTTY ? "table" : "json"), COMPARE_FORMATS);
  const report = await runCompare(
    {
      blue: sourceOf(flags, "blue"),
      green: sourceOf(flags, "green"),
      ignoreFiles: flags.ignore ?? [],
      clusterNames: {
        blue: typeof flags.blueClusterName === "string" ? flags.blueClusterName : undefined,
        green: typeof flags.greenClusterName === "string" ? flags.greenClusterName : undefined,
      },
      namespace: flags.namespace,
      jobs: flags.jobs,
      allowEmpty: flags.allowEmpty,
    },
    appContext(terminal, kb),
  );
  terminal.out(renderCompare(report, format));
  for (const error of report.inputErrors) {
    terminal.err(
      `error: ${error.side}: ${error.file}${error.line ? `:${error.line}` : ""}: ${error.message}`,
    );
  }
  return compareExitCode(report.result, failOn, report.inputErrors.length);
}
