// `cutover compare`: reads blue (held, indexed) and then green (streamed) through the same readers as
// the other commands, and returns the report data. No printing: the CLI renders and prints.
import { startCompare } from "../core/compare/compare.js";
import type { ClusterNames } from "../core/compare/expected.js";
import type { CompareReport, SideInputError } from "../core/compare/types.js";
import { CutoverError, messageOf, UsageError } from "../core/errors.js";
import type { KubeObject } from "../core/types.js";
import { loadSystemObjectRules } from "../knowledge/load-system-objects.js";
import type { AppContext } from "./context.js";
import { objectStream } from "./object-stream.js";

export type SideName = "blue" | "green";

/** One side's source: files, a snapshot directory, or a live context (as the other commands read them). */
export interface CompareSource {
  paths: string[];
  snapshot?: string;
  context?: string;
  kubeconfig?: string;
}

export interface CompareInput {
  blue: CompareSource;
  green: CompareSource;
  /** --ignore files: rules in audit's system-object syntax whose objects' differences are expected. */
  ignoreFiles: string[];
  clusterNames: ClusterNames;
  namespace?: string;
  /** Threads that parse files (default: defaultJobs()). */
  jobs?: number;
  /** A path without any Kubernetes object is a warning, not an input error (`--allow-empty`). */
  allowEmpty?: boolean;
}

/** What compare needs of the CLI's context: standard input and the progress watcher (no knowledge base). */
export type CompareContext = Pick<AppContext, "stdin" | "watch">;

/** How a source is named in messages: "--blue-snapshot snap/blue", "--green-context prod-green". */
export function describeSource(side: SideName, source: CompareSource): string {
  const parts = [
    ...(source.snapshot ? [`--${side}-snapshot ${source.snapshot}`] : []),
    ...(source.context ? [`--${side}-context ${source.context}`] : []),
    ...(source.kubeconfig ? [`--${side}-kubeconfig ${source.kubeconfig}`] : []),
    ...source.paths.map((path) => `--${side} ${path}`),
  ];
  return parts.join(" ");
}

export async function runCompare(options: CompareInput, context: CompareContext): Promise<CompareReport> {
  const system = loadSystemObjectRules();
  const withIgnore = loadSystemObjectRules(options.ignoreFiles);
  const ignore = { rules: withIgnore.rules.slice(system.rules.length) };
  const session = startCompare({ system, ignore, clusterNames: options.clusterNames });
  const report = { inputErrors: [] as SideInputError[], warnings: [] as string[] };
  const sources = {
    blue: describeSource("blue", options.blue),
    green: describeSource("green", options.green),
  };
  for (const side of ["blue", "green"] as const) {
    const source = options[side];
    if (!sources[side]) {
      throw new UsageError(
        `nothing to read for ${side}: give --${side}-snapshot DIR, --${side}-context NAME (with --${side}-kubeconfig FILE) or --${side} PATH…`,
      );
    }
    const add = side === "blue" ? session.addBlue : session.addGreen;
    const objects = await readSide(side, sources[side], source, options, context, report, (object) =>
      add(object),
    );
    const errors = report.inputErrors.filter((error) => error.side === side).length;
    // With --allow-empty a side may hold nothing (a green cluster before its first sync): all is missing.
    if (objects === 0 && errors === 0 && !options.allowEmpty) {
      throw new UsageError(
        `${side} (${sources[side]}): no Kubernetes objects read; check the path or context`,
      );
    }
  }
  return { result: session.finish(), sources, ...report };
}

async function readSide(
  side: SideName,
  described: string,
  source: CompareSource,
  options: CompareInput,
  context: CompareContext,
  report: { inputErrors: SideInputError[]; warnings: string[] },
  add: (object: KubeObject) => void,
): Promise<number> {
  let objects = 0;
  try {
    const { namespace, jobs, allowEmpty } = options;
    const stream = objectStream({ ...source, namespace, jobs, allowEmpty, stdin: context.stdin });
    for await (const batch of context.watch ? context.watch(stream, `${side}: read`) : stream) {
      for (const event of batch) {
        if (event.type === "object") {
          const { object } = event.item;
          // Objects decoded from Helm release records say what a release holds; the live ones are compared.
          if (event.item.source.origin === "helm-release") continue;
          if (options.namespace !== undefined && object.metadata?.namespace !== options.namespace) continue;
          objects++;
          add(object);
        } else if (event.type === "error") report.inputErrors.push({ side, ...event.error });
        else if (event.type === "warning") report.warnings.push(`${side}: ${event.message}`);
        else report.warnings.push(`${side}: ${event.skipped.file}: skipped, ${event.skipped.reason}`);
      }
    }
  } catch (error) {
    if (error instanceof CutoverError)
      throw new CutoverError(`${side} (${described}): ${error.message}`, { exitCode: error.exitCode });
    throw new UsageError(`${side} (${described}) could not be read: ${messageOf(error)}`, { cause: error });
  }
  return objects;
}
