// The install plan for missing system packages (HAProxy, Prometheus, PostgreSQL): which packages, which
// command, sudo or not, asks or not. Table-driven over made-up machines; nothing is installed.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Component,
  installPlan,
  isCi,
  missingComponents,
  missingPackageMessage,
  runCommands,
  type SystemFacts,
  shellLine,
} from "../../scripts/setup/system-packages.mjs";

const debianUser: SystemFacts = {
  platform: "linux",
  uid: 1000,
  has: { "apt-get": true, sudo: true, brew: false },
  isTTY: true,
  yes: false,
  env: {},
};
const mac: SystemFacts = {
  ...debianUser,
  platform: "darwin",
  has: { "apt-get": false, sudo: true, brew: true },
};
const APT_INSTALL = "env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends";

describe("installPlan", () => {
  it.each<[string, Component[], Partial<SystemFacts>, string[], boolean, boolean]>([
    [
      "a user on a terminal: sudo, asks",
      ["haproxy"],
      {},
      ["sudo apt-get update -qq", `sudo ${APT_INSTALL} haproxy`],
      true,
      true,
    ],
    [
      "root: no sudo",
      ["haproxy", "prometheus"],
      { uid: 0 },
      ["apt-get update -qq", `${APT_INSTALL} haproxy prometheus`],
      false,
      true,
    ],
    [
      "--yes: no question",
      ["prometheus"],
      { yes: true },
      ["sudo apt-get update -qq", `sudo ${APT_INSTALL} prometheus`],
      true,
      false,
    ],
    [
      "CI=1: no question",
      ["postgresql"],
      { env: { CI: "1" }, isTTY: false },
      ["sudo apt-get update -qq", `sudo ${APT_INSTALL} postgresql`],
      true,
      false,
    ],
    [
      "CI=true: no question",
      ["haproxy"],
      { env: { CI: "true" }, uid: 0 },
      ["apt-get update -qq", `${APT_INSTALL} haproxy`],
      false,
      false,
    ],
    [
      "CI=false still asks",
      ["haproxy"],
      { env: { CI: "false" } },
      ["sudo apt-get update -qq", `sudo ${APT_INSTALL} haproxy`],
      true,
      true,
    ],
    [
      "macOS: Homebrew, never sudo",
      ["haproxy", "postgresql"],
      mac,
      ["brew install haproxy postgresql@15"],
      false,
      true,
    ],
    ["macOS with --yes", ["prometheus"], { ...mac, yes: true }, ["brew install prometheus"], false, false],
  ])("%s", (_, missing, facts, commands, sudo, ask) => {
    const plan = installPlan(missing, { ...debianUser, ...facts });
    expect(plan.error).toBeUndefined();
    expect(plan.commands?.map(shellLine)).toEqual(commands);
    expect(plan.sudo).toBe(sudo);
    expect(plan.ask).toBe(ask);
  });

  it.each<[string, Partial<SystemFacts>, RegExp]>([
    [
      "no terminal, no --yes",
      { isTTY: false },
      /run again with --yes \(or CI=1\).*sudo apt-get update -qq && sudo env/,
    ],
    [
      "not root and no sudo",
      { has: { "apt-get": true, sudo: false, brew: false } },
      /sudo is missing: as root, run apt-get update/,
    ],
    [
      "no apt-get on Linux",
      { has: { "apt-get": false, sudo: true, brew: false } },
      /apt-get is not available: install haproxy/,
    ],
    [
      "macOS without Homebrew",
      { ...mac, has: { "apt-get": false, sudo: true, brew: false } },
      /Homebrew is missing/,
    ],
    ["another system", { platform: "win32" }, /install haproxy with your package manager/],
  ])("%s: says what to do instead", (_, facts, message) => {
    expect(installPlan(["haproxy"], { ...debianUser, ...facts }).error).toMatch(message);
  });

  it("plans nothing when nothing is missing", () => {
    expect(installPlan([], debianUser)).toMatchObject({ commands: [], ask: false });
  });
});

describe("isCi", () => {
  it.each([
    ["1", true],
    ["true", true],
    ["yes", true],
    ["0", false],
    ["false", false],
    ["", false],
    [undefined, false],
  ])("CI=%s → %s", (value, expected) => {
    expect(isCi({ CI: value })).toBe(expected);
  });
});

describe("missingComponents", () => {
  it("finds a binary in the sbin next to a bin on the search path (Debian's /usr/sbin/haproxy)", () => {
    const root = mkdtempSync(path.join(tmpdir(), "cutover-setup-"));
    mkdirSync(path.join(root, "bin"));
    mkdirSync(path.join(root, "sbin"));
    writeFileSync(path.join(root, "sbin", "haproxy"), "");
    expect(missingComponents(["haproxy"], path.join(root, "bin"))).toEqual([]);
    expect(missingComponents(["haproxy", "prometheus"], "/nonexistent/bin")).toEqual([
      "haproxy",
      "prometheus",
    ]);
  });

  it.each<[string[], Component[]]>([
    [["haproxy"], ["prometheus"]],
    [["prometheus"], ["haproxy", "prometheus"]],
    [["prometheus", "promtool", "haproxy"], []],
  ])("with %j installed, missing %j", (binaries, missing) => {
    const root = mkdtempSync(path.join(tmpdir(), "cutover-setup-"));
    for (const binary of binaries) writeFileSync(path.join(root, binary), "");
    expect(missingComponents(["haproxy", "prometheus"], root)).toEqual(missing);
  });
});

describe("missingPackageMessage", () => {
  it.each<[Component, string, string]>([
    ["haproxy", "linux", "`sudo apt-get install -y haproxy`"],
    ["prometheus", "linux", "`sudo apt-get install -y prometheus`"],
    ["postgresql", "linux", "`sudo apt-get install -y postgresql`"],
    ["postgresql", "darwin", "`brew install postgresql@15`"],
  ])("%s on %s: one line with the package and the command", (component, platform, command) => {
    const message = missingPackageMessage(component, platform);
    expect(message).not.toContain("\n");
    expect(message).toMatch(new RegExp(`^${component} is not installed`));
    expect(message).toContain("`npm run setup`");
    expect(message).toContain(command);
  });
});

describe("runCommands", () => {
  it("runs each command in order and stops at the first failure, naming it", () => {
    const ran: string[] = [];
    const fake = (command: string, args: string[]) => {
      ran.push([command, ...args].join(" "));
      return { status: command === "false" ? 100 : 0 };
    };
    expect(runCommands([["true"], ["false", "x"], ["never"]], fake)).toBe("false x exited with 100");
    expect(ran).toEqual(["true", "false x"]);
    expect(runCommands([["true"]], fake)).toBeNull();
  });

  it("reports a command that cannot start", () => {
    expect(runCommands([["/nonexistent/apt-get", "update"]])).toMatch(/could not start: .*ENOENT/);
  });
});
