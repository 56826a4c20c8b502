// Objects from files, directories and stdin, streamed file by file.
import { stat } from "node:fs/promises";
import type { EventBatch, SourceEvent } from "../core/types.js";
import { emptyDirectoryMessage, emptyInputEvent, noObjectEvents } from "./empty-input.js";
import { flattenBatches } from "./event-batches.js";
import { readFileBytes, textOf } from "./file-text.js";
import { parseManifestText } from "./manifest-text.js";
import { readBatchesInOrder } from "./read-pool.js";
import { displayPath, pathError, walkPath } from "./walk.js";

export interface ReadPathsOptions {
  /** Read for the path `-` (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Files parsed at once, by worker threads when more than 1 (default 1); the output is the same. */
  jobs?: number;
  /** A path without any Kubernetes object is a warning instead of an error (`--allow-empty`). */
  allowEmpty?: boolean;
}

/** The name stdin is reported under, as kubectl and most CLIs spell it. */
export const STDIN_PATH = "-";

/** How many leading bytes are checked for a NUL byte, as git and grep do to spot binary files. */
const BINARY_SNIFF_BYTES = 8192;

/** One input, with the index of the path it came from; `direct` when that path named it. */
type Input = { root: number; direct: boolean } & (
  | { type: "file"; path: string; file: string }
  | { type: "stdin" }
  | { type: "error"; event: SourceEvent }
);

/** One input read into memory, or the events that replace it (binary, unreadable). */
type LoadedInput = { type: "text"; file: string; text: string } | { type: "events"; events: SourceEvent[] };

/** What one path given by the user yielded so far. */
interface PathTally {
  display: string;
  objects: number;
  errors: number;
  manifestFiles: number;
  /** The path was a directory (walked) rather than a file or stdin. */
  walked: boolean;
}

/**
 * Every object in `paths` (files, directories walked recursively in sorted order, `-` for stdin),
 * with errors and skipped files as events; a problem with one path never stops the others.
 */
export function readPaths(paths: string[], options: ReadPathsOptions = {}): AsyncGenerator<SourceEvent> {
  return flattenBatches(readPathBatches(paths, options));
}

/**
 * The events of `paths` as readPaths gives them, one batch per file read. Files are read one at a time,
 * or with `jobs` > 1 by that many worker threads, a few files each in flight; either way the batches come
 * in input order and memory does not grow with the tree.
 */
export async function* readPathBatches(
  paths: string[],
  options: ReadPathsOptions = {},
): AsyncGenerator<EventBatch> {
  const tallies: PathTally[] = paths.map((path) => ({
    display: path === STDIN_PATH ? STDIN_PATH : displayPath(path),
    objects: 0,
    errors: 0,
    manifestFiles: 0,
    walked: false,
  }));
  const allowEmpty = options.allowEmpty ?? false;
  let root = 0;
  const settle = (upTo: number): EventBatch => {
    const events: EventBatch = [];
    for (; root < upTo; root++) events.push(...emptyPathEvents(tallies[root], allowEmpty));
    return events;
  };
  const readHere = (input: Input) => readInput(input, options);
  const inputs = inputsOf(paths, tallies);
  const jobs = options.jobs ?? 1;
  const reads = jobs > 1 ? readBatchesInOrder(inputs, jobs, readHere) : readInTurn(inputs, readHere);
  for await (const { input, events } of reads) {
    count(tallies[input.root] as PathTally, input, events);
    yield [...events, ...settle(input.root)];
  }
  yield settle(paths.length);
}

async function* readInTurn(
  inputs: AsyncIterable<Input>,
  read: (input: Input) => Promise<EventBatch>,
): AsyncGenerator<{ input: Input; events: EventBatch }> {
  for await (const input of inputs) yield { input, events: await read(input) };
}

/**
 * The events of one input read in this thread; a file named directly (or stdin) without any object is
 * named, saying what it holds. Files found by a walk may be read by a worker instead (readFileForWorker).
 */
async function readInput(input: Input, options: ReadPathsOptions): Promise<EventBatch> {
  const loaded = await load(input, options);
  const events = [...eventsOf(loaded)];
  if (!input.direct || input.type === "error" || events.some((event) => event.type === "object"))
    return events;
  const file = input.type === "stdin" ? STDIN_PATH : input.file;
  const text = loaded.type === "text" ? loaded.text : undefined;
  return noObjectEvents(file, text, events, options.allowEmpty ?? false);
}

async function* inputsOf(paths: string[], tallies: PathTally[]): AsyncGenerator<Input> {
  for (const [root, path] of paths.entries()) {
    if (path === STDIN_PATH) {
      yield { type: "stdin", root, direct: true };
      continue;
    }
    for await (const entry of walkPath(path)) {
      if (entry.type === "file") {
        const tally = tallies[root];
        if (!entry.direct && tally) tally.walked = true;
        yield { ...entry, root };
      } else yield { type: "error", event: { type: "error", error: entry.error }, root, direct: false };
    }
    // A directory without any manifest file yields nothing above: it is still a directory walked.
    const tally = tallies[root];
    if (tally && !tally.walked) tally.walked = await isDir(path);
  }
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** One input's events counted into the tally of the path it came from. */
function count(tally: PathTally, input: Input, events: EventBatch): void {
  if (input.type !== "error") tally.manifestFiles += 1;
  for (const event of events) {
    if (event.type === "object") tally.objects += 1;
    else if (event.type === "error") tally.errors += 1;
  }
}

/** A walked directory that gave no object and no error is named (a direct file is named in readInput). */
function* emptyPathEvents(tally: PathTally | undefined, allowEmpty: boolean): Generator<SourceEvent> {
  if (!tally?.walked || tally.objects !== 0 || tally.errors > 0) return;
  yield emptyInputEvent(tally.display, emptyDirectoryMessage(tally.display, tally.manifestFiles), allowEmpty);
}

/** Reads one input; never rejects, so a read-ahead that is not awaited cannot leak a rejection. */
async function load(input: Input, options: ReadPathsOptions): Promise<LoadedInput> {
  if (input.type === "error") return { type: "events", events: [input.event] };
  const file = input.type === "stdin" ? STDIN_PATH : input.file;
  try {
    // A file is read synchronously: the reads are short, and one await per file costs more than it overlaps.
    const bytes =
      input.type === "stdin" ? await readStream(options.stdin ?? process.stdin) : readFileBytes(input.path);
    return decodeText(file, bytes);
  } catch (error) {
    return { type: "events", events: [{ type: "error", error: pathError(file, error) }] };
  }
}

function* eventsOf(loaded: LoadedInput): Generator<SourceEvent> {
  // A whole file's events are held at once anyway (parseManifestText collects a file's documents).
  if (loaded.type === "events") yield* loaded.events;
  else yield* parseManifestText(loaded.text, loaded.file);
}

/** Text of a file, or a `skipped` event when it is binary (a NUL byte early on). */
export function decodeText(file: string, bytes: Buffer): LoadedInput {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return {
      type: "events",
      events: [{ type: "skipped", skipped: { file, reason: "binary file", recovered: 0 } }],
    };
  }
  const text = textOf(bytes);
  // A UTF-8 byte order mark is not content (editors on Windows add it); JSON.parse rejects it.
  return { type: "text", file, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** `.inf` and `.nan` in any case: YAML's non-finite floats, which JSON cannot carry. */
const NON_FINITE_FLOAT = /\.(?:inf|nan)/i;

/**
 * The events of one file, read and parsed whole (what a reading worker does for each file it is given),
 * and whether JSON carries them exactly: every number finite (JSON has no NaN or Infinity).
 */
export function readFileForWorker(path: string, file: string): { events: SourceEvent[]; jsonSafe: boolean } {
  let loaded: LoadedInput;
  try {
    loaded = decodeText(file, readFileBytes(path));
  } catch (error) {
    loaded = { type: "events", events: [{ type: "error", error: pathError(file, error) }] };
  }
  const jsonSafe = loaded.type !== "text" || !NON_FINITE_FLOAT.test(loaded.text);
  return { events: [...eventsOf(loaded)], jsonSafe };
}
