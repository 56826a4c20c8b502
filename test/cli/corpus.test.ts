// `cutover scan` end to end on the real data in test/corpus. What the data holds is worked out
// here independently (a plain YAML parse of every file), so the scan is checked against the data, not
// against itself.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import type { ApiLifecycle } from "../../src/core/knowledge.js";
import type { Finding, ScanResult } from "../../src/core/types.js";
import { runCli } from "../support/terminal.js";

const CORPUS = "test/corpus";
const DUMPS = `${CORPUS}/cluster-dumps`;
const HELM = `${CORPUS}/helm-rendered`;
const GITOPS = `${CORPUS}/gitops-repos`;
const SLOW = 120_000;

type Json = Record<string, unknown>;

async function scan(dir: string, target: string): Promise<{ code: number; result: ScanResult }> {
  const run = await runCli(["scan", dir, "-t", target, "-o", "json", "--fail-on", "none"]);
  return { code: run.code, result: JSON.parse(run.stdout) as ScanResult };
}

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The objects of a file by a plain parse: documents that parse, Lists unpacked. Templates yield none. */
function objectsIn(file: string): Json[] {
  const text = readFileSync(file, "utf8");
  const objects: Json[] = [];
  const visit = (value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    const object = value as Json;
    if (Array.isArray(object.items)) object.items.forEach(visit);
    else if (typeof object.apiVersion === "string" && typeof object.kind === "string") objects.push(object);
  };
  try {
    for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
      if (doc.errors.length === 0) visit(doc.toJS({ maxAliasCount: -1 }));
    }
  } catch {
    return objects;
  }
  return objects;
}

/** `apiVersion kind` keys of every API deprecated or removed at `target`, from `cutover apis`. */
async function oldApisAt(target: string): Promise<(apiVersion: string, kind: string) => boolean> {
  const run = await runCli(["apis", "-t", target, "-o", "json"]);
  const { apis } = JSON.parse(run.stdout) as { apis: ApiLifecycle[] };
  const keys = new Set(apis.map((api) => `${api.apiVersion} ${api.kind}`));
  return (apiVersion, kind) => keys.has(`${apiVersion} ${kind}`) || keys.has(`${apiVersion} *`);
}

/**
 * Old API versions recorded by last-applied annotations and managedFields in the data, counted the way
 * docs/scan-output.md says: each distinct apiVersion of an object once, from the first origin showing it.
 */
function recordedOldApis(objects: Json[], isOld: (apiVersion: string, kind: string) => boolean) {
  const counts = { "last-applied": 0, "managed-fields": 0 };
  for (const object of objects) {
    const kind = object.kind as string;
    const metadata = (object.metadata ?? {}) as Json;
    const seen = new Set([object.apiVersion as string]);
    const raw = ((metadata.annotations ?? {}) as Json)["kubectl.kubernetes.io/last-applied-configuration"];
    const applied = typeof raw === "string" ? safeJson(raw) : undefined;
    if (
      applied &&
      applied.kind === kind &&
      typeof applied.apiVersion === "string" &&
      !seen.has(applied.apiVersion)
    ) {
      seen.add(applied.apiVersion);
      if (isOld(applied.apiVersion, kind)) counts["last-applied"]++;
    }
    for (const entry of (metadata.managedFields ?? []) as Json[]) {
      const apiVersion = entry.apiVersion;
      if (typeof apiVersion !== "string" || seen.has(apiVersion)) continue;
      seen.add(apiVersion);
      if (isOld(apiVersion, kind)) counts["managed-fields"]++;
    }
  }
  return counts;
}

function safeJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const countBy = (findings: Finding[], key: (f: Finding) => string) => {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[key(finding)] = (counts[key(finding)] ?? 0) + 1;
  return counts;
};

describe("scan test/corpus/cluster-dumps at 1.33", () => {
  let code: number;
  let result: ScanResult;
  beforeAll(async () => {
    ({ code, result } = await scan(DUMPS, "1.33"));
  }, SLOW);

  it("reads the whole set without crashing", () => {
    expect(result.summary.objects).toBeGreaterThan(1300);
    expect(result.summary.files).toBeGreaterThan(480);
    // Parse errors make the exit code 2 even with --fail-on none.
    expect(code).toBe(result.errors.length > 0 ? 2 : 0);
  });

  it("reports only the argo-cd quote-folding files as errors, each with file and line", () => {
    expect(result.errors.length).toBeLessThanOrEqual(3);
    for (const error of result.errors) {
      expect(error.file).toMatch(/^test\/corpus\/cluster-dumps\/argoproj__argo-cd\/.*\.yaml$/);
      expect(error.line).toBeGreaterThan(0);
      expect(error.message).toMatch(/quote/);
    }
  });

  it(
    "finds the old APIs of every origin the data records: manifest, last-applied, managed-fields",
    async () => {
      const byOrigin = countBy(result.findings, (f) => f.source.origin);
      expect(byOrigin.manifest).toBeGreaterThan(0);
      expect(byOrigin["last-applied"]).toBeGreaterThan(0);
      const objects = manifestFiles(DUMPS).flatMap(objectsIn);
      expect(objects.some((o) => Array.isArray((o.metadata as Json | undefined)?.managedFields))).toBe(true);
      const expected = recordedOldApis(objects, await oldApisAt("1.33"));
      expect(byOrigin["last-applied"] ?? 0).toBe(expected["last-applied"]);
      // The dumps' managedFields entries (529 objects) all record current APIs or the object's own version,
      // so the data holds no managed-fields finding at 1.33: the count must match the data, whatever it is.
      expect(byOrigin["managed-fields"] ?? 0).toBe(expected["managed-fields"]);
    },
    SLOW,
  );

  it("finds the removed APIs the dumps are known for", () => {
    const found = new Set(
      result.findings.map((f) => `${f.status} ${f.apiVersion} ${f.kind} ${f.source.origin}`),
    );
    for (const expected of [
      "removed policy/v1beta1 PodSecurityPolicy manifest",
      "removed apiextensions.k8s.io/v1beta1 CustomResourceDefinition manifest",
      "removed extensions/v1beta1 Deployment last-applied",
      "deprecated v1 Endpoints manifest",
    ]) {
      expect(found).toContain(expected);
    }
  });

  it.each(["table", "json", "yaml", "markdown", "sarif", "junit"])(
    "-o %s renders the whole set",
    async (format) => {
      const run = await runCli(["scan", DUMPS, "-t", "1.33", "-o", format, "--fail-on", "none"]);
      expect(run.code).toBe(code);
      expect(run.stdout.length).toBeGreaterThan(1000);
      expect(run.stderr).not.toMatch(/TypeError|RangeError|at .*\.ts:\d+/);
      if (format === "sarif") {
        const sarif = JSON.parse(run.stdout) as { runs: { results: unknown[] }[] };
        expect(sarif.runs[0]?.results.length).toBe(result.findings.length);
      }
      if (format === "yaml") expect(parseYaml(run.stdout)).toEqual(result);
      if (format === "json") expect(JSON.parse(run.stdout)).toEqual(result);
      if (format === "junit") expect(run.stdout).toMatch(/^<\?xml[^>]*>\s*<testsuites/);
    },
    SLOW,
  );
});

describe("scan test/corpus/helm-rendered at 1.25", () => {
  let code: number;
  let result: ScanResult;
  beforeAll(async () => {
    ({ code, result } = await scan(HELM, "1.25"));
  }, SLOW);

  it("reports the 140 unrendered helm/charts templates as skipped, and no errors", () => {
    expect(code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.skipped).toHaveLength(140);
    for (const skipped of result.skipped) {
      expect(skipped.file).toMatch(/\/templates\//);
      expect(skipped.reason).toBe("unrendered Helm template");
    }
  });

  it("scans every other file that holds objects: each file is scanned, skipped, or holds no object", () => {
    const skipped = new Set(result.skipped.map((s) => s.file));
    const withObjects = manifestFiles(HELM).filter(
      (file) => !skipped.has(file) && objectsIn(file).length > 0,
    );
    // summary.files counts the files that gave an object, a skip or an error: a file with objects that
    // the scan dropped would make it smaller.
    expect(result.summary.files).toBe(new Set([...skipped, ...withObjects]).size);
    const neither = manifestFiles(HELM).filter((file) => !skipped.has(file) && !withObjects.includes(file));
    expect(neither.length).toBeGreaterThan(0);
    for (const file of neither)
      expect(path.basename(file), file).toMatch(/^(Chart|values|requirements|selection)\.(yaml|json)$/);
    for (const finding of result.findings) {
      expect(skipped.has(finding.source.file) || withObjects.includes(finding.source.file)).toBe(true);
    }
  });

  it("finds the removed APIs the charts use", () => {
    const found = countBy(result.findings, (f) => `${f.status} ${f.apiVersion} ${f.kind}`);
    expect(found["removed extensions/v1beta1 Deployment"]).toBeGreaterThan(0);
    expect(found["removed policy/v1beta1 PodSecurityPolicy"]).toBeGreaterThan(0);
    expect(found["removed batch/v1beta1 CronJob"]).toBeGreaterThan(0);
  });
});

describe("scan test/corpus/gitops-repos at 1.33", () => {
  it(
    "reads the repositories and reports Karpenter v1alpha5 Provisioners as a CRD-set finding",
    async () => {
      const { code, result } = await scan(GITOPS, "1.33");
      expect(code).toBe(result.errors.length > 0 ? 2 : 0);
      expect(result.summary.objects).toBeGreaterThan(400);
      const provisioners = result.findings.filter(
        (f) => f.apiVersion === "karpenter.sh/v1alpha5" && f.kind === "Provisioner",
      );
      expect(provisioners.length).toBeGreaterThan(0);
      for (const finding of provisioners) {
        expect(finding.component).toBe("karpenter");
        expect(finding.status).toBe("removed");
      }
    },
    SLOW,
  );
});
