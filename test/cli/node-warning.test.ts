// `cutover migrate start … --dry-run` builds the AWS clients (Route 53 here). On Node 20 the AWS SDK v3 emits a
// 7-line NodeVersionSupportWarning when a client is created; bin/cutover.js turns it off (documented env var
// AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true) unless the user set it. Runs the built CLI, on
// 127.0.0.1 only: no AWS credentials, instance metadata disabled, Prometheus on a closed local port.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "cutover-node-warning-"));
const spec = path.join(dir, "route53.yaml");
writeFileSync(
  spec,
  readFileSync("examples/migration/shop-route53.yaml", "utf8")
    .replace("http://prometheus.monitoring:9090", "http://127.0.0.1:9")
    .replace(/^\s*manifests:.*\n/m, "")
    .replace(/url: "https:\/\/green-alb\.example\.com\/healthz"/, 'url: "http://127.0.0.1:9/healthz"'),
);

/** The environment of a user without AWS credentials, with nothing set about the warning unless given. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")));
  return {
    ...clean,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: path.join(dir, "none"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"),
    NO_COLOR: "1",
    ...extra,
  };
}

function dryRun(extra?: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ["bin/cutover.js", "migrate", "start", spec, "--dry-run"], {
    encoding: "utf8",
    env: env(extra),
    timeout: 60_000,
  });
}

describe("the AWS SDK's Node version warning", () => {
  it("is not printed by a dry run that builds the Route 53 client", () => {
    const run = dryRun();
    // The dry run got as far as the provider's preflight, so the SDK client was created.
    expect(run.stdout).toContain("route53: hosted zone Z123EXAMPLE is not reachable");
    expect(run.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript|require node >=22/);
  });

  it.runIf(Number(process.versions.node.split(".")[0]) < 22)(
    "is still the SDK's to print on Node 20 when the user sets the variable to false",
    () => {
      const run = dryRun({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "false" });
      expect(run.stderr).toMatch(/NodeVersionSupportWarning/);
    },
  );
});
