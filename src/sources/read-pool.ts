// Files parsed on several cores: with --jobs N, this thread and N − 1 worker_threads (read-worker.ts)
// each read and parse whole files, and the results are handed on in input order, so what follows sees
// exactly the stream a single thread would produce. At most QUEUE_PER_WORKER files per worker are in
// flight: memory is bounded by the files being read, not by the tree.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { EventBatch, SourceEvent } from "../core/types.js";

/** What the main thread asks a worker (read-worker.ts), and what it answers. */
export interface ReadRequest {
  id: number;
  path: string;
  file: string;
}

/**
 * The file's events, as JSON text when JSON carries them exactly (else structured-cloned), or the
 * message of what the parser threw (rethrown in the main thread).
 */
export type ReadAnswer =
  | { id: number; json: string }
  | { id: number; events: SourceEvent[] }
  | { id: number; failure: string };

/** Files read in the main thread before any worker starts: small inputs never pay for a worker. */
const WARM_UP_FILES = 8;
const QUEUE_PER_WORKER = 4;

/** An input of readPaths: a file for a worker to read, or anything else (read in the main thread). */
export interface PoolInput {
  type: string;
  path?: string;
  file?: string;
  /** Named by the user rather than found by a walk: read in this thread, which names it when empty. */
  direct?: boolean;
}

/**
 * The events of every input in order, files parsed by up to `jobs` workers, other inputs (stdin,
 * walk errors, files named directly) and the first files by `readHere` in this thread.
 */
export async function* readInOrder<I extends PoolInput>(
  inputs: AsyncIterable<I>,
  jobs: number,
  readHere: (input: I) => Promise<SourceEvent[]>,
): AsyncGenerator<SourceEvent> {
  for await (const { events } of readBatchesInOrder(inputs, jobs, readHere)) yield* events;
}

/** The same as readInOrder, each input with its batch of events. */
export async function* readBatchesInOrder<I extends PoolInput>(
  inputs: AsyncIterable<I>,
  jobs: number,
  readHere: (input: I) => Promise<EventBatch>,
): AsyncGenerator<{ input: I; events: EventBatch }> {
  // The main thread is one of the `jobs` readers: it parses every jobs-th file besides folding the results.
  const pool = new ReadPool(jobs - 1);
  const pending: { input: I; read: Promise<EventBatch> }[] = [];
  let files = 0;
  const next = async () => {
    const { input, read } = pending.shift() as { input: I; read: Promise<EventBatch> };
    return { input, events: await read };
  };
  try {
    for await (const input of inputs) {
      const { path, file } = input;
      const inWorker = input.type === "file" && !input.direct && path !== undefined && file !== undefined;
      const toWorker = inWorker && ++files > WARM_UP_FILES && files % jobs !== 0;
      const read = toWorker ? pool.read(path, file) : readHere(input);
      // Awaited in order below; until then a failure must not count as unhandled.
      read.catch(() => undefined);
      pending.push({ input, read });
      while (pending.length >= jobs * QUEUE_PER_WORKER) yield await next();
    }
    while (pending.length > 0) yield await next();
  } finally {
    await pool.close();
  }
}

interface Pending {
  resolve: (events: SourceEvent[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  waiting: Map<number, Pending>;
}

/** Workers started on first use; each file goes to the worker with the fewest files waiting. */
class ReadPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;

  constructor(private readonly size: number) {}

  read(path: string, file: string): Promise<SourceEvent[]> {
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      const request: ReadRequest = { id, path, file };
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    this.slots.length = 0;
  }

  private leastBusy(): Slot {
    if (this.slots.length < this.size && this.slots.every((slot) => slot.waiting.size > 0)) {
      this.slots.push(startWorker());
    }
    let best = this.slots[0] as Slot;
    for (const slot of this.slots) if (slot.waiting.size < best.waiting.size) best = slot;
    return best;
  }
}

function startWorker(): Slot {
  const worker = newWorker();
  const slot: Slot = { worker, waiting: new Map() };
  worker.on("message", (answer: ReadAnswer) => {
    const pending = slot.waiting.get(answer.id);
    slot.waiting.delete(answer.id);
    if ("failure" in answer) pending?.reject(new Error(answer.failure));
    else pending?.resolve("json" in answer ? (JSON.parse(answer.json) as SourceEvent[]) : answer.events);
  });
  worker.on("error", (error) => failAll(slot, error));
  worker.on("exit", (code) => failAll(slot, new Error(`a reading worker stopped (exit code ${code})`)));
  return slot;
}

function failAll(slot: Slot, error: Error): void {
  for (const pending of slot.waiting.values()) pending.reject(error);
  slot.waiting.clear();
}

/**
 * A worker running read-worker: the built read-worker.js beside this file, or, when this file runs as
 * TypeScript (vitest, tsx), read-worker.ts imported through tsx's API (loader flags do not reach workers).
 */
function newWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./read-worker.js", import.meta.url));
  // require.resolve finds the CommonJS build of tsx's API; its ESM build sits beside it.
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const tsx = pathToFileURL(api).href;
  const script = new URL("./read-worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(script)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(code, { eval: true });
}
