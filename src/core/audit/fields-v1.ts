// Decoding managedFields `fieldsV1` (the server-side apply field set) into paths people read:
// `f:spec` → spec, `k:{"name":"app"}` → [name=app], `v:"x"` → [x], `i:0` → [0], `.` = the node itself.
// Only the deepest owned paths are listed: a map that also owns children is shown through its children.

/** Map keys that read well after a dot; others are quoted: metadata.annotations["a.b/c"]. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** Every path owned by a fieldsV1 set, in the set's order; [] for anything that is not a field set. */
export function decodeFieldsV1(fieldsV1: unknown): string[] {
  const paths: string[] = [];
  collect(fieldsV1, "", paths);
  return paths;
}

function collect(node: unknown, prefix: string, paths: string[]): void {
  if (!isRecord(node)) return;
  const children = Object.keys(node).filter((key) => key !== ".");
  if (children.length === 0) {
    if (prefix !== "") paths.push(prefix);
    return;
  }
  for (const key of children) collect(node[key], join(prefix, key), paths);
}

/** The path of `key` (one fieldsV1 key) under `prefix`. */
function join(prefix: string, key: string): string {
  const kind = key.slice(0, 2);
  const rest = key.slice(2);
  switch (kind) {
    case "f:":
      return fieldStep(prefix, rest);
    case "k:":
      return `${prefix}[${keyFields(rest)}]`;
    case "v:":
      return `${prefix}[${scalarText(parseJson(rest) ?? rest)}]`;
    case "i:":
      return `${prefix}[${rest}]`;
    default:
      return fieldStep(prefix, key);
  }
}

function fieldStep(prefix: string, name: string): string {
  if (PLAIN_KEY.test(name)) return prefix === "" ? name : `${prefix}.${name}`;
  return `${prefix}[${JSON.stringify(name)}]`;
}

/** `{"containerPort":80,"protocol":"TCP"}` → `containerPort=80,protocol=TCP`. */
function keyFields(json: string): string {
  const parsed = parseJson(json);
  if (!isRecord(parsed)) return json;
  return Object.entries(parsed)
    .map(([field, value]) => `${field}=${scalarText(value)}`)
    .join(",");
}

function scalarText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
