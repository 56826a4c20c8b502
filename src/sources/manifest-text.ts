// One file's text to source events: JSON fast path, YAML documents, or an unrendered Helm template.
import type { SourceEvent } from "../core/types.js";
import {
  hasTemplateMarkers,
  isUnderTemplatesDir,
  scanTemplateLines,
  UNRENDERED_TEMPLATE,
} from "./helm-template.js";
import { parseJsonDocument } from "./json-documents.js";
import { parseYamlDocuments } from "./yaml-documents.js";

/**
 * Events for the text of one manifest file named `file` (as it is reported).
 * - A file with `{{` inside a chart's `templates/` directory, or with `{{` that does not parse, is an
 *   unrendered Helm template: one `skipped` event, then the objects its lines declare unambiguously.
 * - Otherwise JSON (fast path) or multi-document YAML; malformed documents are errors, the rest is read.
 */
export function* parseManifestText(text: string, file: string): Generator<SourceEvent> {
  if (!hasTemplateMarkers(text)) {
    yield* parseStructured(text, file);
    return;
  }
  if (!isUnderTemplatesDir(file)) {
    // Templated values inside otherwise valid YAML (Argo CD ApplicationSets, Go templates) parse fine.
    const events = [...parseStructured(text, file)];
    if (!events.some((event) => event.type === "error")) {
      yield* events;
      return;
    }
  }
  yield* templateEvents(text, file);
}

function* parseStructured(text: string, file: string): Generator<SourceEvent> {
  yield* parseJsonDocument(text, file) ?? parseYamlDocuments(text, file);
}

function* templateEvents(text: string, file: string): Generator<SourceEvent> {
  const recovered = scanTemplateLines(text, file);
  yield { type: "skipped", skipped: { file, reason: UNRENDERED_TEMPLATE, recovered: recovered.length } };
  for (const item of recovered) yield { type: "object", item };
}
