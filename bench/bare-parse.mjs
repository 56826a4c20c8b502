// The baselines of the scan benchmark: the bare YAML parse of the same files with the same parser, and
// nothing else. `node bench/bare-parse.mjs DIR MODE` walks DIR in the scan's order (sorted, recursive,
// .yaml/.yml/.json) and reads each file, then:
//   tojs    parseAllDocuments, and toJS() on every document (what any consumer needs to get objects);
//   ast     parseAllDocuments only (syntax trees, no objects);
//   stream  yaml's Composer over its Parser, one document at a time, and toJS() on each (the calls the
//           scan's exact fallback makes);
//   jsyaml  js-yaml's loadAll with its default schema (the fastest common YAML parser on npm: the bar the
//           scan's fast path is measured against).
// Prints one JSON line of counts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { Composer, Parser, parseAllDocuments } from "yaml";

const MANIFEST = /\.(ya?ml|json)$/i;
const MODES = ["tojs", "ast", "stream", "jsyaml"];

function* manifestFiles(dir) {
  const entries = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* manifestFiles(path);
    else if (entry.isFile() && MANIFEST.test(entry.name)) yield path;
  }
}

function documentsOf(text, mode) {
  return mode === "stream" ? new Composer().compose(new Parser().parse(text)) : parseAllDocuments(text);
}

const [dir, mode] = process.argv.slice(2);
if (!dir || !MODES.includes(mode)) {
  console.error(`usage: node bench/bare-parse.mjs DIR ${MODES.join("|")}`);
  process.exit(2);
}
let files = 0;
let documents = 0;
let errors = 0;
let values = 0;
for (const path of manifestFiles(dir)) {
  files++;
  if (mode === "jsyaml") {
    for (const value of jsyaml.loadAll(readFileSync(path, "utf8"))) {
      documents++;
      if (value !== null && value !== undefined) values++;
    }
    continue;
  }
  for (const doc of documentsOf(readFileSync(path, "utf8"), mode)) {
    documents++;
    errors += doc.errors.length;
    if (mode !== "ast" && doc.toJS() !== null) values++;
  }
}
console.log(JSON.stringify({ files, documents, errors, values }));
