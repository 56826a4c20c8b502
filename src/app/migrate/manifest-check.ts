// Preflight's manifest check: when the spec names green's desired manifests (spec.green.manifests) and
// the Kubernetes version green runs (spec.green.version), they are scanned at that version as `cutover
// scan` would, and every API removed there is a preflight issue: green would reject the object, so
// shifting traffic to it would serve a broken app. Deprecated APIs still work and do not block.
// The scanner is injected (built in the CLI's wiring), so the driver reads no files itself.
import { messageOf } from "../../core/errors.js";
import type { GreenSideSpec } from "../../core/migrate/spec.js";
import { redactSecrets } from "../../core/redact.js";
import type { Finding, InputError, ScanResult } from "../../core/types.js";
import type { PreflightIssue } from "../../ports/traffic.js";

export interface ManifestScanRequest {
  /** The Kubernetes version green runs, as written in the spec ("1.33", "v1.33"). */
  version: string;
  /** Files and directories, as resolved by the CLI (relative paths are relative to the spec file). */
  paths: string[];
}

export type ManifestScanOutcome =
  | { kind: "scanned"; result: ScanResult }
  /** The knowledge base does not cover `version`; `known` lists the versions it does. */
  | { kind: "unknown-version"; known: string[] };

export type ManifestScanner = (request: ManifestScanRequest) => Promise<ManifestScanOutcome>;

const PROVIDER = "scan";
/** Issues listed one by one; past this, one issue counts the rest (they all go into the block reason). */
const MAX_LISTED = 20;

/** The preflight issues of green's manifests; none when the spec names no manifests. */
export async function manifestIssues(
  green: GreenSideSpec,
  scan: ManifestScanner | undefined,
): Promise<PreflightIssue[]> {
  const { version, manifests } = green;
  if (!manifests || version === undefined) return [];
  if (!scan) {
    return [
      issue(
        "spec.green.manifests is set, but this driver was started without a manifest scanner",
        "run the migration with the cutover CLI, or pass scanManifests to runMigration",
      ),
    ];
  }
  let outcome: ManifestScanOutcome;
  try {
    outcome = await scan({ version, paths: manifests });
  } catch (error) {
    const message = messageOf(error);
    return [issue(`cannot scan green's manifests: ${message}`, "check spec.green.manifests")];
  }
  if (outcome.kind === "unknown-version") {
    return [
      issue(
        `spec.green.version "${version}" is not a Kubernetes version cutover knows; known: ${outcome.known.join(", ")}`,
        "correct spec.green.version, or upgrade cutover if green runs a newer version",
      ),
    ];
  }
  return scanIssues(outcome.result, version, manifests);
}

/** Unreadable inputs, an empty scan, and each removed API, in that order. */
export function scanIssues(result: ScanResult, version: string, paths: string[]): PreflightIssue[] {
  const issues = result.errors.map(readIssue);
  if (result.summary.objects === 0 && result.errors.length === 0) {
    issues.push(
      issue(
        `green's manifests (${paths.join(", ")}) hold no Kubernetes objects, so nothing was checked at ${version}`,
        "point spec.green.manifests at the rendered manifests green will run (YAML or JSON)",
      ),
    );
  }
  const removed = result.findings.filter((finding) => finding.status === "removed");
  issues.push(...removed.slice(0, MAX_LISTED).map((finding) => removedIssue(finding, result.targetVersion)));
  if (removed.length > MAX_LISTED) {
    issues.push(
      issue(
        `green's manifests use ${removed.length - MAX_LISTED} more APIs removed at ${result.targetVersion}`,
        `run \`cutover scan --target-version ${result.targetVersion} ${paths.join(" ")}\` for the full list`,
      ),
    );
  }
  return issues;
}

function removedIssue(finding: Finding, target: string): PreflightIssue {
  const { source } = finding;
  const where = `${source.file}${source.line === null ? "" : `:${source.line}`}`;
  const name = [finding.namespace, finding.name].filter(Boolean).join("/") || "(unnamed)";
  const via = source.origin === "manifest" ? "" : ` (in its ${source.origin})`;
  const template = source.template ? ` (from ${source.template})` : "";
  const when =
    finding.component === "kubernetes"
      ? `removed in Kubernetes ${finding.removedIn}, green runs ${target}`
      : `removed by ${finding.component}${finding.removedIn ? ` ${finding.removedIn}` : ""}`;
  return issue(
    `${where}: ${finding.kind} ${name}${template} uses ${finding.apiVersion}${via}, ${when}`,
    finding.replacement
      ? `migrate to ${finding.replacement}`
      : `move ${finding.kind} to an API version green serves (see \`cutover apis\`)`,
  );
}

function readIssue(error: InputError): PreflightIssue {
  const where = `${error.file}${error.line === null ? "" : `:${error.line}`}`;
  return issue(
    `cannot read green's manifests: ${where}: ${error.message}`,
    "correct spec.green.manifests (paths are relative to the spec file) or the file",
  );
}

function issue(message: string, fix: string): PreflightIssue {
  return { provider: PROVIDER, message: redactSecrets(message), fix };
}
