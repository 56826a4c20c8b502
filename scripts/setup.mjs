// `npm run setup [-- --yes] [-- --demo]`: installs the system packages the tests (or, with --demo, only the
// demo) start for real: HAProxy, Prometheus (with promtool) and PostgreSQL. apt-get with sudo when not root,
// Homebrew on macOS; asks first on a terminal, not with --yes or CI=1. Exit 0 when everything is there.
import { parseArgs } from "node:util";
import { DEMO_NEEDS, ensureComponents, TEST_NEEDS } from "./setup/system-packages.mjs";

const { values } = parseArgs({
  options: {
    yes: { type: "boolean", short: "y", default: false },
    demo: { type: "boolean", default: false },
  },
});
const needs = values.demo ? DEMO_NEEDS : TEST_NEEDS;
const problem = await ensureComponents(needs, { yes: values.yes });
if (problem) {
  console.error(`setup: ${problem}`);
  process.exitCode = 1;
} else {
  console.log(`setup: ${needs.join(", ")} installed`);
}
