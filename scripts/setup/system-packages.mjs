// The system packages the demo and the tests start for real (HAProxy, Prometheus with promtool,
// PostgreSQL), how to tell whether each is installed, and the plan to install the missing ones: apt-get
// (with sudo when not root) on Debian/Ubuntu, Homebrew on macOS. Pure apart from `probeSystem`, so the
// plan is tested table-driven without installing anything.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { findBinary } from "../demo/processes.mjs";

/**
 * Each component: the binaries that must be found, and its package name per package manager.
 * PostgreSQL's server binaries are not on PATH on Debian (/usr/lib/postgresql/N/bin).
 */
export const COMPONENTS = {
  haproxy: {
    binaries: ["haproxy"],
    apt: "haproxy",
    brew: "haproxy",
    usedBy: "the demo and the migrate tests",
  },
  prometheus: {
    binaries: ["prometheus", "promtool"],
    apt: "prometheus",
    brew: "prometheus",
    usedBy: "the demo and the metric tests",
  },
  postgresql: {
    binaries: ["initdb", "postgres"],
    apt: "postgresql",
    brew: "postgresql@15",
    usedBy: "the store tests",
  },
};

/** What the demo needs; the tests need every component. */
export const DEMO_NEEDS = ["haproxy", "prometheus"];
export const TEST_NEEDS = ["haproxy", "prometheus", "postgresql"];

/** True when the CI variable asks for no question (CI=1, CI=true; not CI=0/false/empty). */
export function isCi(env) {
  const value = (env.CI ?? "").trim().toLowerCase();
  return value !== "" && value !== "0" && value !== "false";
}

/**
 * The install plan for the `missing` components on `system`:
 * `{ manager, packages, commands: string[][], sudo, ask }`, or `{ error }` when there is no way to install.
 * `system`: { platform, uid, has: { "apt-get", sudo, brew }, isTTY, yes, env }.
 */
export function installPlan(missing, system) {
  if (missing.length === 0) return { manager: null, packages: [], commands: [], sudo: false, ask: false };
  const names = missing.join(", ");
  const ask = !(system.yes || isCi(system.env ?? {}));
  if (system.platform === "darwin") {
    if (!system.has.brew) {
      return {
        error: `${names} not installed and Homebrew is missing: install Homebrew (https://brew.sh), then run npm run setup`,
      };
    }
    const packages = missing.map((name) => COMPONENTS[name].brew);
    const plan = {
      manager: "brew",
      packages,
      commands: [["brew", "install", ...packages]],
      sudo: false,
      ask,
    };
    return withConsent(plan, names, system);
  }
  if (system.platform !== "linux" || !system.has["apt-get"]) {
    return {
      error: `${names} not installed and apt-get is not available: install ${missing.map((n) => COMPONENTS[n].apt).join(" ")} with your package manager`,
    };
  }
  const sudo = system.uid !== 0;
  if (sudo && !system.has.sudo) {
    return {
      error: `${names} not installed and sudo is missing: as root, run ${aptCommands(missing, false).map(shellLine).join(" && ")}`,
    };
  }
  const packages = missing.map((name) => COMPONENTS[name].apt);
  return withConsent(
    { manager: "apt-get", packages, commands: aptCommands(missing, sudo), sudo, ask },
    names,
    system,
  );
}

/** No terminal to ask on and no --yes/CI=1: say what to run instead of waiting for an answer nobody gives. */
function withConsent(plan, names, system) {
  if (!plan.ask || system.isTTY) return plan;
  const how = plan.commands.map(shellLine).join(" && ");
  return {
    ...plan,
    error: `${names} not installed: run again with --yes (or CI=1) to install them, or run ${how}`,
  };
}

function aptCommands(missing, sudo) {
  const packages = missing.map((name) => COMPONENTS[name].apt);
  const prefix = sudo ? ["sudo"] : [];
  return [
    [...prefix, "apt-get", "update", "-qq"],
    [
      ...prefix,
      "env",
      "DEBIAN_FRONTEND=noninteractive",
      "apt-get",
      "install",
      "-y",
      "--no-install-recommends",
      ...packages,
    ],
  ];
}

/** An argv as the line a user would type. */
export function shellLine(argv) {
  return argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`))
    .join(" ");
}

/** The one line a test prints when `component` is missing: what, and the command that installs it. */
export function missingPackageMessage(component, platform = process.platform) {
  const { apt, brew, usedBy } = COMPONENTS[component];
  const install = platform === "darwin" ? `brew install ${brew}` : `sudo apt-get install -y ${apt}`;
  return `${component} is not installed (needed by ${usedBy}): run \`npm run setup\` or \`${install}\``;
}

/** The directories PostgreSQL's server binaries live in: Debian's versioned dirs, then PATH. */
function postgresDirs(root = "/usr/lib/postgresql") {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, "bin"));
}

/** Which of `components` are missing on this machine (binaries on PATH, sibling sbin, Debian's pg dirs). */
export function missingComponents(components, searchPath = process.env.PATH ?? "") {
  return components.filter((name) => {
    const extra = name === "postgresql" ? postgresDirs().join(":") : "";
    const path = [searchPath, extra].filter(Boolean).join(":");
    return COMPONENTS[name].binaries.some((binary) => !findBinary(binary, path));
  });
}

/** The facts installPlan needs, read from this machine. */
export function probeSystem({ yes = false, env = process.env } = {}) {
  const has = (command) => findBinary(command, env.PATH ?? "") !== null;
  return {
    platform: process.platform,
    uid: process.getuid?.() ?? -1,
    has: { "apt-get": has("apt-get"), sudo: has("sudo"), brew: has("brew") },
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    yes,
    env,
  };
}

/** Runs each command with the terminal attached; returns the first failure's text, or null. */
export function runCommands(commands, run = spawnSync) {
  for (const argv of commands) {
    const result = run(argv[0], argv.slice(1), { stdio: "inherit" });
    if (result.error) return `${shellLine(argv)} could not start: ${result.error.message}`;
    if (result.status !== 0) return `${shellLine(argv)} exited with ${result.status ?? result.signal}`;
  }
  return null;
}

/**
 * Makes sure `components` are installed: says what is missing and how it will be installed, asks on a
 * terminal (not with `yes` or CI=1), installs, and checks again. Returns null when all are there, else the
 * reason (one line) they are not.
 */
export async function ensureComponents(
  components,
  { yes = false, log = console.log, confirm = askYesNo } = {},
) {
  const missing = missingComponents(components);
  if (missing.length === 0) return null;
  const plan = installPlan(missing, probeSystem({ yes }));
  if (plan.error) return plan.error;
  log(`${missing.join(", ")} not installed; installing ${plan.packages.join(" ")} with:`);
  for (const argv of plan.commands) log(`  ${shellLine(argv)}`);
  if (plan.ask && !(await confirm("Install now? [Y/n] ")))
    return `not installed (declined): ${missing.join(", ")}`;
  const failure = runCommands(plan.commands);
  if (failure) return failure;
  const still = missingComponents(components);
  return still.length === 0 ? null : `still missing after the install: ${still.join(", ")}`;
}

/** Asks on the terminal; an empty answer is yes. */
async function askYesNo(question) {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
