import { describe, expect, it } from "vitest";
import { privateKeyLineFilter, REDACTED, redactArgv, redactDeep, redactSecrets } from "./redact.js";

const R = REDACTED;

describe("redactSecrets", () => {
  it.each([
    ["an AWS access key id", "key AKIAIOSFODNN7EXAMPLE denied", `key AKIA${R} denied`],
    ["an STS access key id", "ASIAY34FZKBOKMUTVV7A expired", `ASIA${R} expired`],
    [
      "aws_secret_access_key = value (credentials file)",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      `aws_secret_access_key = ${R}`,
    ],
    ["password=value", "PGPASSWORD=hunter2 psql failed", `PGPASSWORD=${R} psql failed`],
    ["--password=value", "argocd login --password=s3cr3t!", `argocd login --password=${R}`],
    ["password: value (YAML)", "  password: hunter2", `  password: ${R}`],
    ['"password": "value" (JSON)', '{"user":"a","password":"p w"}', `{"user":"a","password":${R}}`],
    ["token: value", "x-auth-token: abc.def.ghi", `x-auth-token: ${R}`],
    ["access_token=value in a query", "GET /cb?access_token=abc123&x=1", `GET /cb?access_token=${R}&x=1`],
    ["client_secret: value", "client_secret: 'quoted value'", `client_secret: ${R}`],
    ["api_key=value", "API_KEY=0123abcd", `API_KEY=${R}`],
    [
      "a Bearer token",
      "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
      `Authorization: Bearer ${R}`,
    ],
    ["token: Bearer value (one marker)", "token: Bearer abcdefgh12345", `token: ${R}`],
    [
      "a URL with user:password",
      "dial postgres://cutover:pa%40ss@db.internal:5432/state failed",
      `dial postgres://cutover:${R}@db.internal:5432/state failed`,
    ],
    [
      "a URL whose password holds an @",
      "https://ops:p@ss@prom.example.com/api",
      `https://ops:${R}@prom.example.com/api`,
    ],
    [
      "a PEM private key block",
      "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAAAA\n-----END RSA PRIVATE KEY----- done",
      `key: -----BEGIN RSA PRIVATE KEY----- ${R} done`,
    ],
    [
      "a PEM block cut short (no END)",
      "-----BEGIN OPENSSH PRIVATE KEY----- | b3BlbnNzaC1rZXktdjEA",
      `-----BEGIN OPENSSH PRIVATE KEY----- ${R}`,
    ],
    [
      "an Authorization: Basic header",
      "curl -H 'Authorization: Basic dXNlcjpodW50ZXIy' https://x",
      `curl -H 'Authorization: Basic ${R}' https://x`,
    ],
    [
      "an Authorization: Bearer header (one marker)",
      "authorization: Bearer abc.def",
      `authorization: Bearer ${R}`,
    ],
    [
      "an Authorization header without a scheme",
      '"Authorization": "s3cr3t-value"',
      `"Authorization": "${R}"`,
    ],
    [
      "a JWT on its own",
      "id_token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.SflKxwRJSMeKKF2QT4fwpM expired",
      `id_token ${R} expired`,
    ],
    [
      "a GitHub classic token",
      "remote: ghp_16C7e42F292c6912E7710c838347Ae178B4a rejected",
      `remote: ghp_${R} rejected`,
    ],
    [
      "a GitHub fine-grained token",
      "using github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF",
      `using github_pat_${R}`,
    ],
    ["a Slack bot token", "slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp", `slack xoxb-${R}`],
    ["an AWS key id glued to a name", "AWS_KEY_AKIAIOSFODNN7EXAMPLE", `AWS_KEY_AKIA${R}`],
    ["*_PASS=value", "export DB_PASS=hunter2", `export DB_PASS=${R}`],
    ["*_PASSWORD=value", "MYSQL_ROOT_PASSWORD=hunter2 docker run", `MYSQL_ROOT_PASSWORD=${R} docker run`],
    ["*_TOKEN=value", "VAULT_TOKEN=hvs.CAESIJ", `VAULT_TOKEN=${R}`],
    [
      "--password value",
      "argocd login cd.example --password s3cr3t --grpc-web",
      `argocd login cd.example --password ${R} --grpc-web`,
    ],
    ["--token value", "kubectl --token 'abc def' get pods", `kubectl --token ${R} get pods`],
    ["curl -u user:password", "curl -u ops:hunter2 https://x", `curl -u ops:${R} https://x`],
    ["curl --user user:password", 'curl --user "ops:hunter2" https://x', `curl --user "ops:${R}" https://x`],
    [
      "hook output lines joined by ' | ' keep their neighbours",
      "Error: apply failed | password=x | retry later",
      `Error: apply failed | password=${R} | retry later`,
    ],
  ])("%s", (_, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    ["a user without a password", "postgres://cutover@db/state"],
    [
      "a metric name holding a key word",
      "step 2 of 4 (green 50 %): token-errors: failed (1) > failureLimit (0)",
    ],
    ["prose about passwords", 'password authentication failed for user "cutover"'],
    ["a public certificate", "-----BEGIN CERTIFICATE----- MIIB"],
    ["a Bearer mentioned in prose", "expected a Bearer token"],
    ["a host:port URL", "cannot reach Prometheus at http://127.0.0.1:9090/api/v1/query"],
    ["an empty prompt", "Password:\nnext line"],
    ["prose about Basic auth", "Basic authentication failed for ops"],
    ["curl -u with a user only (curl asks for the password)", "curl -u ops https://x"],
    ["a --password flag with no value", "error: flag needs an argument: --password"],
  ])("keeps %s", (_, input) => {
    expect(redactSecrets(input)).toBe(input);
  });

  it.each([
    ["a-a-a-… (a word boundary at every other character)", "a-".repeat(32_768)],
    ["x.x.x.…", "x.".repeat(32_768)],
    ['password="… never closed', 'password="'.repeat(6_500)],
    ["token-token-…", "token-".repeat(11_000)],
  ])("stays linear on a 64 KB line of %s", (_, line) => {
    const started = performance.now();
    redactSecrets(line);
    // Unbounded patterns took 12 s on the first of these; bounded ones take milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("is idempotent", () => {
    const once = redactSecrets(
      "token=abc https://u:p@h AKIAIOSFODNN7EXAMPLE -----BEGIN PRIVATE KEY----- x | after",
    );
    expect(once).toBe(`token=${R} https://u:${R}@h AKIA${R} -----BEGIN PRIVATE KEY----- ${R}`);
    expect(redactSecrets(once)).toBe(once);
  });
});

describe("redactArgv", () => {
  it.each([
    [
      ["argocd", "login", "--password", "s3cr3t"],
      ["argocd", "login", "--password", R],
    ],
    [
      ["argocd", "login", "--password=s3cr3t"],
      ["argocd", "login", `--password=${R}`],
    ],
    [
      ["curl", "-u", "ops:hunter2", "https://x"],
      ["curl", "-u", `ops:${R}`, "https://x"],
    ],
    [
      ["curl", "--user", "ops:hunter2"],
      ["curl", "--user", `ops:${R}`],
    ],
    [
      ["curl", "-H", "Authorization: Bearer abcdefgh1234"],
      ["curl", "-H", `Authorization: Bearer ${R}`],
    ],
    [
      ["vault", "login", "-token", "hvs.CAESIJ"],
      ["vault", "login", "-token", R],
    ],
    [
      ["env", "DB_PASS=hunter2", "psql"],
      ["env", `DB_PASS=${R}`, "psql"],
    ],
    [
      ["gh", "auth", "--with-token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"],
      ["gh", "auth", "--with-token", R],
    ],
    [
      ["terraform", "apply", "-auto-approve"],
      ["terraform", "apply", "-auto-approve"],
    ],
    [
      ["curl", "-u", "ops"],
      ["curl", "-u", "ops"],
    ],
  ])("%j", (argv, expected) => {
    expect(redactArgv(argv)).toEqual(expected);
  });
});

describe("redactDeep", () => {
  it("redacts strings at any depth and leaves other values alone", () => {
    const input = { url: "https://u:pw@h/x", results: [{ problem: "token=t0k", requests: 3, ok: true }] };
    expect(redactDeep(input)).toEqual({
      url: `https://u:${R}@h/x`,
      results: [{ problem: `token=${R}`, requests: 3, ok: true }],
    });
    expect(input.url).toBe("https://u:pw@h/x");
  });
});

describe("privateKeyLineFilter", () => {
  it("drops a key's body lines, across lines, and keeps the lines around it", () => {
    const filter = privateKeyLineFilter();
    const lines = [
      "writing key",
      "-----BEGIN EC PRIVATE KEY-----",
      "MHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49",
      "-----END EC PRIVATE KEY-----",
      "done",
    ];
    expect(lines.map(filter).filter((line) => line !== null)).toEqual([
      "writing key",
      `-----BEGIN EC PRIVATE KEY----- ${R}`,
      "done",
    ]);
  });

  it("a marker it left is not widened by redactSecrets over the lines after it", () => {
    const filter = privateKeyLineFilter();
    const kept = ["-----BEGIN PRIVATE KEY-----", "AAAA", "-----END PRIVATE KEY-----", "exit 1"].map(filter);
    expect(redactSecrets(kept.filter((line) => line !== null).join(" | "))).toBe(
      `-----BEGIN PRIVATE KEY----- ${R} | exit 1`,
    );
  });

  it("a block on one line does not swallow the next lines", () => {
    const filter = privateKeyLineFilter();
    expect(filter("k=-----BEGIN PRIVATE KEY----- abc -----END PRIVATE KEY-----")).toBe(
      `k=-----BEGIN PRIVATE KEY----- ${R}`,
    );
    expect(filter("next")).toBe("next");
  });
});
