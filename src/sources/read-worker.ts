// A reading worker (worker_threads): reads and parses the files the pool sends, one at a time, and
// posts back each file's events. Loaded from dist/ as .js, or as .ts through tsx under vitest.
import { parentPort } from "node:worker_threads";
import type { SourceEvent } from "../core/types.js";
import { readFileEvents } from "./files.js";

/** A file to read: `path` for the file system, `file` as it is reported; `id` matches the answer. */
export interface ReadRequest {
  id: number;
  path: string;
  file: string;
}

/** The file's events, or the message of what the parser threw (rethrown in the main thread). */
export type ReadAnswer = { id: number; events: SourceEvent[] } | { id: number; failure: string };

parentPort?.on("message", async (request: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    answer = { id: request.id, events: await readFileEvents(request.path, request.file) };
  } catch (error) {
    answer = { id: request.id, failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
