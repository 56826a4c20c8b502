import type { EventBatch, SourceEvent } from "../core/types.js";

/** The events of the batches, one at a time (for callers that want a plain event stream). */
export async function* flattenBatches(batches: AsyncIterable<EventBatch>): AsyncGenerator<SourceEvent> {
  for await (const batch of batches) yield* batch;
}
