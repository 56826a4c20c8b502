import { describe, expect, it } from "vitest";
import { BASE_SPEC } from "../../../test/support/migration-spec.js";
import { analysisForStep, stepNeedsApproval } from "./spec.js";
import { formatPath, parseMigrationSpec } from "./spec-parse.js";

function errorsOf(text: string) {
  const parsed = parseMigrationSpec(text, "m.yaml");
  if (!("errors" in parsed)) throw new Error("expected errors");
  return parsed.errors;
}

function specOf(text: string) {
  const parsed = parseMigrationSpec(text, "m.yaml");
  if ("errors" in parsed) throw new Error(JSON.stringify(parsed.errors));
  return parsed.spec;
}

const ROUTE53 = BASE_SPEC.replace(
  / {2}traffic:\n {4}provider: haproxy\n.*\n/,
  `  traffic:
    provider: route53
    route53:
      hostedZoneId: Z123
      recordName: shop.example.com
      blue: { setIdentifier: blue, alias: { dnsName: blue-alb.eu-west-1.elb.amazonaws.com, hostedZoneId: Z32O12XQLNTSW2 } }
      green: { setIdentifier: green, alias: { dnsName: green-alb.eu-west-1.elb.amazonaws.com, hostedZoneId: Z32O12XQLNTSW2 } }
`,
);

const EXTERNALDNS = BASE_SPEC.replace(
  / {2}traffic:\n {4}provider: haproxy\n.*\n/,
  `  traffic:
    provider: externaldns
    externaldns:
      blue: { context: blue-admin@blue, kind: Ingress, namespace: shop, name: shop, setIdentifier: blue }
      green: { context: green-admin@green, kind: Ingress, namespace: shop, name: shop, setIdentifier: green }
      route53: { hostedZoneId: Z123, recordName: shop.example.com }
`,
);

const GREEN_MANIFESTS = BASE_SPEC.replace(
  "green: { labels: { cluster: green } }",
  'green: { labels: { cluster: green }, version: "1.33", manifests: [gitops/rendered, extra.yaml] }',
);

describe("parseMigrationSpec: valid specs", () => {
  it("reads the test spec with its defaults applied", () => {
    const spec = specOf(BASE_SPEC);
    expect(spec.metadata.name).toBe("shop-blue-green");
    expect(spec.spec.steps.map((step) => step.green)).toEqual([20, 50, 80, 100]);
    expect(spec.spec.approvals).toBe("auto");
    expect(spec.spec.smoke).toEqual([]);
    expect(spec.spec.freeze?.hook).toEqual({ command: ["echo", "freeze"], timeout: "30m" });
  });

  it("accepts a 30-day hook timeout and freeze (beyond what one setTimeout can wait)", () => {
    const spec = specOf(
      BASE_SPEC.replace("duration: 2m", "duration: 30d").replace(
        "hook: { command: [echo, freeze] }",
        "hook: { command: [echo, freeze], timeout: 30d }",
      ),
    );
    expect(spec.spec.freeze).toMatchObject({ duration: "30d", hook: { timeout: "30d" } });
  });

  it("reads a route53 pair with alias targets (type defaults; ttl stays the records' own)", () => {
    const traffic = specOf(ROUTE53).spec.traffic;
    expect(traffic.provider === "route53" && traffic.route53).toMatchObject({ type: "A" });
    expect(traffic.provider === "route53" && traffic.route53.ttl).toBeUndefined();
  });

  it("reads externaldns with the pre-v0.22 annotation prefix by default", () => {
    const traffic = specOf(EXTERNALDNS).spec.traffic;
    expect(traffic.provider === "externaldns" && traffic.externaldns.annotationPrefix).toBe(
      "external-dns.alpha.kubernetes.io/",
    );
  });

  it("reads green's version and manifests", () => {
    const green = specOf(GREEN_MANIFESTS).spec.green;
    expect(green).toMatchObject({ version: "1.33", manifests: ["gitops/rendered", "extra.yaml"] });
  });

  it("a step override replaces the metrics and keeps the other limits; approval falls back to approvals", () => {
    const body = specOf(
      BASE_SPEC.replace(
        "{ green: 50, bake: 1m }",
        "{ green: 50, bake: 1m, approval: manual, analysis: { failureLimit: 3 } }",
      ),
    ).spec;
    expect(analysisForStep(body, 1).failureLimit).toBe(3);
    expect(analysisForStep(body, 1).interval).toBe("10s");
    expect(analysisForStep(body, 0).failureLimit).toBe(0);
    expect([0, 1].map((index) => stepNeedsApproval(body, index))).toEqual([false, true]);
  });
});

describe("parseMigrationSpec: errors name the path, say what is expected, and point at the line", () => {
  const line = (text: string, needle: string) =>
    text.split("\n").findIndex((row) => row.includes(needle)) + 1;
  it.each([
    [
      "steps out of order",
      BASE_SPEC.replace("{ green: 80, bake: 1m }", "{ green: 40, bake: 1m }"),
      "spec.steps[2].green",
      "must be greater than 50 (the previous step)",
      "green: 40",
    ],
    [
      "a last step below 100",
      BASE_SPEC.replace("{ green: 100, bake: 1m }", "{ green: 90, bake: 1m }"),
      "spec.steps[3].green",
      "the last step must send all traffic to green (100), got 90",
      "green: 90",
    ],
    [
      "an unknown traffic provider",
      BASE_SPEC.replace("provider: haproxy", "provider: nginx"),
      "spec.traffic.provider",
      'unknown traffic provider; expected one of route53, haproxy, externaldns, got "nginx"',
      "provider: nginx",
    ],
    [
      "a duration without a unit",
      BASE_SPEC.replace("interval: 10s", 'interval: "10"'),
      "spec.analysis.interval",
      '"10" has no unit: write "10s", "10m" or "10h"',
      "interval:",
    ],
    [
      "a misspelt field",
      BASE_SPEC.replace("failureLimit: 0", "failureLimt: 0"),
      "spec.analysis",
      'unknown field "failureLimt"; expected one of interval, failureLimit, inconclusiveLimit, consecutiveErrorLimit, minSamples, metrics',
      "failureLimt",
    ],
    [
      "a placeholder no side defines",
      BASE_SPEC.replace('code=~"5.."', 'code=~"5..",team="{{team}}"'),
      "spec.analysis.metrics[0].prometheus.query",
      'uses {{team}} but spec.blue.labels has no "team"',
      "team=",
    ],
    [
      "a metric without a threshold",
      BASE_SPEC.replace("        max: 0.05\n        vsBlue: { maxRatio: 2 }\n", ""),
      "spec.analysis.metrics[0]",
      "needs a threshold: max, min or vsBlue (otherwise nothing is judged)",
      "name: error-rate",
    ],
    [
      "a metric with an unknown source",
      BASE_SPEC.replace(
        'prometheus: { address: "http://127.0.0.1:9090", query: \'sum(rate',
        'datadog: { address: "x", query: \'sum(rate',
      ),
      "spec.analysis.metrics[0]",
      'unknown field "datadog"; expected one of name, prometheus, cloudwatch, max, min, vsBlue',
      "datadog",
    ],
    [
      "a missing required field",
      BASE_SPEC.replace("blueServer: blue, ", ""),
      "spec.traffic.haproxy.blueServer",
      "is required (expected text)",
      "runtimeApi",
    ],
    [
      "a bad runtime API address",
      BASE_SPEC.replace("unix:/run/cutover/admin.sock", "/run/admin.sock"),
      "spec.traffic.haproxy.runtimeApi",
      'expected "unix:/path/to/admin.sock" or "host:port", e.g. "127.0.0.1:9999"',
      "runtimeApi",
    ],
    [
      "a bad name",
      BASE_SPEC.replace("name: shop-blue-green", "name: Shop_Green"),
      "metadata.name",
      "must be lower-case",
      "Shop_Green",
    ],
    [
      "the wrong apiVersion",
      BASE_SPEC.replace("cutover.dev/v1alpha1", "cutover.dev/v1"),
      "apiVersion",
      'expected "cutover.dev/v1alpha1", got "cutover.dev/v1"',
      "apiVersion",
    ],
  ])("%s", (_, text, path, message, lineOf) => {
    const errors = errorsOf(text);
    const found = errors.find((error) => error.path === path);
    expect(found, JSON.stringify(errors)).toBeDefined();
    expect(found?.message).toContain(message);
    expect(found?.line).toBe(line(text, lineOf));
  });

  it("route53 set identifiers must differ", () => {
    const errors = errorsOf(ROUTE53.replace("setIdentifier: green", "setIdentifier: blue"));
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: "spec.traffic.route53.green.setIdentifier",
        message: "must differ from blue's setIdentifier (each side owns one weighted row)",
      }),
    );
  });

  it.each([
    [
      "externaldns set identifiers must differ",
      EXTERNALDNS.replace("setIdentifier: green", "setIdentifier: blue"),
      "spec.traffic.externaldns.green.setIdentifier",
      "must differ from blue's setIdentifier (each side owns one weighted row)",
    ],
    [
      "an externaldns side needs its setIdentifier",
      EXTERNALDNS.replace(", setIdentifier: blue }", " }"),
      "spec.traffic.externaldns.blue.setIdentifier",
      "is required (expected text)",
    ],
    [
      "green's version as a YAML number (1.30 would read as 1.3)",
      GREEN_MANIFESTS.replace('version: "1.33"', "version: 1.30"),
      "spec.green.version",
      'expected a Kubernetes version in quotes, e.g. "1.33" (YAML reads 1.30 as the number 1.3), got 1.3',
    ],
    [
      "green's version that is not a Kubernetes version",
      GREEN_MANIFESTS.replace('version: "1.33"', 'version: "2.0"'),
      "spec.green.version",
      'expected a Kubernetes version such as "1.33", got "2.0"',
    ],
    [
      "green's manifests without a version",
      GREEN_MANIFESTS.replace('version: "1.33", ', ""),
      "spec.green.version",
      'is required with manifests: the Kubernetes version green runs, e.g. "1.33"',
    ],
    [
      "green's manifests as an empty list",
      GREEN_MANIFESTS.replace("[gitops/rendered, extra.yaml]", "[]"),
      "spec.green.manifests",
      "must name at least one file or directory",
    ],
    [
      "an analysis interval of 0s (it would query in a tight loop)",
      BASE_SPEC.replace("interval: 10s", "interval: 0s"),
      "spec.analysis.interval",
      "must be at least 1s: a shorter interval queries the metrics backend in a tight loop",
    ],
    [
      "a step's analysis interval below 1s",
      BASE_SPEC.replace("{ green: 20, bake: 1m }", "{ green: 20, bake: 1m, analysis: { interval: 500ms } }"),
      "spec.steps[0].analysis.interval",
      "must be at least 1s: a shorter interval queries the metrics backend in a tight loop",
    ],
    [
      "a readiness interval of 0s",
      BASE_SPEC.replace(
        "hook: { command: [echo, freeze] }",
        "hook: { command: [echo, freeze], ready: { command: [true], interval: 0s } }",
      ),
      "spec.freeze.hook.ready.interval",
      "must be at least 1s: a shorter interval runs the check in a tight loop",
    ],
    [
      "a hook timeout of 0s",
      BASE_SPEC.replace(
        "hook: { command: [echo, freeze] }",
        "hook: { command: [echo, freeze], timeout: 0s }",
      ),
      "spec.freeze.hook.timeout",
      "must be at least 1s: the hook would be stopped as it starts",
    ],
    [
      "a hook timeout beyond the longest timer",
      BASE_SPEC.replace(
        "hook: { command: [echo, freeze] }",
        "hook: { command: [echo, freeze], timeout: 91d }",
      ),
      "spec.freeze.hook.timeout",
      'must be at most 90d, got "91d" (a longer time is most likely a typo)',
    ],
    [
      "a bake beyond the longest timer",
      BASE_SPEC.replace("{ green: 20, bake: 1m }", "{ green: 20, bake: 2400h }"),
      "spec.steps[0].bake",
      'must be at most 90d, got "2400h" (a longer time is most likely a typo)',
    ],
    [
      "blue with green's fields",
      BASE_SPEC.replace(
        "blue: { labels: { cluster: blue } }",
        'blue: { labels: { cluster: blue }, version: "1.32" }',
      ),
      "spec.blue",
      'unknown field "version"; expected one of labels, endpoint, context',
    ],
  ])("%s", (_, text, path, message) => {
    expect(errorsOf(text)).toContainEqual(expect.objectContaining({ path, message }));
  });

  it("green's version must be one cutover knows, when the known versions are given", () => {
    const known = () => ["1.32", "1.33"];
    const text = GREEN_MANIFESTS.replace('"1.33"', '"1.99"');
    expect(parseMigrationSpec(text, "m.yaml", { kubernetesVersions: known })).toEqual({
      errors: [
        {
          path: "spec.green.version",
          message: '"1.99" is not a Kubernetes version cutover knows; known: 1.32, 1.33',
          line: text.split("\n").findIndex((row) => row.includes('"1.99"')) + 1,
        },
      ],
    });
    const spelled = GREEN_MANIFESTS.replace('"1.33"', '"v1.33.4"');
    expect(parseMigrationSpec(spelled, "m.yaml", { kubernetesVersions: known })).toHaveProperty("spec");
    const asked = { count: 0 };
    const counting = () => {
      asked.count += 1;
      return known();
    };
    parseMigrationSpec(BASE_SPEC, "m.yaml", { kubernetesVersions: counting });
    expect(asked.count).toBe(0);
  });

  it("invalid YAML gives the line of the problem", () => {
    const errors = errorsOf("apiVersion: cutover.dev/v1alpha1\nkind: [Migration\n");
    expect(errors[0]?.message).toMatch(/^m.yaml is not valid YAML/);
    expect(errors[0]?.line).toBeGreaterThan(0);
  });

  it("an empty file says what is expected", () => {
    expect(errorsOf("")[0]?.message).toBe(
      "m.yaml is empty; expected a Migration (apiVersion cutover.dev/v1alpha1)",
    );
  });
});

describe("formatPath", () => {
  it("writes indexes in brackets", () => {
    expect(formatPath(["spec", "steps", 2, "green"])).toBe("spec.steps[2].green");
  });
});
