// The speed and memory of `cutover audit` on a large cluster, against the bare parse of the same files.
// Generates, under bench/out/audit-N/, a snapshot of N live objects (kubectl get Lists: server fields,
// last-applied, managedFields, status) of which about 6 in 7 are tracked by Argo CD and 1 in 40 was since
// edited by hand (a kubectl-edit managedFields entry and a changed label), and the rendered desired state
// of the same objects; each twice, as YAML (kubectl get -o yaml, helm template) and as JSON (-o json).
// Then runs, each in its own child process so each peak RSS is its own, for each format:
//   audit       node bin/cutover.js audit --snapshot S --desired D -t 1.33 -o json --fail-on none, with
//               the default --jobs (the number of cores), then again with --jobs 1 (one thread)
//   parse       the bare parse of the same files, the fastest known way (JSON.parse; js-yaml loadAll)
//   kept        the same parse keeping every object (node bench/audit-bench.mjs --keep DIR): the floor of
//               any tool that holds a cluster's objects, as the audit must hold the live ones
// Times are wall clock from spawn to exit, node start-up included for all; CPU is every thread's. The audit
// must also hold what it reads: "kept" is the floor to compare it with.
// BENCH_AUDIT_OBJECTS=50000 (default) sets N; BENCH_CLI=path/to/cutover.js measures another build;
// BENCH_KEEP=1 keeps the generated tree. Writes bench/out/audit-results.json.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import jsyaml from "js-yaml";
import { liveObject, manifestObject } from "./objects.mjs";
import { runNode } from "./run-node.mjs";
import { emitYaml } from "./yaml-emit.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const OBJECTS = Number(process.env.BENCH_AUDIT_OBJECTS ?? 50000);
const CLI = process.env.BENCH_CLI ?? "bin/cutover.js";
const PER_FILE = 250;
const round = (value, digits) => Number(value.toFixed(digits));

/** Object `i` as the cluster holds it: Argo CD-tracked unless i % 7 === 0, hand-edited when i % 40 === 0. */
function clusterObject(i) {
  const object = liveObject(i);
  const { metadata } = object;
  if (i % 7 !== 0) {
    const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
    const app = `suite-${i % 17}`;
    metadata.annotations["argocd.argoproj.io/tracking-id"] =
      `${app}:${group}/${object.kind}:${metadata.namespace ?? ""}/${metadata.name}`;
    metadata.managedFields.unshift({
      apiVersion: object.apiVersion,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:metadata": { "f:labels": { "f:app": {} } }, "f:spec": {} },
      manager: "argocd-controller",
      operation: "Apply",
      // After the generator's kubectl-client-side-apply writes (2024): Argo CD took the objects over.
      time: "2025-01-01T00:00:00Z",
    });
  }
  if (i % 40 === 0) {
    metadata.labels.hotfix = "true";
    metadata.managedFields.push({
      apiVersion: object.apiVersion,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:metadata": { "f:labels": { "f:hotfix": {} } } },
      manager: "kubectl-edit",
      operation: "Update",
      time: "2025-11-02T02:13:00Z",
    });
  }
  return object;
}

/** Three nodes, so the current version comes from the oldest kubelet as in a real snapshot. */
function nodes() {
  return ["v1.29.3-eks-ae9a62a", "v1.29.3-eks-ae9a62a", "v1.28.8-eks-ae9a62a"].map((version, i) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `ip-10-0-${i}-10.eu-west-1.compute.internal`, labels: { "kubernetes.io/os": "linux" } },
    status: { nodeInfo: { kubeletVersion: version } },
  }));
}

/** Writes the snapshot and the desired state as YAML under `dir`/yaml and as JSON under `dir`/json. */
function writeTree(dir) {
  rmSync(dir, { recursive: true, force: true });
  const bytes = { yaml: 0, json: 0 };
  let files = 0;
  const write = (format, path, text) => {
    const file = join(dir, format, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    bytes[format] += Buffer.byteLength(text);
    files++;
  };
  for (let start = 0; start < OBJECTS; start += PER_FILE) {
    const ids = Array.from({ length: Math.min(PER_FILE, OBJECTS - start) }, (_, k) => start + k);
    const items = ids.map(clusterObject);
    if (start === 0) items.push(...nodes());
    const list = { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
    const manifests = ids.map(manifestObject);
    write("yaml", `snapshot/objects-${start}.yaml`, emitYaml(list, { indentSeq: false }));
    write("yaml", `desired/app-${start}.yaml`, manifests.map((m) => emitYaml(m)).join("---\n"));
    write("json", `snapshot/objects-${start}.json`, `${JSON.stringify(list, null, 4)}\n`);
    write("json", `desired/app-${start}.json`, `${JSON.stringify({ ...list, items: manifests }, null, 2)}\n`);
  }
  return { files, bytes, liveObjects: OBJECTS + 3, desiredObjects: OBJECTS };
}

function phase(name, run, documents) {
  return {
    phase: name,
    seconds: round(run.ms / 1000, 2),
    cpuSeconds: round(run.cpuMs / 1000, 2),
    objectsPerSecond: Math.round(documents / (run.ms / 1000)),
    peakRssMb: round(run.maxRssMb, 0),
  };
}

/**
 * Every object of every file under `dir`, read the fastest known way: JSON.parse for .json, js-yaml's
 * loadAll otherwise (a List's items, or the document itself).
 */
function* objectsUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* objectsUnder(path);
    else if (entry.name.endsWith(".json")) yield* JSON.parse(readFileSync(path, "utf8")).items;
    else for (const doc of jsyaml.loadAll(readFileSync(path, "utf8"))) yield* doc?.items ?? [doc];
  }
}

/** The baselines (run in a child): parse every file under `dir`, keeping every object or none; count them. */
function parseBaseline(dir, keep) {
  const kept = [];
  let objects = 0;
  for (const object of objectsUnder(dir)) {
    objects++;
    if (keep) kept.push(object);
  }
  console.log(JSON.stringify({ objects, kept: kept.length }));
}

async function measure(run, what) {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}`);
  return result;
}

/** The three phases of one format; the audit's output is checked against the tree. */
async function measureFormat(format, relative, tree) {
  const snapshot = join(relative, format, "snapshot");
  const desired = join(relative, format, "desired");
  const auditArgs = [CLI, "audit", "--snapshot", snapshot, "--desired", desired, "-t", "1.33", "-o", "json"];
  const audit = await measure(runNode([...auditArgs, "--fail-on", "none"]), `audit (${format})`);
  const single = await measure(
    runNode([...auditArgs, "--fail-on", "none", "--jobs", "1"]),
    `audit (${format}) --jobs 1`,
  );
  const { summary } = JSON.parse(audit.stdout);
  if (summary.objects !== tree.liveObjects || summary.desiredObjects !== tree.desiredObjects) {
    throw new Error(`audit (${format}) read ${summary.objects}/${summary.desiredObjects} objects`);
  }
  const parse = await measure(
    runNode(["bench/audit-bench.mjs", "--parse", join(relative, format)]),
    `${format} parse`,
  );
  const kept = await measure(
    runNode(["bench/audit-bench.mjs", "--keep", join(relative, format)]),
    "kept parse",
  );
  const documents = tree.liveObjects + tree.desiredObjects;
  return {
    format,
    mb: round(tree.bytes[format] / 1e6, 1),
    findings: summary.findingsByType,
    phases: [
      phase(`audit (${format})`, audit, documents),
      phase("  --jobs 1", single, documents),
      phase(`parse (${format})`, parse, documents),
      phase(`kept (${format})`, kept, documents),
    ],
    // Throughput ratio = bare parse time / audit time for the same files (1.0: the audit costs no more
    // than parsing its input); peak RSS of the audit over that of parsing and keeping every object.
    ratio: { wall: round(parse.ms / audit.ms, 3), cpu: round(parse.cpuMs / audit.cpuMs, 3) },
    rssOverKept: round(audit.maxRssMb / kept.maxRssMb, 2),
  };
}

function print(report) {
  const { tree } = report;
  console.log(
    `${tree.liveObjects} live + ${tree.desiredObjects} desired objects in each format, ${tree.files} files`,
  );
  for (const result of report.results) {
    console.log(`\n${result.format}: ${result.mb} MB`);
    for (const p of result.phases) {
      console.log(
        `  ${p.phase.padEnd(13)} ${String(p.seconds).padStart(7)} s wall ${String(p.cpuSeconds).padStart(7)} s CPU ` +
          `${String(p.objectsPerSecond).padStart(8)} objects/s  peak RSS ${String(p.peakRssMb).padStart(5)} MB`,
      );
    }
    console.log(
      `  audit/parse throughput ${result.ratio.wall} (CPU ${result.ratio.cpu}); audit peak RSS / kept ${result.rssOverKept}`,
    );
  }
  console.log(`\nfindings: ${JSON.stringify(report.results[0]?.findings)}`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const dir = join(OUT, `audit-${OBJECTS}`);
  const relative = dir.slice(ROOT.length + 1);
  console.error(`audit bench: generating ${OBJECTS} live and desired objects…`);
  const tree = writeTree(dir);
  const results = [];
  for (const format of ["json", "yaml"]) {
    console.error(`audit bench: ${format}…`);
    results.push(await measureFormat(format, relative, tree));
  }
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  const report = {
    command: `node ${CLI} audit --snapshot S --desired D -t 1.33 -o json --fail-on none`,
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
    date: new Date().toISOString(),
    tree,
    results,
  };
  writeFileSync(join(OUT, "audit-results.json"), `${JSON.stringify(report, null, 2)}\n`);
  print(report);
}

if (process.argv[2] === "--keep" || process.argv[2] === "--parse") {
  parseBaseline(process.argv[3], process.argv[2] === "--keep");
} else await main();
