// `npm run bench`: the speed and memory of `cutover scan` against the bare YAML parse of the same files.
// For each tree size it generates a synthetic tree under bench/out/, then runs, each in its own child
// process (so each peak RSS is its own):
//   scan      node bin/cutover.js scan DIR -t 1.33 -o json --fail-on none   (the whole CLI, output piped
//             to this process and dropped after its summary is read)
//   yaml+toJS node bench/bare-parse.mjs DIR tojs   (read, parseAllDocuments, toJS() every document)
//   yaml AST  node bench/bare-parse.mjs DIR ast    (read, parseAllDocuments only)
// Times are wall clock from spawn to exit, node start-up included for all three.
// Sizes: BENCH_SIZES=25000,100000 (the default). Writes bench/out/results.json.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTree } from "./generate.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const PROBE = join(ROOT, "bench", "rss-probe.mjs");
const TARGET = "1.33";
const SIZES = (process.env.BENCH_SIZES ?? "25000,100000").split(",").map(Number);
const GOAL = 0.8;

/** Runs `node --import probe ...args`; resolves to wall time, peak RSS, exit code and stdout's head. */
function runNode(args, headBytes = 0) {
  const probeFile = join(OUT, `probe-${process.pid}.json`);
  rmSync(probeFile, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_PROBE_FILE: probeFile, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let head = "";
  let outBytes = 0;
  child.stdout.on("data", (chunk) => {
    outBytes += chunk.length;
    if (head.length < headBytes) head += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const probe = JSON.parse(readFileSync(probeFile, "utf8"));
      rmSync(probeFile, { force: true });
      resolve({ ms, cpuMs: probe.cpuMs, code, maxRssMb: probe.maxRssKb / 1024, head, outBytes });
    });
  });
}

/** The summary block at the top of the scan's JSON output: `"summary": { … }`. */
function summaryOf(head) {
  const match = /"summary":\s*(\{[^}]*\})/.exec(head);
  if (!match) throw new Error(`no summary in the scan output:\n${head.slice(0, 500)}`);
  return JSON.parse(match[1]);
}

async function measureScan(dir, tree) {
  const run = await runNode(["bin/cutover.js", "scan", dir, "-t", TARGET, "-o", "json", "--fail-on", "none"], 4096);
  const summary = summaryOf(run.head);
  if (run.code !== 0 || summary.objects !== tree.documents) {
    throw new Error(`scan exited ${run.code} with ${summary.objects} objects; expected 0 and ${tree.documents}`);
  }
  return { ...run, findings: summary.removed + summary.deprecated };
}

async function measureBare(dir, mode) {
  const run = await runNode(["bench/bare-parse.mjs", dir, mode], 4096);
  const counts = JSON.parse(run.head);
  if (run.code !== 0 || counts.errors !== 0) throw new Error(`bare parse (${mode}) failed: ${run.head}`);
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

async function measureSize(documents) {
  const dir = join(OUT, `tree-${documents}`);
  const tree = generateTree(dir, documents);
  const relative = dir.slice(ROOT.length + 1);
  const scan = await measureScan(relative, tree);
  const toJs = await measureBare(relative, "tojs");
  const ast = await measureBare(relative, "ast");
  return {
    tree: { ...tree, dir: relative, mb: round(tree.bytes / 1e6, 1), findings: scan.findings },
    phases: [phase("cutover scan", scan, tree), phase("yaml + toJS", toJs, tree), phase("yaml AST only", ast, tree)],
    // Throughput ratio = bare time / scan time (same files, same documents); by wall clock, and by CPU
    // time (every thread), which other load on the machine disturbs less.
    ratioVsToJs: round(toJs.ms / scan.ms, 3),
    ratioVsAst: round(ast.ms / scan.ms, 3),
    cpuRatioVsToJs: round(toJs.cpuMs / scan.cpuMs, 3),
    cpuRatioVsAst: round(ast.cpuMs / scan.cpuMs, 3),
    scanOutputMb: round(scan.outBytes / 1e6, 1),
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
    const verdict = r.ratioVsToJs >= GOAL ? "meets" : "BELOW";
    console.log(
      `${r.tree.documents} documents (${r.tree.live} live-style, ${r.tree.findings} findings): ` +
        `scan/bare throughput = ${r.ratioVsToJs} vs yaml+toJS (${verdict} the ${GOAL} goal), ${r.ratioVsAst} vs yaml AST only; ` +
        `by CPU time ${r.cpuRatioVsToJs} and ${r.cpuRatioVsAst}`,
    );
  }
  const rss = results.map((r) => `${r.phases[0].peakRssMb} MB at ${r.tree.documents}`).join(", ");
  console.log(`scan peak RSS: ${rss}`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const started = performance.now();
  const results = [];
  for (const size of SIZES) {
    console.error(`bench: ${size} documents…`);
    results.push(await measureSize(size));
  }
  const report = {
    command: `cutover scan DIR -t ${TARGET} -o json --fail-on none`,
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpu: cpus()[0]?.model },
    date: new Date().toISOString(),
    results,
    totalSeconds: round((performance.now() - started) / 1000, 1),
  };
  writeFileSync(join(OUT, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  printTable(results);
  console.log(`bench took ${report.totalSeconds} s; results in bench/out/results.json`);
}

await main();
