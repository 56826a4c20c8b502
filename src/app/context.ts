// What every command's app module gets from the CLI: the knowledge base, standard input, and a way to
// watch a stream of objects go by (the CLI's progress line); the app layer itself never prints.
import type { KnowledgeBase } from "../core/knowledge.js";
import type { EventBatch } from "../core/types.js";

/** Passes batches of events through unchanged; `verb` names what is being done ("scanned", "compared"). */
export type WatchEvents = (events: AsyncIterable<EventBatch>, verb: string) => AsyncIterable<EventBatch>;

export interface AppContext {
  kb: KnowledgeBase;
  stdin: NodeJS.ReadableStream;
  watch?: WatchEvents;
}

export function watched(context: AppContext, events: AsyncIterable<EventBatch>, verb: string) {
  return context.watch ? context.watch(events, verb) : events;
}
