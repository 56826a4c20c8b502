// Durations as people write them in a Migration spec: "500ms", "30s", "10m", "24h", "1h30m", "2d".
// Go-style (as in Kubernetes and Argo Rollouts), plus "d" for days; a bare "0" means no time at all.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

/**
 * The longest duration a spec may hold (any timer): longer is most likely a typo. Timers wait this long in
 * chunks, since setTimeout alone fires at once beyond 2^31-1 ms (24.8 days).
 */
export const MAX_DURATION_MS = 90 * UNIT_MS.d;

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
const EXAMPLES = 'e.g. "30s", "10m", "1h30m" or "500ms"';

/** The duration in milliseconds, or a message saying what is wrong with the text. */
export function parseDuration(text: string): { ms: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "0") return { ms: 0 };
  if (trimmed === "") return { error: `expected a duration (${EXAMPLES}), got nothing` };
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return { error: `"${trimmed}" has no unit: write "${trimmed}s", "${trimmed}m" or "${trimmed}h"` };
  }
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const at = PART.lastIndex;
    const match = PART.exec(trimmed);
    if (!match) {
      return { error: `"${trimmed}" is not a duration: cannot read "${trimmed.slice(at)}" (${EXAMPLES})` };
    }
    total += Number(match[1]) * UNIT_MS[match[2] as Unit];
  }
  return { ms: Math.round(total) };
}

/** Milliseconds of a duration already validated by the spec schema; throws on text that never passed it. */
export function durationMs(text: string): number {
  const parsed = parseDuration(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.ms;
}

/** "1h30m", "45s", "250ms": the shortest readable form, for messages and --dry-run. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, seconds] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const count = Math.floor(rest / seconds);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * seconds;
  }
  return parts.join("");
}
