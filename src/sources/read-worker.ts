// A reading worker (worker_threads): reads and parses the files the pool sends, one at a time, and
// posts back each file's events. Loaded from dist/ as .js, or as .ts through tsx under vitest.
// Events go back as one JSON text: JSON.parse in the main thread costs about half what decoding a
// structured clone of the same objects does, and the main thread is the one every file waits for.
import { parentPort } from "node:worker_threads";
import { messageOf } from "../core/errors.js";
import { readFileForWorker } from "./files.js";
import type { ReadAnswer, ReadRequest } from "./read-pool.js";

/** A file to read: `path` for the file system, `file` as it is reported; `id` matches the answer. */
parentPort?.on("message", (request: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    const { events, jsonSafe } = readFileForWorker(request.path, request.file);
    answer = jsonSafe ? { id: request.id, json: JSON.stringify(events) } : { id: request.id, events };
  } catch (error) {
    answer = { id: request.id, failure: messageOf(error) };
  }
  parentPort?.postMessage(answer);
});
