// A reading worker (worker_threads): reads and parses the files the pool sends, one at a time, and
// posts back each file's events. Loaded from dist/ as .js, or as .ts through tsx under vitest.
import { parentPort } from "node:worker_threads";
import { messageOf } from "../core/errors.js";
import { readFileEvents } from "./files.js";
import type { ReadAnswer, ReadRequest } from "./read-pool.js";

/** A file to read: `path` for the file system, `file` as it is reported; `id` matches the answer. */
parentPort?.on("message", async (request: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    answer = { id: request.id, events: await readFileEvents(request.path, request.file) };
  } catch (error) {
    answer = { id: request.id, failure: messageOf(error) };
  }
  parentPort?.postMessage(answer);
});
