// Which files a list of paths names: directories walked recursively in sorted order, one level in
// memory at a time, so the output is deterministic and memory does not grow with the tree. The file
// system is asked synchronously: each call takes microseconds, while a round trip through the thread
// pool per directory left the reader idle for a tenth of a scan.
import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import { messageOf } from "../core/errors.js";
import type { InputError } from "../core/types.js";

/**
 * A file to read (`path` for the file system, `file` as reported; `direct` when the path named it rather
 * than a directory walk) or a problem with a path.
 */
export type WalkEntry =
  | { type: "file"; path: string; file: string; direct: boolean }
  | { type: "error"; error: InputError };

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** True for the files a directory walk reads: .yaml, .yml, .json. */
export function isManifestFileName(name: string): boolean {
  return MANIFEST_EXTENSION.test(name);
}

/**
 * The files a path names. A file given by name is read whatever its extension (the user asked for it);
 * inside directories only the files `accept` takes (manifest files by default) are, others are ignored. A missing or unreadable path is
 * an error entry and the walk goes on.
 */
export async function* walkPath(
  path: string,
  accept: (name: string) => boolean = isManifestFileName,
): AsyncGenerator<WalkEntry> {
  const display = displayPath(path);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    yield { type: "error", error: pathError(display, error) };
    return;
  }
  if (stats.isDirectory()) {
    yield* walkDirectory(path, display, new Set(), accept);
  } else if (stats.isFile()) {
    yield { type: "file", path, file: display, direct: true };
  }
}

async function* walkDirectory(
  path: string,
  display: string,
  visited: Set<string>,
  accept: (name: string) => boolean,
): AsyncGenerator<WalkEntry> {
  let entries: Dirent[];
  try {
    // A symlinked directory that leads back up the tree would walk forever: each real directory once.
    const real = realpathSync(path);
    if (visited.has(real)) return;
    visited.add(real);
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    yield { type: "error", error: pathError(display, error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const childPath = join(path, entry.name);
    const childDisplay = display.endsWith("/") ? `${display}${entry.name}` : `${display}/${entry.name}`;
    const type = entry.isSymbolicLink() ? followLink(childPath) : entry;
    if ("error" in type) {
      // A broken link named like a file the walk reads was meant to be read: say so instead of dropping it.
      if (accept(entry.name)) yield { type: "error", error: linkError(childDisplay, type.error) };
    } else if (type.isDirectory()) {
      yield* walkDirectory(childPath, childDisplay, visited, accept);
    } else if (type.isFile() && accept(entry.name)) {
      yield { type: "file", path: childPath, file: childDisplay, direct: false };
    }
  }
}

/** What a symlink points at, or why it points nowhere (dangling, a loop, no permission). */
function followLink(path: string): { isDirectory(): boolean; isFile(): boolean } | { error: unknown } {
  try {
    return statSync(path);
  } catch (error) {
    return { error };
  }
}

/** A symbolic link that cannot be followed, named with the cause and the fix. */
function linkError(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ELOOP"
      ? "a symbolic link loop (it leads back to itself)"
      : code === "ENOENT" || code === "ENOTDIR"
        ? "a broken symbolic link (its target does not exist)"
        : `a symbolic link that cannot be followed (${code ?? String(error)})`;
  return { file, line: null, message: `${file} is ${why} — fix or remove the link` };
}

/** The path as the user gave it, with forward slashes and without trailing slashes (except a root). */
export function displayPath(path: string): string {
  const forward = path.replaceAll("\\", "/");
  const trimmed = forward.replace(/\/+$/, "");
  return trimmed === "" ? forward : trimmed;
}

/** An input error for a path that cannot be read, naming the path, the cause and the fix. */
export function pathError(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return { file, line: null, message: `no such file or directory: ${file} — check the path` };
  }
  if (code === "EACCES" || code === "EPERM") {
    return {
      file,
      line: null,
      message: `permission denied: ${file} — check its permissions or run as a user who can read it`,
    };
  }
  const reason = messageOf(error);
  return { file, line: null, message: `cannot read ${file}: ${reason}` };
}
