// What every command's app module gets from the CLI: the knowledge base, standard input, and a way to
// watch a stream of objects go by (the CLI's progress line); the app layer itself never prints.
import type { KnowledgeBase } from "../core/knowledge.js";
import type { SourceEvent } from "../core/types.js";

/** Passes events through unchanged; `verb` names what is being done ("scanned", "compared"). */
export type WatchEvents = (events: AsyncIterable<SourceEvent>, verb: string) => AsyncIterable<SourceEvent>;

export interface AppContext {
  kb: KnowledgeBase;
  stdin: NodeJS.ReadableStream;
  watch?: WatchEvents;
}

export function watched(context: AppContext, events: AsyncIterable<SourceEvent>, verb: string) {
  return context.watch ? context.watch(events, verb) : events;
}
