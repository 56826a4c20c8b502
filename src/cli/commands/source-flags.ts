import type { Command } from "commander";

/** Flags every command that reads objects shares, with kubectl's names. */
export interface SourceFlags {
  snapshot?: string;
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  allHelmRevisions?: boolean;
}

export function addSourceFlags(command: Command): Command {
  return command
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
}
