// The speed and memory of `cutover compare` on two large clusters. Generates, under bench/out/compare-N/,
// blue: N live objects (kubectl get -o json Lists, bench/objects.mjs) and green: the same objects with
// planted differences (1 in 50 runs an older image tag, 1 in 1000 is missing, 20 extra ConfigMaps), then
// runs, each in its own child process so that each peak RSS is its own:
//   compare   node bin/cutover.js compare --blue-snapshot B --green-snapshot G -o json --fail-on none
//   kept      JSON.parse of blue's files keeping every object (node bench/audit-bench.mjs --keep B): the
//             floor of any tool that holds one side, as compare holds blue and streams green
// Times are wall clock from spawn to exit, node start-up included. BENCH_COMPARE_OBJECTS=50000 (default)
// sets N; BENCH_CLI=path/to/cutover.js measures another build; BENCH_KEEP=1 keeps the generated tree.
// Writes bench/out/compare-results.json.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { liveObject } from "./objects.mjs";
import { runNode } from "./run-node.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const OBJECTS = Number(process.env.BENCH_COMPARE_OBJECTS ?? 50000);
const CLI = process.env.BENCH_CLI ?? "bin/cutover.js";
const PER_FILE = 250;
const EXTRAS = 20;
const round = (value, digits) => Number(value.toFixed(digits));

/** Object `i` as a healthy cluster holds it: workloads report their replicas available. */
function healthy(i) {
  const object = liveObject(i);
  if (object.status && typeof object.spec?.replicas === "number") {
    object.status.availableReplicas = object.spec.replicas;
    object.status.readyReplicas = object.spec.replicas;
  }
  return object;
}

/** Green's object `i`: an older image tag for 1 in 50, none for 1 in 1000. */
function greenObject(i) {
  if (i % 1000 === 999) return undefined;
  const object = healthy(i);
  if (i % 50 === 7) {
    const text = JSON.stringify(object).replace(/(registry\.example\.com\/team-\d+\/app:)1\./g, "$10.");
    return JSON.parse(text);
  }
  return object;
}

function writeSide(dir, objectAt, extras) {
  let bytes = 0;
  for (let start = 0; start < OBJECTS; start += PER_FILE) {
    const items = [];
    for (let i = start; i < Math.min(start + PER_FILE, OBJECTS); i++) {
      const object = objectAt(i);
      if (object) items.push(object);
    }
    if (start === 0) items.push(...extras);
    const text = `${JSON.stringify({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } }, null, 4)}\n`;
    const file = join(dir, `objects-${start}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

function writeTree(dir) {
  rmSync(dir, { recursive: true, force: true });
  const extras = Array.from({ length: EXTRAS }, (_, k) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `green-only-${k}`, namespace: "team-0" },
    data: { k: "v" },
  }));
  const blueBytes = writeSide(join(dir, "blue"), healthy, []);
  const greenBytes = writeSide(join(dir, "green"), greenObject, extras);
  const missing = Math.floor((OBJECTS + 1) / 1000);
  return {
    blueObjects: OBJECTS,
    greenObjects: OBJECTS - missing + EXTRAS,
    missing,
    extras: EXTRAS,
    mb: round((blueBytes + greenBytes) / 1e6, 1),
  };
}

async function measure(run, what) {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}`);
  return result;
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

async function main() {
  mkdirSync(OUT, { recursive: true });
  const dir = join(OUT, `compare-${OBJECTS}`);
  const relative = dir.slice(ROOT.length + 1);
  console.error(`compare bench: generating ${OBJECTS} + ${OBJECTS} objects…`);
  const tree = writeTree(dir);
  const blue = join(relative, "blue");
  const green = join(relative, "green");
  console.error("compare bench: compare…");
  const args = [
    CLI,
    "compare",
    "--blue-snapshot",
    blue,
    "--green-snapshot",
    green,
    "-o",
    "json",
    "--fail-on",
    "none",
  ];
  const compare = await measure(runNode(args), "compare");
  const result = JSON.parse(compare.stdout);
  if (
    result.summary.byType["missing-on-green"] !== tree.missing ||
    result.summary.byType["extra-on-green"] !== tree.extras
  ) {
    throw new Error(
      `compare found ${JSON.stringify(result.summary.byType)}, planted ${tree.missing} missing and ${tree.extras} extra`,
    );
  }
  const kept = await measure(runNode(["bench/audit-bench.mjs", "--keep", blue]), "kept parse of blue");
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  const documents = tree.blueObjects + tree.greenObjects;
  const report = {
    command: `node ${CLI} compare --blue-snapshot B --green-snapshot G -o json --fail-on none`,
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
    date: new Date().toISOString(),
    tree,
    found: { ...result.summary.byType, matched: result.summary.matched, verdict: result.verdict },
    phases: [phase("compare", compare, documents), phase("kept (blue)", kept, tree.blueObjects)],
    rssOverKeptBlue: round(compare.maxRssMb / kept.maxRssMb, 2),
  };
  writeFileSync(join(OUT, "compare-results.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${tree.blueObjects} blue + ${tree.greenObjects} green objects, ${tree.mb} MB of JSON`);
  for (const p of report.phases) {
    console.log(
      `  ${p.phase.padEnd(12)} ${String(p.seconds).padStart(7)} s wall ${String(p.cpuSeconds).padStart(7)} s CPU ` +
        `${String(p.objectsPerSecond).padStart(8)} objects/s  peak RSS ${String(p.peakRssMb).padStart(5)} MB`,
    );
  }
  console.log(`  compare peak RSS / blue kept: ${report.rssOverKeptBlue}`);
  console.log(`  found: ${JSON.stringify(report.found)}`);
}

await main();
