import type { Command } from "commander";
import type { ObjectSourceOptions } from "../../app/object-stream.js";
import { UsageError } from "../../core/errors.js";

/** Flags every command that reads objects shares, with kubectl's names: the object source, less what the CLI gives. */
export type SourceFlags = Omit<ObjectSourceOptions, "paths" | "stdin">;

export function addSourceFlags(command: Command): Command {
  command
    .option(
      "--snapshot <dir>",
      "a cluster snapshot directory (kubectl get -o yaml|json output, cutover snapshot)",
    )
    .option("--context <name>", "read a live cluster through this kubeconfig context (read-only)")
    .option(
      "--kubeconfig <file>",
      "read a live cluster through this kubeconfig (its current context unless --context)",
    )
    .option("-n, --namespace <name>", "only objects of this namespace")
    .option("--all-helm-revisions", "scan every stored Helm revision, not only the latest deployed one");
  return addReadingFlags(command);
}

/** How paths are read, for every command that reads files (compare too, which has its own source flags). */
export function addReadingFlags(command: Command): Command {
  return command
    .option(
      "--jobs <n>",
      "threads that parse files (default: the number of cores, 1 on a machine with 2 or fewer)",
      parseJobs,
    )
    .option(
      "--allow-empty",
      "a path with no Kubernetes object is a warning, not an error (exit 2 by default)",
    );
}

/** `--jobs N`: a whole number from 1 (1 reads every file in the main thread). */
export function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) {
    throw new UsageError(`--jobs "${value}" is not a whole number from 1 to 256 — give e.g. --jobs 4`);
  }
  return jobs;
}
