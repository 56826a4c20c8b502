// `-o json` and `-o yaml`: the documented contract (schema/scan-result.schema.json) with a stable key
// order, built field by field so nothing outside the contract leaks into the output.

import type {
  Finding,
  InputError,
  Provenance,
  ScanResult,
  SkippedFile,
  UsageDetail,
} from "../../core/types.js";
import { toYaml } from "../yaml-output.js";
import type { ScanResultContract } from "./contract.js";

type ContractFinding = ScanResultContract["findings"][number];

/** The contract object: targetVersion, summary, findings, errors, skipped, warnings, in that order. */
export function toScanContract(result: ScanResult): ScanResultContract {
  const { objects, files, removed, deprecated } = result.summary;
  return {
    targetVersion: result.targetVersion,
    summary: { objects, files, removed, deprecated },
    findings: result.findings.map(contractFinding),
    errors: result.errors.map(contractError),
    skipped: result.skipped.map(contractSkipped),
    warnings: [...result.warnings],
  };
}

export function renderScanJson(result: ScanResult): string {
  return `${JSON.stringify(toScanContract(result), null, 2)}\n`;
}

/** Same object as JSON; no line folding, so long notes stay on one line. */
export function renderScanYaml(result: ScanResult): string {
  return toYaml(toScanContract(result));
}

/** One finding in the contract's shape and key order; plan hops reuse it. */
export function contractFinding(finding: Finding): ContractFinding {
  const out: ContractFinding = {
    kind: finding.kind,
    apiVersion: finding.apiVersion,
    name: finding.name,
    namespace: finding.namespace,
    status: finding.status,
    deprecatedIn: finding.deprecatedIn,
    removedIn: finding.removedIn,
    replacement: finding.replacement,
    component: finding.component,
    notes: [...finding.notes],
    source: contractSource(finding.source),
  };
  if (finding.usage) out.usage = contractUsage(finding.usage);
  return out;
}

function contractUsage(usage: UsageDetail): UsageDetail {
  const { via, user, serviceAccount, userAgent, sourceIP, verb, resource, count } = usage;
  const { firstSeen, lastSeen, removedRelease } = usage;
  return {
    via,
    user,
    serviceAccount,
    userAgent,
    sourceIP,
    verb,
    resource,
    count,
    firstSeen,
    lastSeen,
    removedRelease,
  };
}

/** Optional provenance fields are omitted, not null, when unknown; audit findings reuse it. */
export function contractSource(source: Provenance): Provenance {
  const out: Provenance = { file: source.file, line: source.line, origin: source.origin };
  if (source.manager !== undefined) out.manager = source.manager;
  if (source.release !== undefined) out.release = source.release;
  if (source.template !== undefined) out.template = source.template;
  return out;
}

export function contractError(error: InputError): InputError {
  return { file: error.file, line: error.line, message: error.message };
}

function contractSkipped(skipped: SkippedFile): SkippedFile {
  return { file: skipped.file, reason: skipped.reason, recovered: skipped.recovered };
}
