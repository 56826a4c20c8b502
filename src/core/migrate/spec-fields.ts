// Field schemas shared by the parts of the Migration spec: names, durations, commands, HTTP checks.
import { z } from "zod";
import { formatDuration, MAX_DURATION_MS, parseDuration } from "./duration.js";

/**
 * A strict object (a misspelt field is an error, not silently ignored) whose unknown-field message lists
 * the fields it does know.
 */
export function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((key) => `"${key}"`).join(", ");
        return `unknown field${issue.keys.length > 1 ? "s" : ""} ${keys}; expected one of ${known}`;
      }
      if (issue.code === "invalid_type") return `expected a mapping with ${known}`;
      return undefined;
    },
  });
}

export const text = z.string({ error: "expected text" }).trim().min(1, "must not be empty");

/**
 * A duration such as "30s", "10m", "1h30m"; kept as text in the spec, read with durationMs(). At most
 * MAX_DURATION_MS; at least `min` (with why a shorter one is refused) when given.
 */
function boundedDuration(min?: { ms: number; why: string }) {
  return z
    .string({ error: 'expected a duration such as "30s", "10m" or "1h30m"' })
    .superRefine((value, ctx) => {
      const parsed = parseDuration(value);
      if ("error" in parsed) return ctx.addIssue({ code: "custom", message: parsed.error });
      if (parsed.ms > MAX_DURATION_MS) {
        const most = formatDuration(MAX_DURATION_MS);
        ctx.addIssue({
          code: "custom",
          message: `must be at most ${most}, got "${value}" (a longer time is most likely a typo)`,
        });
      } else if (min && parsed.ms < min.ms) {
        ctx.addIssue({ code: "custom", message: `must be at least ${formatDuration(min.ms)}: ${min.why}` });
      }
    })
    .meta({ description: 'A duration: a number and a unit (ms, s, m, h, d), e.g. "30s", "10m", "1h30m".' });
}

export const duration = boundedDuration();

/** The shortest interval between two polls (a metric query, a readiness check), and the shortest timeout. */
export const MIN_INTERVAL_MS = 1_000;

/** Time between two metric queries. */
export const analysisInterval = boundedDuration({
  ms: MIN_INTERVAL_MS,
  why: "a shorter interval queries the metrics backend in a tight loop",
});

export const httpUrl = z
  .string({ error: "expected an http:// or https:// URL" })
  .regex(/^https?:\/\/[^\s/]+/, "expected an http:// or https:// URL");

/** A command as an argv array: run without a shell, so nothing is word-split or expanded. */
export const argv = z
  .array(text, { error: 'expected a command as a list, e.g. ["terraform", "apply", "-auto-approve"]' })
  .min(1, "must name a program to run")
  .meta({ description: "Program and arguments, run without a shell." });

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dns1123Name = z
  .string({ error: "expected a name" })
  .max(63, "must be at most 63 characters")
  .regex(DNS_LABEL, "must be lower-case letters, digits and '-', starting and ending with a letter or digit");

/** An HTTP check: GET `url` (optionally with a Host header) until it answers with `status`. */
export const HttpCheckSchema = strict({
  url: httpUrl.describe("URL to GET."),
  host: text
    .optional()
    .describe("Host header to send (e.g. the public name, when `url` is a load balancer)."),
  status: z.number().int().min(100).max(599).default(200).describe("Expected HTTP status."),
});

/** Readiness after a hook: a command that exits 0, or an HTTP check; polled until `timeout`. */
export const ReadySchema = strict({
  command: argv.optional().describe("Ready when this command exits 0."),
  http: HttpCheckSchema.optional().describe("Ready when this URL answers with the expected status."),
  interval: boundedDuration({
    ms: MIN_INTERVAL_MS,
    why: "a shorter interval runs the check in a tight loop",
  })
    .default("5s")
    .describe("Time between two readiness checks."),
  timeout: boundedDuration({ ms: MIN_INTERVAL_MS, why: "the readiness check would give up at once" })
    .default("10m")
    .describe("Give up (and hold the migration) after this long."),
}).refine((ready) => (ready.command === undefined) !== (ready.http === undefined), {
  message: "needs exactly one of command or http",
});

export const HookSchema = strict({
  command: argv,
  timeout: boundedDuration({ ms: MIN_INTERVAL_MS, why: "the hook would be stopped as it starts" })
    .default("30m")
    .describe("The command is stopped (SIGTERM, then SIGKILL) after this long."),
  ready: ReadySchema.optional().describe(
    "Condition that must hold after the command before the migration goes on.",
  ),
});

export type HookSpec = z.infer<typeof HookSchema>;
export type ReadySpec = z.infer<typeof ReadySchema>;
export type HttpCheckSpec = z.infer<typeof HttpCheckSchema>;
