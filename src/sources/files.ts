// Objects from files, directories and stdin, streamed file by file.
import { readFile } from "node:fs/promises";
import type { SourceEvent } from "../core/types.js";
import { parseManifestText } from "./manifest-text.js";
import { readInOrder } from "./read-pool.js";
import { pathError, walkPath } from "./walk.js";

export interface ReadPathsOptions {
  /** Read for the path `-` (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Files parsed at once, by worker threads when more than 1 (default 1); the output is the same. */
  jobs?: number;
}

/** The name stdin is reported under, as kubectl and most CLIs spell it. */
export const STDIN_PATH = "-";

/** How many leading bytes are checked for a NUL byte, as git and grep do to spot binary files. */
const BINARY_SNIFF_BYTES = 8192;

type Input =
  | { type: "file"; path: string; file: string }
  | { type: "stdin" }
  | { type: "error"; event: SourceEvent };

/** One input read into memory, or the events that replace it (binary, unreadable). */
type LoadedInput = { type: "text"; file: string; text: string } | { type: "events"; events: SourceEvent[] };

/**
 * Every object in `paths` (files, directories walked recursively in sorted order, `-` for stdin),
 * with errors and skipped files as events; a problem with one path never stops the others.
 * Only one file is parsed at a time, while the next one is read, so memory does not grow with the tree.
 */
export async function* readPaths(
  paths: string[],
  options: ReadPathsOptions = {},
): AsyncGenerator<SourceEvent> {
  const jobs = options.jobs ?? 1;
  if (jobs > 1) {
    yield* readInOrder(inputsOf(paths), jobs, async (input) => [...eventsOf(await load(input, options))]);
    return;
  }
  let pending: Promise<LoadedInput> | undefined;
  for await (const input of inputsOf(paths)) {
    const next = load(input, options);
    if (pending) yield* eventsOf(await pending);
    pending = next;
  }
  if (pending) yield* eventsOf(await pending);
}

async function* inputsOf(paths: string[]): AsyncGenerator<Input> {
  for (const path of paths) {
    if (path === STDIN_PATH) {
      yield { type: "stdin" };
      continue;
    }
    for await (const entry of walkPath(path)) {
      yield entry.type === "file" ? entry : { type: "error", event: { type: "error", error: entry.error } };
    }
  }
}

/** Reads one input; never rejects, so a read-ahead that is not awaited cannot leak a rejection. */
async function load(input: Input, options: ReadPathsOptions): Promise<LoadedInput> {
  if (input.type === "error") return { type: "events", events: [input.event] };
  const file = input.type === "stdin" ? STDIN_PATH : input.file;
  try {
    const bytes =
      input.type === "stdin" ? await readStream(options.stdin ?? process.stdin) : await readFile(input.path);
    return decodeText(file, bytes);
  } catch (error) {
    return { type: "events", events: [{ type: "error", error: pathError(file, error) }] };
  }
}

function* eventsOf(loaded: LoadedInput): Generator<SourceEvent> {
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
  const text = bytes.toString("utf8");
  // A UTF-8 byte order mark is not content (editors on Windows add it); JSON.parse rejects it.
  return { type: "text", file, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The events of one file, read and parsed whole (what a reading worker does for each file it is given). */
export async function readFileEvents(path: string, file: string): Promise<SourceEvent[]> {
  return [...eventsOf(await load({ type: "file", path, file }, {}))];
}
