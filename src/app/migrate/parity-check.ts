// Preflight's parity gate: when the spec has preflight.compare, blue and green are compared as `cutover
// compare` would, and no weight moves while green is not at parity (failOn: drift) or not ready (failOn:
// blocking). `migrate start --force` goes on anyway; the preflight event records the result and the force.
// The comparer is injected (built in the CLI's wiring), so the driver reads no clusters itself.
import type { CompareReport, ParityRecord } from "../../core/compare/types.js";
import { messageOf } from "../../core/errors.js";
import type { CompareGateSpec, MigrationBody } from "../../core/migrate/spec.js";
import { redactSecrets } from "../../core/redact.js";
import type { PreflightIssue } from "../../ports/traffic.js";

export type ParityChecker = (gate: CompareGateSpec) => Promise<CompareReport>;

const PROVIDER = "compare";
const MAX_LISTED = 20;

export interface ParityOutcome {
  issues: PreflightIssue[];
  parity?: ParityRecord;
}

function issue(message: string, fix: string): PreflightIssue {
  return { provider: PROVIDER, message: redactSecrets(message), fix };
}

/** The gate's issues and record; none when the spec has no preflight.compare. */
export async function parityIssues(
  body: MigrationBody,
  check: ParityChecker | undefined,
  force = false,
): Promise<ParityOutcome> {
  const gate = body.preflight?.compare;
  if (!gate) return { issues: [] };
  if (!check) {
    return {
      issues: [
        issue(
          "spec.preflight.compare is set, but this driver was started without a comparer",
          "run the migration with the cutover CLI, or pass checkParity to runMigration",
        ),
      ],
    };
  }
  let report: CompareReport;
  try {
    report = await check(gate);
  } catch (error) {
    return {
      issues: [issue(`cannot compare blue with green: ${messageOf(error)}`, "check spec.preflight.compare")],
    };
  }
  const { result } = report;
  const counted = result.items.filter((item) =>
    gate.failOn === "blocking" ? item.level === "blocking" : item.level !== "info",
  );
  const unreadable = report.inputErrors.map((error) =>
    issue(
      `cannot read ${error.side} for the parity check: ${error.file}${error.line ? `:${error.line}` : ""}: ${error.message}`,
      "correct spec.preflight.compare or the file",
    ),
  );
  const passed = counted.length === 0 && unreadable.length === 0;
  const parity: ParityRecord = {
    verdict: result.verdict,
    headline: redactSecrets(result.headline),
    failOn: gate.failOn,
    passed,
    forced: !passed && force,
    blocking: result.summary.byLevel.blocking,
    drift: result.summary.byLevel.drift,
    expected: result.summary.expected,
    items: counted.slice(0, MAX_LISTED).map((item) => redactSecrets(item.message)),
  };
  if (passed || force) return { issues: [], parity };
  const fix =
    "make green match blue (or add an --ignore rule for an intended difference), or start with --force";
  return {
    issues: [
      ...unreadable,
      ...counted.slice(0, MAX_LISTED).map((item) => issue(`parity (${item.level}): ${item.message}`, fix)),
      ...(counted.length > MAX_LISTED
        ? [
            issue(
              `parity: ${counted.length - MAX_LISTED} more items`,
              "run `cutover compare` for the full list",
            ),
          ]
        : []),
    ],
    parity,
  };
}
