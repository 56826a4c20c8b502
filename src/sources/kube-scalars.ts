// Plain (unquoted) YAML scalars as the Kubernetes API server reads them. kubectl and the API server
// convert YAML with sigs.k8s.io/yaml, which resolves scalars with go-yaml v2 (YAML 1.1 rules):
// `yes`/`on`/`y` are true, `0777` is octal (511), `1_000` is 1000, timestamps stay strings. Both YAML
// parsers (the fast one and the fallback) resolve plain scalars with these functions, so a file means
// the same whichever reads it.

/**
 * go-yaml v2's boolean words, except the single letters `y`/`Y`/`n`/`N`: go-yaml v2 reads those as
 * booleans too, even as keys (`y: 2` becomes `"true": 2`), which no manifest means; they stay strings,
 * as in YAML 1.2 and go-yaml v3.
 */
const TRUE_WORDS = new Set(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSE_WORDS = new Set(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const NULL_WORDS = new Set(["", "~", "null", "Null", "NULL"]);

export const TRUE_PATTERN = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
export const FALSE_PATTERN = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
export const NULL_PATTERN = /^(?:~|null|Null|NULL)?$/;
/** Every plain scalar that may be a number: it starts with a digit, a sign or a dot. */
export const NUMBER_CANDIDATE = /^[-+.0-9]/;

/** Every scalar is tested, keys included: the length check turns almost all of them away unhashed. */
export function isBoolWord(text: string): boolean {
  return text.length >= 2 && text.length <= 5 && (TRUE_WORDS.has(text) || FALSE_WORDS.has(text));
}

export function boolOfWord(text: string): boolean {
  return TRUE_WORDS.has(text);
}

export function isNullWord(text: string): boolean {
  return text.length <= 4 && NULL_WORDS.has(text);
}

/** Go's strconv.ParseInt/ParseUint with base 0, after go-yaml removed the underscores. */
const GO_INTEGER = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** go-yaml v2's yamlStyleFloat. */
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What strconv.ParseFloat accepts for a scalar that starts with `.` (go-yaml's other float case). */
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Record<string, number> = {
  ".nan": Number.NaN,
  ".NaN": Number.NaN,
  ".NAN": Number.NaN,
  ".inf": Number.POSITIVE_INFINITY,
  ".Inf": Number.POSITIVE_INFINITY,
  ".INF": Number.POSITIVE_INFINITY,
  "+.inf": Number.POSITIVE_INFINITY,
  "+.Inf": Number.POSITIVE_INFINITY,
  "+.INF": Number.POSITIVE_INFINITY,
  "-.inf": Number.NEGATIVE_INFINITY,
  "-.Inf": Number.NEGATIVE_INFINITY,
  "-.INF": Number.NEGATIVE_INFINITY,
};

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The number go-yaml v2 reads from a plain scalar, or undefined when it stays a string. Integers that
 * fit int64/uint64 are integers (a JavaScript number, rounded as JSON.parse would round it); larger
 * decimal ones are floats; larger hex/octal/binary ones stay strings, as in Go.
 */
export function goNumber(text: string): number | undefined {
  if (!mayBeNumber(text.charCodeAt(0))) return undefined;
  const special = SPECIAL_FLOATS[text];
  if (special !== undefined) return special;
  if (text.charCodeAt(0) === 0x2e) return DOT_FLOAT.test(text) ? Number(text) : undefined;
  const plain = text.includes("_") ? text.replaceAll("_", "") : text;
  const integer = GO_INTEGER.exec(plain);
  if (integer) {
    const value = goInteger(integer[1] ?? "", integer[2] ?? "");
    if (value >= INT64_MIN && value <= UINT64_MAX) return Number(value);
  }
  return GO_FLOAT.test(plain) ? Number(plain) : undefined;
}

/** NUMBER_CANDIDATE without a regular expression: a digit, `+`, `-` or `.`. */
function mayBeNumber(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e;
}

function goInteger(sign: string, digits: string): bigint {
  const octal = digits.length > 1 && digits[0] === "0" && /[0-7]/.test(digits[1] ?? "");
  const magnitude = octal ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits.replace(/^0[oO]/, "0o"));
  return sign === "-" ? -magnitude : magnitude;
}

/** A plain scalar resolved the go-yaml v2 way: null, boolean, number or the string itself. */
export function goScalar(text: string): unknown {
  if (isNullWord(text)) return null;
  if (isBoolWord(text)) return boolOfWord(text);
  return goNumber(text) ?? text;
}
