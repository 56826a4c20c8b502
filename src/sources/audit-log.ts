// Reads Kubernetes audit logs (audit.k8s.io/v1 Events, one JSON object per line, as the API server's log
// backend writes them) from files and directories, gzip too (found by its magic bytes, whatever the name).
// Streams line by line: memory stays flat whatever the size of the log. A line that is not an audit event
// is an input error with its file:line (the first MAX_LISTED per file; the rest are counted) and reading
// goes on.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { InputError } from "../core/types.js";
import { type ApiCall, parseAuditLine } from "../core/usage/audit-event.js";
import { pathError, walkPath } from "./walk.js";

/** Malformed lines listed one by one per file; the others are summed up in one more error. */
export const MAX_LISTED = 20;
const CHUNK_BYTES = 1 << 20;
const GZIP_MAGIC = [0x1f, 0x8b];

export interface AuditLogSink {
  /** Decides before parsing (core/usage createLinePrefilter); default: every line is parsed. */
  prefilter?: (line: string) => "parse" | "skip" | "error";
  /** One call (an event of stage ResponseComplete, or without stage) at file:line; with a prefilter, only the calls it let through. */
  call(call: ApiCall, file: string, line: number): void;
  error(error: InputError): void;
}

export interface AuditLogCounts {
  files: number;
  lines: number;
  events: number;
  malformed: number;
}

/** Directories hold rotated logs of any name (audit.log, audit.log.1, audit-….log.gz); hidden files are not read. */
function isLogFileName(name: string): boolean {
  return !name.startsWith(".");
}

export async function readAuditLogs(paths: readonly string[], sink: AuditLogSink): Promise<AuditLogCounts> {
  const counts: AuditLogCounts = { files: 0, lines: 0, events: 0, malformed: 0 };
  for (const path of paths) {
    for await (const entry of walkPath(path, isLogFileName)) {
      if (entry.type === "error") {
        sink.error(entry.error);
        continue;
      }
      counts.files += 1;
      await readAuditFile(entry.path, entry.file, sink, counts);
    }
  }
  return counts;
}

/** One file; `file` is the name reported. Counts are added to `counts`. */
export async function readAuditFile(
  path: string,
  file: string,
  sink: AuditLogSink,
  counts: AuditLogCounts = { files: 0, lines: 0, events: 0, malformed: 0 },
): Promise<AuditLogCounts> {
  let input: Readable;
  try {
    input = await openLog(path);
  } catch (error) {
    sink.error(pathError(file, error));
    return counts;
  }
  let line = 0;
  let malformed = 0;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const prefilter = sink.prefilter ?? (() => "parse");
  try {
    for await (const text of lines) {
      line += 1;
      const decision = prefilter(text);
      if (decision === "skip") continue;
      // "error" lines are parsed too: the parser's message says what is wrong with them.
      const parsed = parseAuditLine(text);
      if (parsed.type === "call") {
        counts.events += 1;
        sink.call(parsed.call, file, line);
      } else if (parsed.type === "error") {
        malformed += 1;
        if (malformed <= MAX_LISTED) sink.error({ file, line, message: parsed.message });
      }
    }
  } catch (error) {
    sink.error(streamError(file, line, error));
  } finally {
    input.destroy();
  }
  if (malformed > MAX_LISTED) {
    sink.error({
      file,
      line: null,
      message: `${malformed - MAX_LISTED} more malformed lines (${malformed} in all, the first ${MAX_LISTED} listed); the other lines were read`,
    });
  }
  counts.lines += line;
  counts.malformed += malformed;
  return counts;
}

/** The file's bytes, gunzipped when it starts with the gzip magic bytes. */
async function openLog(path: string): Promise<Readable> {
  const handle = await open(path, "r");
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) return stream;
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  stream.on("error", (error) => gunzip.destroy(error));
  return stream.pipe(gunzip);
}

/** A read or gunzip failure part-way: what was read before it counts; the file is named with the line. */
function streamError(file: string, line: number, error: unknown): InputError {
  const reason = error instanceof Error ? error.message : String(error);
  const fix = /unexpected end|incorrect header|invalid/i.test(reason)
    ? "the gzip file is truncated or corrupt; copy it again"
    : "check the file";
  return { file, line: line > 0 ? line : null, message: `cannot read past line ${line}: ${reason}; ${fix}` };
}
