// The stage that turns Helm v3 release records (Secrets, ConfigMaps) into the objects of their manifests.
import { isClusterScopedType } from "../core/cluster-scoped.js";
import type { EventBatch, SourcedObject, SourceEvent } from "../core/types.js";
import {
  decodeRelease,
  type HelmRelease,
  ReleaseDecodeError,
  releaseRecordOf,
} from "./helm-release-decode.js";
import { parseYamlDocuments } from "./yaml-documents.js";

export interface ExpandHelmOptions {
  /** Every stored revision instead of only the latest deployed one of each release. */
  allRevisions?: boolean;
}

/** One release record seen in the input: its release's metadata and where the record was. */
interface Candidate {
  release: Omit<HelmRelease, "manifest">;
  /** Helm's encoded release, decoded again only if this record is the one scanned. */
  payload: string;
  record: string;
  file: string;
  line: number | null;
}

/** Helm statuses whose objects are gone from the cluster. */
const GONE_STATUSES = new Set(["uninstalled", "uninstalling"]);

/**
 * Passes every event through unchanged and, for the Helm release records among the objects, adds the
 * objects of the release's manifest (origin "helm-release"). By default only the latest deployed
 * revision of each release counts (older revisions are history, not what runs); they are emitted at
 * the end, once every record has been seen. Only each release's best record is kept meanwhile, encoded.
 */
export async function* expandHelmReleases(
  events: AsyncIterable<SourceEvent>,
  options: ExpandHelmOptions = {},
): AsyncGenerator<SourceEvent> {
  const expander = helmExpander(options);
  for await (const event of events) {
    yield event;
    yield* expander.after(event);
  }
  yield* expander.atEnd();
}

/** The same as expandHelmReleases over batches: each batch with what its records add, then one last batch. */
export async function* expandHelmReleaseBatches(
  batches: AsyncIterable<EventBatch>,
  options: ExpandHelmOptions = {},
): AsyncGenerator<EventBatch> {
  const expander = helmExpander(options);
  for await (const batch of batches) {
    const out: EventBatch = [];
    for (const event of batch) {
      out.push(event);
      for (const added of expander.after(event)) out.push(added);
    }
    yield out;
  }
  yield [...expander.atEnd()];
}

/** What follows each event (a record's error, warning or objects), and what comes once all are seen. */
function helmExpander(options: ExpandHelmOptions) {
  const best = new Map<string, Candidate>();
  const seen = new Map<string, Candidate>();
  return {
    *after(event: SourceEvent): Generator<SourceEvent> {
      if (event.type !== "object") return;
      const found = candidateOf(event.item);
      if (found === undefined) return;
      if ("error" in found) {
        yield found.error;
        return;
      }
      const duplicate = duplicateWarning(seen, found);
      if (duplicate) {
        yield duplicate;
        return;
      }
      if (options.allRevisions) {
        yield* releaseEvents(found);
        return;
      }
      const key = `${found.release.namespace}/${found.release.name}`;
      const current = best.get(key);
      if (current === undefined || isNewerDeployed(found, current)) best.set(key, found);
    },
    *atEnd(): Generator<SourceEvent> {
      for (const candidate of best.values()) yield* latestRevisionEvents(candidate);
    },
  };
}

/** The record's candidate (its payload decoded once to learn name, revision and status), or an error. */
function candidateOf(item: SourcedObject): Candidate | { error: SourceEvent } | undefined {
  const found = releaseRecordOf(item.object);
  if (found === undefined) return undefined;
  const { file, line } = item.source;
  if ("problem" in found) return { error: recordError(found.record, file, line, found.problem) };
  try {
    const { manifest: _manifest, ...release } = decodeRelease(found.payload, item.object.metadata?.namespace);
    return { release, payload: found.payload, record: found.record, file, line };
  } catch (error) {
    if (!(error instanceof ReleaseDecodeError)) throw error;
    return { error: recordError(found.record, file, line, error.message) };
  }
}

/**
 * A warning when this revision of the release was already seen in another record (both the Secret and the
 * ConfigMap driver, e.g. after a driver change): the first record counts, the second is named and left out.
 */
function duplicateWarning(seen: Map<string, Candidate>, found: Candidate): SourceEvent | undefined {
  const { namespace, name, revision } = found.release;
  const key = `${namespace}/${name}@${revision}`;
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, found);
    return undefined;
  }
  const where = (c: Candidate) => `${c.record} (${c.file}${c.line === null ? "" : `:${c.line}`})`;
  return {
    type: "warning",
    message: `Helm release ${namespace}/${name} revision ${revision} is stored twice: ${where(first)} and ${where(found)}; the first is read — delete the stale record (Helm reads only its configured driver)`,
  };
}

/** A deployed revision beats any other; among equals, the higher revision wins. */
function isNewerDeployed(candidate: Candidate, current: Candidate): boolean {
  const rank = (c: Candidate) => (c.release.status === "deployed" ? 1 : 0);
  if (rank(candidate) !== rank(current)) return rank(candidate) > rank(current);
  return candidate.release.revision > current.release.revision;
}

function* latestRevisionEvents(candidate: Candidate): Generator<SourceEvent> {
  const { release } = candidate;
  if (release.status !== "deployed") {
    const id = `${release.namespace}/${release.name}`;
    if (GONE_STATUSES.has(release.status)) {
      yield {
        type: "warning",
        message: `Helm release ${id} is ${release.status}; its manifest is not scanned`,
      };
      return;
    }
    yield {
      type: "warning",
      message: `Helm release ${id} has no deployed revision; scanning its latest, revision ${release.revision} (status ${release.status})`,
    };
  }
  yield* releaseEvents(candidate);
}

/** The objects of a record's manifest, with the release as provenance and its namespace as default. */
function* releaseEvents(candidate: Candidate): Generator<SourceEvent> {
  const { name, namespace, revision } = candidate.release;
  const release = `${namespace}/${name}@${revision}`;
  const { manifest } = decodeRelease(candidate.payload, namespace);
  for (const event of parseYamlDocuments(manifest, candidate.file)) {
    if (event.type === "object") {
      const { object, source } = event.item;
      object.metadata ??= {};
      // Helm installs namespaced objects into the release namespace; cluster-scoped ones have none.
      if (!isClusterScopedType(object.apiVersion, object.kind)) object.metadata.namespace ??= namespace;
      const provenance = {
        file: candidate.file,
        line: candidate.line,
        origin: "helm-release" as const,
        release,
      };
      yield { type: "object", item: { object, source: { ...provenance, ...pick(source.template) } } };
    } else if (event.type === "error") {
      const problem = `manifest of release ${release}, line ${event.error.line}: ${event.error.message}`;
      yield recordError(candidate.record, candidate.file, candidate.line, problem, MANIFEST_FIX);
    } else {
      yield event;
    }
  }
}

function pick(template: string | undefined): { template?: string } {
  return template === undefined ? {} : { template };
}

const RECORD_FIX =
  "its release is not scanned; dump the record again with its data (kubectl get secret -o yaml)";
const MANIFEST_FIX =
  "the release's other documents were scanned; check the chart's template for that document";

function recordError(
  record: string,
  file: string,
  line: number | null,
  problem: string,
  fix = RECORD_FIX,
): SourceEvent {
  const message = `Helm release record ${record}: ${problem} — ${fix}`;
  return { type: "error", error: { file, line, message } };
}
