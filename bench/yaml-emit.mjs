// A small block-style YAML writer for the benchmark generator: the `yaml` package's stringify is correct
// but takes longer than the scan it feeds, and the tree is regenerated on every run.
// It writes what kubectl and Helm write: block maps, `- ` sequences, plain scalars where they are safe,
// double-quoted (JSON) scalars otherwise, `|` literals for multi-line strings.

const PLAIN = /^[A-Za-z_/][\w./:@-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function scalar(value) {
  if (typeof value === "string")
    return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
  return String(value);
}

function key(name) {
  return PLAIN.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

function isEmpty(value) {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** Lines of a `|` literal for a string that ends with a newline (kubectl's last-applied annotation). */
function literal(value, pad) {
  const body = value.slice(0, -1).replaceAll("\n", `\n${pad}`);
  return `|\n${pad}${body}\n`;
}

/** `key: value` lines for a map at `indent`; sequences at the key's indent when `indentSeq` is false. */
function mapLines(object, indent, indentSeq) {
  const pad = " ".repeat(indent);
  let out = "";
  for (const [name, value] of Object.entries(object)) {
    out += `${pad}${key(name)}:${valueText(value, indent, indentSeq)}`;
  }
  return out;
}

function valueText(value, indent, indentSeq) {
  if (value === null || typeof value !== "object") {
    if (typeof value === "string" && value.endsWith("\n") && value.length > 1) {
      return ` ${literal(value, " ".repeat(indent + 2))}`;
    }
    return ` ${scalar(value)}\n`;
  }
  if (isEmpty(value)) return Array.isArray(value) ? " []\n" : " {}\n";
  if (Array.isArray(value)) return `\n${seqLines(value, indentSeq ? indent + 2 : indent, indentSeq)}`;
  return `\n${mapLines(value, indent + 2, indentSeq)}`;
}

function seqLines(items, indent, indentSeq) {
  const pad = " ".repeat(indent);
  let out = "";
  for (const item of items) {
    if (item === null || typeof item !== "object" || isEmpty(item)) {
      out += `${pad}-${valueText(item, indent, indentSeq)}`;
    } else if (Array.isArray(item)) {
      out += `${pad}-\n${seqLines(item, indent + 2, indentSeq)}`;
    } else {
      // The first key shares the `- ` line; the others align under it.
      out += `${pad}- ${mapLines(item, indent + 2, indentSeq).slice(indent + 2)}`;
    }
  }
  return out;
}

/** One YAML document (no `---`) for a plain object. */
export function emitYaml(object, { indentSeq = true } = {}) {
  return mapLines(object, 0, indentSeq);
}
