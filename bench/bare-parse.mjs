// The baseline of the scan benchmark: the bare YAML parse of the same files with the same parser, and
// nothing else. `node bench/bare-parse.mjs DIR tojs|ast` walks DIR in the scan's order (sorted,
// recursive, .yaml/.yml/.json), reads each file, runs `parseAllDocuments` and, in `tojs` mode, `toJS()`
// on every document (what any consumer needs to get objects). Prints one JSON line of counts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const MANIFEST = /\.(ya?ml|json)$/i;

function* manifestFiles(dir) {
  const entries = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* manifestFiles(path);
    else if (entry.isFile() && MANIFEST.test(entry.name)) yield path;
  }
}

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== "tojs" && mode !== "ast")) {
  console.error("usage: node bench/bare-parse.mjs DIR tojs|ast");
  process.exit(2);
}
let files = 0;
let documents = 0;
let errors = 0;
let values = 0;
for (const path of manifestFiles(dir)) {
  files++;
  for (const doc of parseAllDocuments(readFileSync(path, "utf8"))) {
    documents++;
    errors += doc.errors.length;
    if (mode === "tojs" && doc.toJS() !== null) values++;
  }
}
console.log(JSON.stringify({ files, documents, errors, values }));
