// Preloaded into every measured child (`node --import ./bench/rss-probe.mjs …`): at exit, writes the
// process's peak resident set size and its CPU time to the file named by BENCH_PROBE_FILE.
import { writeFileSync } from "node:fs";

const target = process.env.BENCH_PROBE_FILE;
if (target) {
  process.on("exit", (code) => {
    // resourceUsage(): maxRSS in kilobytes, CPU times in microseconds (every thread of the process).
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs, code }));
  });
}
