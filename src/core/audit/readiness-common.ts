// Building readiness checks: statuses, evidence wording and the rule that a passed check has no actions.
import type { CheckStatus, ReadinessCheck, ReadinessCheckId } from "./types.js";

const STATUS_ORDER: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

/** The most severe of the statuses (pass when there are none). */
export function worst(...statuses: CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (STATUS_ORDER[b] > STATUS_ORDER[a] ? b : a), "pass");
}

/** A check; actions are dropped when it passes, so "pass" always means "nothing to do". */
export function makeCheck(
  check: ReadinessCheckId,
  status: CheckStatus,
  evidence: string[],
  actions: string[],
  facts: Record<string, unknown>,
): ReadinessCheck {
  return { check, status, evidence, actions: status === "pass" ? [] : actions, facts };
}

/** The verb form agreeing with a count: agree(1, "uses", "use") → "uses". */
export function agree(n: number, singular: string, plural: string): string {
  return n === 1 ? singular : plural;
}

/** "1 Secret", "3 Secrets", "2 GitRepositories"; irregular plurals are passed in. */
export function count(n: number, singular: string, plural = regularPlural(singular)): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function regularPlural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** How many names an evidence line shows before "and N more" (facts always hold the full list). */
const SHOWN_NAMES = 5;

/** "a, b, c" or "a, b, c, d, e and 7 more". */
export function listSome(items: readonly string[], max = SHOWN_NAMES): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** Percentage with no decimals, for shares in evidence ("82%"). */
export function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${Math.round((part / whole) * 100)}%`;
}

/** Counts of each distinct value, most frequent first, as "alb 10, nginx 2". */
export function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, n]) => `${value} ${n}`)
    .join(", ");
}
