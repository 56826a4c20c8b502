// Loads and validates the knowledge data files once at start; a broken entry is a KnowledgeError.
import path from "node:path";
import type { ApiLifecycle, ApiSet, KnowledgeBase } from "../core/knowledge.js";
import { DATA_FILES, defaultDataDir } from "./data-dir.js";
import { readDataFile, validateDataFile } from "./data-file.js";
import { displayPath, entryLabel, KnowledgeError, lineOf } from "./errors.js";
import {
  addonsFileSchema,
  apiFileSchema,
  eksCalendarFileSchema,
  kubernetesMinor,
  platformNotesFileSchema,
  skewFileSchema,
  type VersionSpan,
  versionsFileSchema,
} from "./schema.js";

export { defaultDataDir } from "./data-dir.js";
export { KnowledgeError } from "./errors.js";

export interface LoadOptions {
  /** Files in the apis.yaml format whose entries are added as set "user". */
  extraDataFiles?: string[];
  /** Directory of the bundled data files; defaults to src/knowledge/data. */
  dataDir?: string;
}

export function loadKnowledge(options: LoadOptions = {}): KnowledgeBase {
  const dataDir = options.dataDir ?? defaultDataDir();
  const file = (name: string) => path.join(dataDir, name);
  const versionsFile = validateDataFile(
    readDataFile(file(DATA_FILES.versions), "knowledge data file"),
    versionsFileSchema,
  );
  const span: VersionSpan = {
    first: kubernetesMinor(versionsFile.first) ?? 0,
    last: kubernetesMinor(versionsFile.last) ?? 0,
  };
  const apiSets: [string, ApiSet][] = [
    [file(DATA_FILES.apis), "builtin"],
    [file(DATA_FILES.crdApis), "crd"],
    ...(options.extraDataFiles ?? []).map((extra): [string, ApiSet] => [path.resolve(extra), "user"]),
  ];
  const apis = mergeApis(apiSets.map(([apiFile, set]) => loadApiFile(apiFile, set, span)));
  const notes = validateDataFile(
    readDataFile(file(DATA_FILES.platformNotes), "knowledge data file"),
    platformNotesFileSchema(span),
  );
  const calendar = validateDataFile(
    readDataFile(file(DATA_FILES.eksCalendar), "knowledge data file"),
    eksCalendarFileSchema(span),
  );
  const addons = validateDataFile(
    readDataFile(file(DATA_FILES.addons), "knowledge data file"),
    addonsFileSchema(span),
  );
  const skew = validateDataFile(
    readDataFile(file(DATA_FILES.skew), "knowledge data file"),
    skewFileSchema(span),
  );
  rejectDuplicates(file(DATA_FILES.platformNotes), "notes", notes.notes, (note) => note.id);
  rejectDuplicates(file(DATA_FILES.eksCalendar), "releases", calendar.releases, (release) => release.version);
  rejectDuplicates(file(DATA_FILES.addons), "addons", addons.addons, (addon) => addon.addon);
  rejectDuplicates(file(DATA_FILES.skew), "rules", skew.rules, (rule) => rule.component);
  return {
    versions: versionRange(span),
    apis,
    platformNotes: notes.notes,
    eks: calendar.releases,
    addons: addons.addons,
    skew: skew.rules,
  };
}

/** "1.16" … "1.36" from the span in versions.yaml. */
function versionRange(span: VersionSpan): string[] {
  return Array.from({ length: span.last - span.first + 1 }, (_, offset) => `1.${span.first + offset}`);
}

/** An API entry with where it was defined, so duplicates can name both places. */
interface PlacedApi {
  api: ApiLifecycle;
  file: string;
  place: string;
}

function loadApiFile(file: string, set: ApiSet, span: VersionSpan): PlacedApi[] {
  const parsed = readDataFile(file, "knowledge data file");
  const data = validateDataFile(parsed, apiFileSchema(span));
  return data.apis.map((entry, index) => {
    const line = lineOf(parsed, ["apis", index]);
    const place = `${parsed.file}${line === null ? "" : `:${line}`} ${entryLabel(entry, index)}`;
    return { api: { ...entry, set }, file: parsed.file, place };
  });
}

/** One entry per apiVersion+kind across built-in, CRD and user files: a second definition is an error. */
function mergeApis(files: PlacedApi[][]): ApiLifecycle[] {
  const seen = new Map<string, string>();
  const apis: ApiLifecycle[] = [];
  for (const { api, file, place } of files.flat()) {
    const key = `${api.apiVersion} ${api.kind}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new KnowledgeError(
        `duplicate API ${key}: ${place} repeats ${first}; keep one of them (extra data may add APIs, not redefine them)`,
        file,
      );
    }
    seen.set(key, place);
    apis.push(api);
  }
  return apis;
}

function rejectDuplicates<T>(file: string, listKey: string, items: T[], keyOf: (item: T) => string): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined) {
      const shown = displayPath(file);
      throw new KnowledgeError(
        `${shown}: ${listKey} entry ${index + 1} repeats "${key}" of entry ${first + 1}; keep one of them`,
        shown,
      );
    }
    seen.set(key, index);
  });
}
