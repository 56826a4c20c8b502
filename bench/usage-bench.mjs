// The speed and memory of reading Kubernetes audit logs (`cutover scan --usage-audit-log`), against the
// bare JSON.parse of the same lines. Generates into the OS temp dir (never the repository) two audit logs
// as the API server writes them (Metadata level, one event per line, ~1 KB each; about 1 call in 50 to a
// removed API with the k8s.io/deprecated annotations, from 40 clients): a small one and a large one
// (BENCH_USAGE_MB, default 256 MB; the small one a quarter of it). Then runs, each in its own child process so each peak RSS is its own:
//   cutover     node bin/cutover.js scan -t 1.29 --usage-audit-log LOG -o json --fail-on none
//   bare        node bench/usage-bench.mjs --bare LOG: node:readline over the file and JSON.parse of
//               every line, nothing else (the floor of any streaming reader of the same lines)
// on both logs, and on an empty log for the start-up time of each (node, the CLI and the knowledge base),
// which "net" figures leave out. Goals: cutover's throughput ≥ 0.7× the bare parse; peak RSS flat (the
// large log's within a few MB of the small one's). Times are wall clock from spawn to exit.
// BENCH_KEEP=1 keeps the logs. Writes bench/out/usage-results.json.
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { runNode } from "./run-node.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const LARGE_MB = Number(process.env.BENCH_USAGE_MB ?? 256);
const SMALL_MB = Math.max(1, Math.round(LARGE_MB / 4));
const CLI = process.env.BENCH_CLI ?? "bin/cutover.js";
const MB = 1024 * 1024;
const round = (value, digits) => Number(value.toFixed(digits));

const CURRENT = [
  ["", "v1", "pods"],
  ["", "v1", "configmaps"],
  ["apps", "v1", "deployments"],
  ["coordination.k8s.io", "v1", "leases"],
  ["discovery.k8s.io", "v1", "endpointslices"],
];
const REMOVED = [
  ["policy", "v1beta1", "podsecuritypolicies", "1.25"],
  ["flowcontrol.apiserver.k8s.io", "v1beta2", "flowschemas", "1.29"],
  ["autoscaling", "v2beta2", "horizontalpodautoscalers", "1.26"],
];
const VERBS = ["get", "list", "watch", "update", "patch"];

/** Event `i`: every 50th calls a removed API (one of 40 clients), the others current APIs. */
function event(i, startMs) {
  const removed = i % 50 === 0;
  const client = removed ? (i / 50) % 40 : i % 300;
  const [group, version, resource, release] = removed
    ? REMOVED[client % REMOVED.length]
    : CURRENT[i % CURRENT.length];
  const namespace = `team-${i % 23}`;
  const name = `object-${i % 997}`;
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const time = new Date(startMs + i * 10).toISOString();
  const annotations = {
    "authorization.k8s.io/decision": "allow",
    "authorization.k8s.io/reason": `RBAC: allowed by ClusterRoleBinding "agent-${client}" of ClusterRole "agent" to ServiceAccount "agent-${client}/ops"`,
  };
  if (removed) Object.assign(annotations, { "k8s.io/deprecated": "true", "k8s.io/removed-release": release });
  return JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: `6a1c0d1e-${String(i).padStart(4, "0").slice(-4)}-4000-8000-${String(i).padStart(12, "0")}`,
    stage: "ResponseComplete",
    requestURI: `${prefix}/namespaces/${namespace}/${resource}/${name}`,
    verb: VERBS[i % VERBS.length],
    user: {
      username: `system:serviceaccount:ops:agent-${client}`,
      uid: `0b7e3f5c-1f2d-4c8e-9a4b-${String(client).padStart(12, "0")}`,
      groups: ["system:serviceaccounts", "system:serviceaccounts:ops", "system:authenticated"],
      extra: { "authentication.kubernetes.io/pod-name": [`agent-${client}-7d9f-x2x4q`] },
    },
    sourceIPs: [`10.0.${client % 255}.${(client * 7) % 255}`],
    userAgent: `agent-${client}/v0.${client % 9}.1 (linux/amd64) kubernetes/4c9e1f0`,
    objectRef: { resource, namespace, name, apiGroup: group || undefined, apiVersion: version },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations,
  });
}

/** Writes ~`mb` MB of events to `file`, respecting back-pressure; resolves with the line count. */
async function generate(file, mb) {
  const out = createWriteStream(file);
  const startMs = Date.parse("2026-11-20T00:00:00Z");
  let bytes = 0;
  let lines = 0;
  while (bytes < mb * MB) {
    let chunk = "";
    for (let n = 0; n < 1000; n++) chunk += `${event(lines++, startMs)}\n`;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return lines;
}

/** The baseline child: readline + JSON.parse of every line. */
async function bare(file) {
  let lines = 0;
  let objects = 0;
  const input = createReadStream(file, { highWaterMark: MB });
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lines++;
    if (typeof JSON.parse(line) === "object") objects++;
  }
  console.log(JSON.stringify({ lines, objects }));
}

async function run(file) {
  const cutover = await runNode([
    CLI,
    "scan",
    "-t",
    "1.29",
    "--usage-audit-log",
    file,
    "-o",
    "json",
    "--fail-on",
    "none",
  ]);
  if (cutover.code !== 0) throw new Error(`cutover exited ${cutover.code}`);
  const findings = JSON.parse(cutover.stdout).findings.length;
  const baseline = await runNode([fileURLToPath(import.meta.url), "--bare", file]);
  return { cutover, baseline, findings };
}

async function measure(file, startup) {
  const bytes = statSync(file).size;
  const { cutover, baseline, findings } = await run(file);
  const mbps = (ms) => round(bytes / MB / (ms / 1000), 1);
  const phase = (measured, start) => ({
    ms: Math.round(measured.ms),
    mbPerS: mbps(measured.ms),
    netMbPerS: mbps(measured.ms - start.ms),
    maxRssMb: round(measured.maxRssMb, 1),
  });
  return {
    mb: round(bytes / MB, 1),
    findings,
    cutover: phase(cutover, startup.cutover),
    bare: phase(baseline, startup.baseline),
    throughputVsBare: round(baseline.ms / cutover.ms, 2),
    netThroughputVsBare: round((baseline.ms - startup.baseline.ms) / (cutover.ms - startup.cutover.ms), 2),
  };
}

async function main() {
  const dir = join(tmpdir(), `cutover-usage-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  mkdirSync(OUT, { recursive: true });
  try {
    const empty = join(dir, "empty-audit.log");
    writeFileSync(empty, "");
    const small = join(dir, "small-audit.log");
    const large = join(dir, "large-audit.log");
    console.error(`usage bench: generating ${SMALL_MB} MB and ${LARGE_MB} MB of audit log in ${dir}…`);
    await generate(small, SMALL_MB);
    const lines = await generate(large, LARGE_MB);
    console.error("usage bench: measuring…");
    const startup = await run(empty);
    const results = { small: await measure(small, startup), large: await measure(large, startup) };
    const report = {
      command: `node ${CLI} scan -t 1.29 --usage-audit-log LOG -o json --fail-on none`,
      machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
      date: new Date().toISOString(),
      largeLines: lines,
      startupMs: { cutover: Math.round(startup.cutover.ms), bare: Math.round(startup.baseline.ms) },
      results,
      rssGrowthMb: round(results.large.cutover.maxRssMb - results.small.cutover.maxRssMb, 1),
    };
    writeFileSync(join(OUT, "usage-results.json"), `${JSON.stringify(report, null, 2)}\n`);
    for (const [name, result] of Object.entries(results)) {
      console.log(
        `${name} ${result.mb} MB: cutover ${result.cutover.mbPerS} MB/s (net of start-up ${result.cutover.netMbPerS}; ${result.cutover.maxRssMb} MB RSS), bare readline+JSON.parse ${result.bare.mbPerS} MB/s (net ${result.bare.netMbPerS}; ${result.bare.maxRssMb} MB RSS): ${result.throughputVsBare}× the bare parse (net ${result.netThroughputVsBare}×); ${result.findings} findings`,
      );
    }
    console.log(
      `peak RSS growth from ${results.small.mb} MB to ${results.large.mb} MB of log: ${report.rssGrowthMb} MB`,
    );
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--bare") await bare(process.argv[3]);
else await main();
