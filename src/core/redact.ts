// Redaction of likely secrets in text that Cutover stores or prints but did not write itself: the output of
// a user's hook, and error messages of providers (which may quote a URL or a config line). The rules err
// on the side of hiding: a false positive costs a word of context, a miss leaks a credential into the
// event log, which is kept and shown to everyone who can read the store.

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

interface Rule {
  name: string;
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

// Key names whose value is a secret when followed by `=` or `:` (password=…, "token": "…",
// aws_secret_access_key = …). The key must end with one of these words, so "token-errors: failed" is kept.
// Every repetition is bounded: hook output is untrusted, and an unbounded scan from each word boundary
// of a long line ("a-a-a-…") is quadratic.
const SECRET_KEY =
  "[A-Za-z0-9_.-]{0,40}?(?:password|passwd|pass|pwd|secret[_-]?access[_-]?key|secret|token|api[_-]?key|private[_-]?key)";
const SECRET_VALUE = `"[^"]{0,1024}"|'[^']{0,1024}'|[^\\s,;&"'|]{1,1024}`;

// Command-line flags whose next word is a secret: `--password X`, `-token X`, `--with-token X`.
const SECRET_FLAG =
  "--?(?:password|passwd|pass|token|secret|api-key|apikey|client-secret|auth-token|access-token|with-token|secret-key|access-key)";
const SECRET_FLAG_ALONE = new RegExp(`^${SECRET_FLAG}$`, "i");
// A flag's value: quoted, or a word that is not itself the next flag.
const FLAG_VALUE = `"[^"]{0,1024}"|'[^']{0,1024}'|[^\\s"'-][^\\s]{0,1023}`;
// `curl -u user:password`, `--user user:password` (the user is kept).
const USER_FLAG = /^(?:-u|--user)$/;

const RULES: readonly Rule[] = [
  {
    name: "PEM private key block",
    // Not a block already reduced to its marker (by privateKeyLineFilter, or an earlier pass).
    pattern:
      /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY-----(?! \[redacted\])[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g,
    replace: `-----BEGIN $1PRIVATE KEY----- ${REDACTED}`,
  },
  {
    name: "Authorization header (Basic, Bearer, any scheme or none)",
    pattern:
      /\b(authorization["']?[ \t]*[:=][ \t]*["']?)(?:(Basic|Bearer|Token|Digest|Negotiate|AWS4-HMAC-SHA256)[ \t]+)?[^\s"',;|]{1,4096}/gi,
    replace: (_, before, scheme) => `${before}${scheme ? `${scheme} ` : ""}${REDACTED}`,
  },
  {
    name: "JSON Web Token",
    pattern: /\beyJ[A-Za-z0-9_-]{4,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,4096}/g,
    replace: REDACTED,
  },
  {
    name: "GitHub token",
    pattern: /\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,255}/g,
    replace: `$1${REDACTED}`,
  },
  {
    name: "Slack token",
    pattern: /\b(xox[abposr]-)[A-Za-z0-9-]{8,255}/g,
    replace: `$1${REDACTED}`,
  },
  {
    name: "AWS access key id",
    // Also glued to a name (AWS_KEY_AKIA…), where \b would not match.
    pattern: /(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
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
    name: "secret flag and its value (--password X)",
    pattern: new RegExp(`(^|\\s)(${SECRET_FLAG}[ \\t]+)(?:${FLAG_VALUE})`, "gi"),
    replace: `$1$2${REDACTED}`,
  },
  {
    name: "user:password after -u/--user (curl)",
    pattern: /(^|\s)((?:-u|--user)[ \t]+["']?[^\s:"']{1,256}:)[^\s"']{1,1024}/g,
    replace: `$1$2${REDACTED}`,
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
  for (const rule of RULES)
    result = result.replace(rule.pattern, rule.replace as (match: string, ...groups: string[]) => string);
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

/**
 * A command's argv with likely secrets redacted, for the "running …" line and the event log: each word as
 * text, and the word after a secret flag (`--password X`) or after `-u`/`--user` (`user:password`).
 */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((arg, index) => {
    const flag = index > 0 ? (argv[index - 1] ?? "") : "";
    if (SECRET_FLAG_ALONE.test(flag)) return REDACTED;
    if (USER_FLAG.test(flag) && arg.includes(":")) return `${arg.slice(0, arg.indexOf(":") + 1)}${REDACTED}`;
    return redactSecrets(arg);
  });
}
