// Redaction of likely secrets in text that Cutover stores or prints but did not write itself: the output of
// a user's hook, and error messages of providers (which may quote a URL or a config line). The rules err
// on the side of hiding: a false positive costs a word of context, a miss leaks a credential into the
// event log, which is kept and shown to everyone who can read the store.

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

interface Rule {
  name: string;
  pattern: RegExp;
  replace: string;
}

// Key names whose value is a secret when followed by `=` or `:` (password=…, "token": "…",
// aws_secret_access_key = …). The key must end with one of these words, so "token-errors: failed" is kept.
// Every repetition is bounded: hook output is untrusted, and an unbounded scan from each word boundary
// of a long line ("a-a-a-…") is quadratic.
const SECRET_KEY =
  "[A-Za-z0-9_.-]{0,40}?(?:password|passwd|secret[_-]?access[_-]?key|secret|token|api[_-]?key|private[_-]?key)";
const SECRET_VALUE = `"[^"]{0,1024}"|'[^']{0,1024}'|[^\\s,;&"'|]{1,1024}`;

const RULES: readonly Rule[] = [
  {
    name: "PEM private key block",
    // Not a block already reduced to its marker (by privateKeyLineFilter, or an earlier pass).
    pattern:
      /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY-----(?! \[redacted\])[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g,
    replace: `-----BEGIN $1PRIVATE KEY----- ${REDACTED}`,
  },
  {
    name: "AWS access key id",
    pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g,
    replace: `$1${REDACTED}`,
  },
  {
    name: "URL credentials",
    pattern: /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s/@:]{1,256}):[^\s/]{1,1024}@/gi,
    replace: `$1$2:${REDACTED}@`,
  },
  {
    name: "bearer token",
    pattern: /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/g,
    replace: `$1 ${REDACTED}`,
  },
  {
    name: "secret key=value",
    pattern: new RegExp(`\\b(${SECRET_KEY}["']?[ \\t]*[:=][ \\t]*)(${SECRET_VALUE})`, "gi"),
    replace: `$1${REDACTED}`,
  },
];

/** `text` with likely secrets replaced by REDACTED; the words around them are kept. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const rule of RULES) result = result.replace(rule.pattern, rule.replace);
  // A value that is itself a redaction (token: "Bearer [redacted]") needs no second marker.
  return result.replaceAll(`${REDACTED} ${REDACTED}`, REDACTED);
}

/** Every string inside `value` (objects and arrays, walked) redacted; other values unchanged. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, redactDeep(item)]),
    ) as T;
  }
  return value;
}

/**
 * A filter for a stream of output lines that drops the body of PEM private key blocks, which span many
 * lines: the BEGIN line becomes one marker, the lines up to END are dropped. Returns the line to keep,
 * or null. The state lives in the closure, so use one filter per stream.
 */
export function privateKeyLineFilter(): (line: string) => string | null {
  let inside = false;
  return (line) => {
    if (inside) {
      if (/-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----/.test(line)) inside = false;
      return null;
    }
    const begin = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY-----/.exec(line);
    if (!begin) return line;
    inside = !/-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----/.test(line.slice(begin.index));
    return `${line.slice(0, begin.index)}-----BEGIN ${begin[1] ?? ""}PRIVATE KEY----- ${REDACTED}`;
  };
}

/** A command's argv with likely secrets redacted, for the "running …" line and the event log. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((arg) => redactSecrets(arg));
}
