// Kubernetes minor-version math. Versions are written "1.33"; internally a minor number (33).
import { UsageError } from "./errors.js";

const VERSION_PATTERN = /^v?1\.(\d{1,2})(?:\.\d+)?(?:[-+].*)?$/;

/** "1.33", "v1.33", "1.33.2", "v1.16.0", "v1.33.5-eks-1234" → 33; anything else → undefined. */
export function parseMinor(text: string): number | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

export function formatMinor(minor: number): string {
  return `1.${minor}`;
}

/** Normalises any accepted spelling to "1.N"; undefined if not a Kubernetes 1.x version. */
export function normalizeVersion(text: string): string | undefined {
  const minor = parseMinor(text);
  return minor === undefined ? undefined : formatMinor(minor);
}

/** Negative if a < b, 0 if equal, positive if a > b; both must parse. */
export function compareVersions(a: string, b: string): number {
  return minorOf(a) - minorOf(b);
}

export function minorOf(text: string): number {
  const minor = parseMinor(text);
  if (minor === undefined) throw new Error(`"${text}" is not a Kubernetes version: use the form 1.33`);
  return minor;
}

/** True when `version` is set and `target` has reached it. */
export function reached(target: string, version: string | null | undefined): boolean {
  return version != null && compareVersions(target, version) >= 0;
}

/** Resolves a version flag against the versions the knowledge base knows; unknown ones list the known. */
export function knownVersion(flag: string, value: string, known: readonly string[]): string {
  const version = normalizeVersion(value);
  if (!version || !known.includes(version)) {
    throw new UsageError(`${flag} "${value}" is not a known Kubernetes version; known: ${known.join(", ")}`);
  }
  return version;
}
