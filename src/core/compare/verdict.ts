// The parity verdict: blocking items make green not ready; drift makes it "at parity except …"; expected
// differences and info never count. Also the platform items, the version gap and --fail-on.
import { compareText, plural } from "../text.js";
import { formatMinor, parseMinor } from "../version.js";
import { refText } from "./identity.js";
import { comparePlatform, compareTags } from "./platform.js";
import {
  COMPARE_ITEM_TYPES,
  COMPARE_LEVELS,
  type CompareFailOn,
  type CompareItem,
  type CompareItemType,
  type CompareLevel,
  type CompareResult,
  type ExpectedDifference,
  type PlatformComponent,
  type SideFacts,
  type Verdict,
} from "./types.js";

export interface SideSummary {
  facts: SideFacts;
  addOns: Map<string, string>;
  /** Kinds of the objects compared. */
  kinds: Set<string>;
  /** Kinds a snapshot manifest says the side serves, objects or not. */
  served: Set<string>;
}

function platformItem(component: PlatformComponent): CompareItem | undefined {
  const { blue, green } = component;
  const base = {
    type: "platform" as const,
    app: "cluster",
    object: null,
    aspect: null,
    field: component.component,
    blue,
    green,
  };
  if (blue !== null && green === null) {
    return {
      ...base,
      level: "blocking",
      message: `${component.component} ${blue} runs on blue, not on green`,
    };
  }
  if (blue !== null && green !== null && compareTags(green, blue) < 0) {
    return {
      ...base,
      level: "drift",
      message: `${component.component} is older on green: ${green} (blue ${blue})`,
    };
  }
  return undefined;
}

/** A side's version: the control plane's when a snapshot recorded it, else its oldest kubelet. */
function minorOf(facts: SideFacts): number | undefined {
  if (facts.controlPlane) return parseMinor(facts.controlPlane);
  const minors = facts.kubelets.map(parseMinor).filter((minor): minor is number => minor !== undefined);
  return minors.length > 0 ? Math.min(...minors) : undefined;
}

/** Said when green is older than blue or more than one minor newer: the compare still runs. */
export function versionGap(blue: SideFacts, green: SideFacts): string | null {
  const b = minorOf(blue);
  const g = minorOf(green);
  if (b === undefined || g === undefined) return null;
  if (g < b) return `green (${formatMinor(g)}) is older than blue (${formatMinor(b)}): compared anyway`;
  if (g - b > 1) {
    return `green (${formatMinor(g)}) is ${g - b} minor versions ahead of blue (${formatMinor(b)}): compared anyway; expect API versions and defaults to differ`;
  }
  return null;
}

const LEVEL_ORDER: Record<CompareLevel, number> = { blocking: 0, drift: 1, info: 2 };

function itemOrder(a: CompareItem, b: CompareItem): number {
  return (
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    compareText(a.app, b.app) ||
    compareText(a.object ? refText(a.object) : "", b.object ? refText(b.object) : "") ||
    compareText(a.field ?? "", b.field ?? "")
  );
}

function headlineOf(verdict: Verdict, items: CompareItem[], matched: number, expected: number): string {
  const blocking = items.filter((item) => item.level === "blocking");
  const drift = items.filter((item) => item.level === "drift");
  const first = (list: CompareItem[]) =>
    list
      .slice(0, 3)
      .map((item) => item.message)
      .join("; ") + (list.length > 3 ? `; and ${list.length - 3} more` : "");
  if (verdict === "not-ready")
    return `green is not ready: ${plural(blocking.length, "blocking item")}: ${first(blocking)}`;
  if (verdict === "at-parity-except") {
    const apps = new Set(drift.map((item) => item.app)).size;
    return `green is at parity except ${plural(drift.length, "difference")} in ${plural(apps, "application")}: ${first(drift)}`;
  }
  return `green is at parity with blue: ${plural(matched, "object")} matched, ${plural(expected, "expected difference")}`;
}

export function composeResult(input: {
  items: CompareItem[];
  expected: ExpectedDifference[];
  matched: number;
  blue: SideSummary;
  green: SideSummary;
}): CompareResult {
  const { blue, green, matched } = input;
  const platform = comparePlatform(blue.addOns, green.addOns);
  const items = [...input.items, ...platform.flatMap((component) => platformItem(component) ?? [])].sort(
    itemOrder,
  );
  const expected = [...input.expected];
  if (blue.facts.nodes > 0 && green.facts.nodes > 0) {
    expected.push({
      reason: "node-names",
      app: "cluster",
      object: null,
      field: null,
      blue: plural(blue.facts.nodes, "node"),
      green: plural(green.facts.nodes, "node"),
      message: `Nodes are each cluster's own: ${plural(blue.facts.nodes, "node")} on blue, ${plural(green.facts.nodes, "node")} on green`,
    });
  }
  expected.sort((a, b) => compareText(a.app, b.app) || compareText(a.message, b.message));
  const byType = Object.fromEntries(COMPARE_ITEM_TYPES.map((type) => [type, 0])) as Record<
    CompareItemType,
    number
  >;
  const byLevel = Object.fromEntries(COMPARE_LEVELS.map((level) => [level, 0])) as Record<
    CompareLevel,
    number
  >;
  for (const item of items) {
    byType[item.type]++;
    byLevel[item.level]++;
  }
  const verdict: Verdict =
    byLevel.blocking > 0 ? "not-ready" : byLevel.drift > 0 ? "at-parity-except" : "at-parity";
  const onlyOn = (a: SideSummary, b: SideSummary) =>
    [...a.kinds].filter((kind) => !b.kinds.has(kind) && !b.served.has(kind)).sort(compareText);
  return {
    verdict,
    headline: headlineOf(verdict, items, matched, expected.length),
    blue: blue.facts,
    green: green.facts,
    versionGap: versionGap(blue.facts, green.facts),
    items,
    expected,
    platform,
    kindsOnlyOn: { blue: onlyOn(blue, green), green: onlyOn(green, blue) },
    summary: {
      matched,
      byType,
      byLevel,
      expected: expected.length,
      apps: new Set([...items, ...expected].map((entry) => entry.app)).size,
    },
  };
}

/** 2 when input could not be read, 1 when an item meets any `failOn` condition, else 0. */
export function compareExitCode(
  result: CompareResult,
  failOn: readonly CompareFailOn[],
  inputErrors: number,
): 0 | 1 | 2 {
  if (inputErrors > 0) return 2;
  const fails = (item: CompareItem) =>
    failOn.some((condition) => {
      if (condition === "none") return false;
      if ((COMPARE_LEVELS as readonly string[]).includes(condition)) {
        return item.level !== "info" && LEVEL_ORDER[item.level] <= LEVEL_ORDER[condition as CompareLevel];
      }
      return item.type === condition && item.level !== "info";
    });
  return result.items.some(fails) ? 1 : 0;
}
