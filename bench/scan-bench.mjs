// `npm run bench`: the speed and memory of `cutover scan` against the bare YAML parse of the same files.
// For each tree size it generates a synthetic tree under bench/out/, then runs, each in its own child
// process (so each peak RSS is its own):
//   scan -j1  node bin/cutover.js scan DIR -t 1.33 -o json --fail-on none --jobs 1   (the whole CLI on one
//             thread, output piped to this process and dropped after its summary is read)
//   scan -jN  the same with --jobs N, N = the number of cores (worker threads)
//   js-yaml   node bench/bare-parse.mjs DIR jsyaml (read, js-yaml loadAll every file)
//   yaml+toJS node bench/bare-parse.mjs DIR tojs   (read, parseAllDocuments, toJS() every document)
//   yaml AST  node bench/bare-parse.mjs DIR ast    (parseAllDocuments only; largest size, BENCH_AST=1)
//   stream    node bench/bare-parse.mjs DIR stream (yaml's streaming calls; largest size, BENCH_STREAM=1)
// Times are wall clock from spawn to exit, node start-up included for all three. Documents are Kubernetes
// objects (a List's items count one each), the same count for every phase.
// Sizes: BENCH_SIZES=25000,100000 (the default); BENCH_CLI=path/to/cutover.js measures another build of
// the CLI (to compare a change); BENCH_KEEP=1 keeps the generated trees (deleted after use by default:
// they are large, and the linter would read their YAML). Writes bench/out/results.json.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTree } from "./generate.mjs";
import { runNode } from "./run-node.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const TARGET = "1.33";
const SIZES = (process.env.BENCH_SIZES ?? "25000,100000").split(",").map(Number);
/** Goals: one core at 0.7× bare js-yaml's throughput; all cores at 10 MB/s. */
const GOAL = 0.7;
const GOAL_MB_PER_SECOND = 10;
const JOBS = cpus().length;
const CLI = process.env.BENCH_CLI ?? "bin/cutover.js";

/** The summary block at the top of the scan's JSON output: `"summary": { … }`. */
function summaryOf(head) {
  const match = /"summary":\s*(\{[^}]*\})/.exec(head);
  if (!match) throw new Error(`no summary in the scan output:\n${head.slice(0, 500)}`);
  return JSON.parse(match[1]);
}

async function measureScan(dir, tree, jobs) {
  const args = [CLI, "scan", dir, "-t", TARGET, "-o", "json", "--fail-on", "none", "--jobs", String(jobs)];
  const run = await runNode(args, { keepBytes: 4096 });
  const summary = summaryOf(run.stdout);
  if (run.code !== 0 || summary.objects !== tree.documents) {
    throw new Error(
      `scan exited ${run.code} with ${summary.objects} objects; expected 0 and ${tree.documents}`,
    );
  }
  return { ...run, findings: summary.removed + summary.deprecated };
}

async function measureBare(dir, mode) {
  const run = await runNode(["bench/bare-parse.mjs", dir, mode], { keepBytes: 4096 });
  const counts = JSON.parse(run.stdout);
  if (run.code !== 0 || counts.errors !== 0) throw new Error(`bare parse (${mode}) failed: ${run.stdout}`);
  return { ...run, yamlDocuments: counts.documents };
}

function phase(name, run, tree) {
  const seconds = run.ms / 1000;
  return {
    phase: name,
    seconds: round(seconds, 2),
    cpuSeconds: round(run.cpuMs / 1000, 2),
    documentsPerSecond: Math.round(tree.documents / seconds),
    mbPerSecond: round(tree.bytes / 1e6 / seconds, 2),
    peakRssMb: round(run.maxRssMb, 0),
  };
}

const round = (value, digits) => Number(value.toFixed(digits));

/** The bare baselines: bench/bare-parse.mjs mode and the name the table shows. */
const BASELINES = {
  jsyaml: "js-yaml loadAll",
  tojs: "yaml + toJS",
  ast: "yaml AST only",
  stream: "yaml stream + toJS",
};

/**
 * Scan at --jobs 1 and --jobs N, js-yaml and yaml+toJS at every size; the AST-only and streaming
 * baselines at the largest when asked (BENCH_AST=1, BENCH_STREAM=1).
 */
async function measureSize(documents, largest) {
  const dir = join(OUT, `tree-${documents}`);
  const tree = generateTree(dir, documents);
  const relative = dir.slice(ROOT.length + 1);
  const extra = [...(process.env.BENCH_AST ? ["ast"] : []), ...(process.env.BENCH_STREAM ? ["stream"] : [])];
  const modes = ["jsyaml", "tojs", ...(largest ? extra : [])];
  const single = await measureScan(relative, tree, 1);
  const parallel = JOBS > 1 ? await measureScan(relative, tree, JOBS) : single;
  const baselines = [];
  for (const mode of modes) baselines.push([mode, await measureBare(relative, mode)]);
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  return {
    tree: { ...tree, dir: relative, mb: round(tree.bytes / 1e6, 1), findings: single.findings },
    phases: [
      phase("scan --jobs 1", single, tree),
      ...(JOBS > 1 ? [phase(`scan --jobs ${JOBS}`, parallel, tree)] : []),
      ...baselines.map(([mode, run]) => phase(BASELINES[mode], run, tree)),
    ],
    // Throughput ratio = baseline time / scan time (same files, same documents), the scan on one core;
    // by wall clock, and by CPU time (every thread), which other load on the machine disturbs differently.
    ratios: baselines.map(([mode, run]) => ({
      baseline: BASELINES[mode],
      wall: round(run.ms / single.ms, 3),
      cpu: round(run.cpuMs / single.cpuMs, 3),
    })),
    // How --jobs N scales: wall time at 1 over wall time at N.
    speedup: round(single.ms / parallel.ms, 2),
    parallelMbPerSecond: round(tree.bytes / 1e6 / (parallel.ms / 1000), 2),
    scanOutputMb: round(single.outBytes / 1e6, 1),
  };
}

function printTable(results) {
  const header = ["documents", "files", "MB", "phase", "wall s", "CPU s", "docs/s", "MB/s", "peak RSS MB"];
  const rows = results.flatMap((r) =>
    r.phases.map((p) => [
      r.tree.documents,
      r.tree.files,
      r.tree.mb,
      p.phase,
      p.seconds,
      p.cpuSeconds,
      p.documentsPerSecond,
      p.mbPerSecond,
      p.peakRssMb,
    ]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log("");
  for (const r of results) {
    const [first, ...others] = r.ratios;
    const verdict = first.wall >= GOAL ? "meets" : "BELOW";
    const rest = others.map((o) => `; vs ${o.baseline} ${o.wall} (CPU ${o.cpu})`).join("");
    console.log(
      `${r.tree.documents} documents (${r.tree.live} live-style, ${r.tree.findings} findings): scan --jobs 1/bare ` +
        `throughput vs ${first.baseline} ${first.wall} (CPU ${first.cpu}; ${verdict} the ${GOAL} goal)${rest}`,
    );
    const fast = r.parallelMbPerSecond >= GOAL_MB_PER_SECOND ? "meets" : "BELOW";
    console.log(
      `  --jobs ${JOBS}: ${r.parallelMbPerSecond} MB/s (${fast} the ${GOAL_MB_PER_SECOND} MB/s goal), ` +
        `${r.speedup}× the wall time of --jobs 1`,
    );
  }
  const rss = results
    .map((r) => `${r.phases[0].peakRssMb}/${r.phases[1]?.peakRssMb} MB at ${r.tree.documents}`)
    .join(", ");
  console.log(
    `scan peak RSS (--jobs 1/--jobs ${JOBS}): ${rss} (documents are objects; a List's items count one each)`,
  );
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const started = performance.now();
  const results = [];
  const largest = Math.max(...SIZES);
  for (const size of SIZES) {
    console.error(`bench: ${size} documents…`);
    results.push(await measureSize(size, size === largest));
  }
  const report = {
    command: `node ${CLI} scan DIR -t ${TARGET} -o json --fail-on none --jobs 1|${JOBS}`,
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
    },
    date: new Date().toISOString(),
    results,
    totalSeconds: round((performance.now() - started) / 1000, 1),
  };
  writeFileSync(join(OUT, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  printTable(results);
  console.log(`bench took ${report.totalSeconds} s; results in bench/out/results.json`);
}

await main();
