// Preloaded into every measured child (`node --import ./bench/rss-probe.mjs …`): at exit, writes the
// process's peak resident set size to the file named by BENCH_PROBE_FILE.
import { writeFileSync } from "node:fs";

const target = process.env.BENCH_PROBE_FILE;
if (target) {
  process.on("exit", (code) => {
    // resourceUsage().maxRSS is in kilobytes.
    writeFileSync(target, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, code }));
  });
}
