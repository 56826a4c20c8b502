import type { Command } from "commander";
import { objectStream } from "../../app/object-stream.js";
import type { KnowledgeBase } from "../../core/knowledge.js";
import { createKubeletVersionCollector } from "../../core/kubelet-versions.js";
import { createNodeKindCollector } from "../../core/plan/node-kinds.js";
import { type NodeKind, PlanError, planUpgrade, type UpgradePlan } from "../../core/plan/plan.js";
import type { FailOn } from "../../core/scan/accumulator.js";
import { indexApis } from "../../core/scan/api-index.js";
import { apiUsages } from "../../core/scan/usages.js";
import type { ApiUsage, InputError } from "../../core/types.js";
import { PLAN_FORMATS, renderPlan } from "../../report/plan/render.js";
import { inputErrorLine } from "../../report/scan/common.js";
import { FAIL_ON_LEVELS } from "../../report/scan/render.js";
import { choice, type Terminal, UsageError } from "../io.js";
import { withProgress } from "../progress.js";
import type { CommandRunner } from "./scan.js";
import { addSourceFlags, type SourceFlags } from "./source-flags.js";

interface PlanFlags extends SourceFlags {
  from: string;
  to: string;
  nodes?: string;
  today?: string;
  output?: string;
  failOn: string;
}

export function registerPlan(program: Command, run: CommandRunner): void {
  const command = program
    .command("plan")
    .description(
      "Plan the in-place upgrade hop by hop: control plane, nodes within the skew policy, add-ons, APIs",
    )
    .argument("[paths...]", "manifests to check for removed APIs (files, directories, - for stdin)")
    .requiredOption("--from <version>", "the control plane's current version, e.g. 1.29")
    .requiredOption("--to <version>", "the version to reach, e.g. 1.33")
    .option(
      "--nodes <version>",
      "the oldest kubelet's version (default: from Node objects in the sources, else --from)",
    )
    .option("--today <date>", "the date support status is computed for, YYYY-MM-DD (default: today, UTC)")
    .option(
      "-o, --output <format>",
      `output format: ${PLAN_FORMATS.join("|")} (default: table on a terminal, else json)`,
    )
    .option(
      "--fail-on <status>",
      "exit 1 when APIs in use are, on the path: removed|deprecated|none",
      "removed",
    );
  addSourceFlags(command);
  command.action((paths: string[], flags: PlanFlags) =>
    run((terminal, kb) => plan(paths, flags, terminal, kb)),
  );
}

interface Gathered {
  usages?: ApiUsage[];
  nodeKinds: NodeKind[];
  oldestKubelet?: string;
  errors: InputError[];
  warnings: string[];
}

/** Reads the sources once: API usages with a known lifecycle, node kinds, and the oldest kubelet. */
async function gather(
  paths: string[],
  flags: PlanFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<Gathered> {
  const nodeKinds = createNodeKindCollector();
  const kubelets = createKubeletVersionCollector();
  const gathered: Gathered = { nodeKinds: [], errors: [], warnings: [] };
  if (paths.length === 0 && !flags.snapshot && !flags.context && !flags.kubeconfig) return gathered;
  const index = indexApis(kb.apis);
  const usages: ApiUsage[] = [];
  for await (const event of withProgress(
    objectStream({ paths, ...flags, stdin: terminal.stdin }),
    terminal,
  )) {
    if (event.type === "error") gathered.errors.push(event.error);
    if (event.type === "warning") gathered.warnings.push(event.message);
    if (event.type !== "object") continue;
    nodeKinds.add(event.item.object);
    kubelets.add(event.item.object);
    for (const usage of apiUsages(event.item)) {
      if (index.lookup(usage.apiVersion, usage.kind)) usages.push(usage);
    }
  }
  return { ...gathered, usages, nodeKinds: nodeKinds.result(), oldestKubelet: kubelets.oldest() };
}

async function plan(
  paths: string[],
  flags: PlanFlags,
  terminal: Terminal,
  kb: KnowledgeBase,
): Promise<number> {
  const failOn = choice("--fail-on", flags.failOn, FAIL_ON_LEVELS);
  const format = choice("--output", flags.output ?? (terminal.isTTY ? "table" : "json"), PLAN_FORMATS);
  const gathered = await gather(paths, flags, terminal, kb);
  let result: UpgradePlan;
  try {
    result = planUpgrade({
      from: flags.from,
      to: flags.to,
      nodes: flags.nodes ?? gathered.oldestKubelet,
      nodesSource: flags.nodes === undefined && gathered.oldestKubelet ? "sources" : "flag",
      today: flags.today ?? new Date().toISOString().slice(0, 10),
      kb,
      usages: gathered.usages,
      nodeKinds: gathered.nodeKinds,
      inputErrors: gathered.errors,
    });
  } catch (error) {
    if (error instanceof PlanError) throw new UsageError(error.message);
    throw error;
  }
  terminal.out(renderPlan(result, format, { color: terminal.color }));
  for (const warning of gathered.warnings) terminal.err(`warning: ${warning}`);
  for (const error of gathered.errors) terminal.err(`error: ${inputErrorLine(error)}`);
  if (gathered.errors.length > 0) return 2;
  return planExitCode(result, failOn);
}

function planExitCode(result: UpgradePlan, failOn: FailOn): 0 | 1 {
  if (failOn === "none") return 0;
  const removed = result.hops.some((hop) => hop.findings.length > 0);
  if (removed) return 1;
  return failOn === "deprecated" && result.deprecatedSoon.length > 0 ? 1 : 0;
}
