import type { AppContext } from "../app/context.js";
import type { KnowledgeBase } from "../core/knowledge.js";
import type { SourceEvent } from "../core/types.js";
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
  const status = terminal.status;
  if (!status) {
    yield* events;
    return;
  }
  let objects = 0;
  let errors = 0;
  let shownAt = 0;
  try {
    for await (const event of events) {
      if (event.type === "object") objects += 1;
      if (event.type === "error") errors += 1;
      const now = Date.now();
      if (now - shownAt >= INTERVAL_MS) {
        shownAt = now;
        status(`${verb} ${objects} objects${errors > 0 ? `, ${errors} input errors` : ""}…`);
      }
      yield event;
    }
  } finally {
    status("");
  }
}

/** The app layer's context for a command run on this terminal: progress on stderr while reading. */
export function appContext(terminal: Terminal, kb: KnowledgeBase): AppContext {
  return { kb, stdin: terminal.stdin, watch: (events, verb) => withProgress(events, terminal, verb) };
}
