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
    // A README or a .txt with `{{` that does not parse is not YAML, not an unrendered template.
    if (!events.some((event) => event.type === "error") || !mayBeTemplate(file)) {
      yield* events;
      return;
    }
  }
  yield* templateEvents(text, file);
}

/** A file a chart could hold: .yaml, .yml, .json, .tpl, or stdin (`helm template` piped in is rendered). */
function mayBeTemplate(file: string): boolean {
  return file === "-" || /\.(ya?ml|json|tpl)$/i.test(file);
}

function* parseStructured(text: string, file: string): Generator<SourceEvent> {
  yield* parseJsonDocument(text, file) ?? parseYamlDocuments(text, file);
}

function* templateEvents(text: string, file: string): Generator<SourceEvent> {
  const recovered = scanTemplateLines(text, file);
  yield { type: "skipped", skipped: { file, reason: UNRENDERED_TEMPLATE, recovered: recovered.length } };
  for (const item of recovered) yield { type: "object", item };
}
