// EKS support status of a Kubernetes version on a given day, and the date math behind it.
//
// Rule: an end date is the last day of that support. On the end-of-standard-support day a version is
// still in standard support (0 days left); the day after it is in extended support; the day after the
// end of extended support it is past the end (EKS may then auto-upgrade the control plane).

import type { EksRelease } from "../knowledge.js";
import { PlanError, type SupportWindow } from "./types.js";

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) of a "YYYY-MM-DD" date; undefined when it is not a real calendar day. */
export function dayNumber(text: string): number | undefined {
  const match = DAY_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return time / MS_PER_DAY;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid dates. */
export function daysBetween(from: string, to: string): number {
  return requireDay(to, "date") - requireDay(from, "date");
}

/** Checks the plan's `today`; the error names the value and the format. */
export function requireToday(today: string): string {
  requireDay(today, "--today");
  return today;
}

function requireDay(text: string, flag: string): number {
  const day = dayNumber(text);
  if (day === undefined) throw new PlanError(flag, `${flag} "${text}" is not a date: use YYYY-MM-DD`);
  return day;
}

/** The support window of `version` on `today` from the EKS calendar. */
export function supportOn(version: string, calendar: readonly EksRelease[], today: string): SupportWindow {
  const release = calendar.find((entry) => entry.version === version);
  const endOfStandardSupport = validDay(release?.endOfStandardSupport);
  const endOfExtendedSupport = validDay(release?.endOfExtendedSupport);
  const toStandard = endOfStandardSupport === null ? null : daysBetween(today, endOfStandardSupport);
  const toExtended = endOfExtendedSupport === null ? null : daysBetween(today, endOfExtendedSupport);
  const window = {
    version,
    endOfStandardSupport,
    endOfExtendedSupport,
    daysToEndOfStandardSupport: toStandard,
    daysToEndOfExtendedSupport: toExtended,
  };
  if (toStandard !== null && toStandard >= 0) return { ...window, status: "standard", daysLeft: toStandard };
  if (toExtended === null) return { ...window, status: "unknown", daysLeft: null };
  if (toExtended >= 0) return { ...window, status: "extended", daysLeft: toExtended };
  return { ...window, status: "past-end", daysLeft: toExtended };
}

function validDay(text: string | null | undefined): string | null {
  return text != null && dayNumber(text) !== undefined ? text : null;
}
