import type { AppContext } from "../app/context.js";
import type { KnowledgeBase } from "../core/knowledge.js";
import type { EventBatch, SourceEvent } from "../core/types.js";
import type { Terminal } from "./io.js";

const INTERVAL_MS = 250;

/**
 * Passes the events through unchanged and, on a terminal, keeps one status line on stderr with the
 * objects and files read so far; the line is cleared when the stream ends.
 */
export async function* withProgress(
  events: AsyncIterable<SourceEvent>,
  terminal: Terminal,
  verb = "read",
): AsyncIterable<SourceEvent> {
  for await (const batch of withBatchProgress(singles(events), terminal, verb)) yield* batch;
}

/** withProgress over batches of events (what the app layer reads). */
export async function* withBatchProgress(
  batches: AsyncIterable<EventBatch>,
  terminal: Terminal,
  verb = "read",
): AsyncIterable<EventBatch> {
  const status = terminal.status;
  if (!status) {
    yield* batches;
    return;
  }
  let objects = 0;
  let errors = 0;
  let shownAt = 0;
  try {
    for await (const batch of batches) {
      for (const event of batch) {
        if (event.type === "object") objects += 1;
        if (event.type === "error") errors += 1;
      }
      const now = Date.now();
      if (now - shownAt >= INTERVAL_MS) {
        shownAt = now;
        status(`${verb} ${objects} objects${errors > 0 ? `, ${errors} input errors` : ""}…`);
      }
      yield batch;
    }
  } finally {
    status("");
  }
}

async function* singles(events: AsyncIterable<SourceEvent>): AsyncIterable<EventBatch> {
  for await (const event of events) yield [event];
}

/** The app layer's context for a command run on this terminal: progress on stderr while reading. */
export function appContext(terminal: Terminal, kb: KnowledgeBase): AppContext {
  return { kb, stdin: terminal.stdin, watch: (batches, verb) => withBatchProgress(batches, terminal, verb) };
}
