import type { ApiUsage, Finding, FindingStatus, ScanResult, SourceEvent } from "../types.js";
import type { ApiIndex } from "./api-index.js";
import { compileFilters, type FindingFilters } from "./filters.js";
import { findingFor } from "./scan.js";
import { apiUsages } from "./usages.js";

/** Folds source events into a scan result one at a time, so objects are never all held. */
export interface ScanAccumulator {
  add(event: SourceEvent): void;
  /** A group of calls seen by the API server (origin "usage"): a finding when the API matters at the target. */
  addUsage(usage: ApiUsage): void;
  result(): ScanResult;
}

export function createScanAccumulator(options: {
  index: ApiIndex;
  targetVersion: string;
  filters?: FindingFilters;
}): ScanAccumulator {
  const keep = compileFilters(options.filters ?? {});
  const result: ScanResult = {
    targetVersion: options.targetVersion,
    findings: [],
    errors: [],
    skipped: [],
    warnings: [],
    summary: { objects: 0, removed: 0, deprecated: 0, files: 0 },
  };
  const files = new Set<string>();

  const addFinding = (finding: Finding) => {
    if (!keep(finding)) return;
    result.findings.push(finding);
    result.summary[finding.status] += 1;
  };

  return {
    addUsage(usage) {
      const finding = findingFor(usage, options.index, options.targetVersion);
      if (finding) addFinding(finding);
    },
    add(event) {
      switch (event.type) {
        case "object":
          result.summary.objects += 1;
          files.add(event.item.source.file);
          for (const usage of apiUsages(event.item)) {
            const finding = findingFor(usage, options.index, options.targetVersion);
            if (finding) addFinding(finding);
          }
          return;
        case "error":
          files.add(event.error.file);
          result.errors.push(event.error);
          return;
        case "skipped":
          files.add(event.skipped.file);
          result.skipped.push(event.skipped);
          return;
        case "warning":
          result.warnings.push(event.message);
          return;
      }
    },
    result() {
      result.summary.files = files.size;
      return result;
    },
  };
}

export type FailOn = FindingStatus | "none";

const SEVERITY: Record<FindingStatus, number> = { deprecated: 1, removed: 2 };

/** 2 when any input could not be read, 1 when a finding is at or above `failOn`, else 0. */
export function scanExitCode(result: ScanResult, failOn: FailOn): 0 | 1 | 2 {
  if (result.errors.length > 0) return 2;
  if (failOn === "none") return 0;
  const threshold = SEVERITY[failOn];
  return result.findings.some((finding) => SEVERITY[finding.status] >= threshold) ? 1 : 0;
}
