import { describe, expect, it } from "vitest";
import { compareVersions, minorOf, normalizeVersion, parseMinor, reached } from "./version.js";

describe("parseMinor", () => {
  it.each([
    ["1.33", 33],
    ["v1.33", 33],
    ["1.16.0", 16],
    ["v1.25.0", 25],
    ["v1.33.5-eks-1234", 33],
    [" 1.9 ", 9],
    ["2.1", undefined],
    ["33", undefined],
    ["1.x", undefined],
    ["", undefined],
  ])("%s → %s", (text, expected) => {
    expect(parseMinor(text)).toBe(expected);
  });
});

describe("version comparisons", () => {
  it.each([
    ["1.22", "1.9", 1],
    ["1.9", "1.22", -1],
    ["v1.25.3", "1.25", 0],
  ])("compare(%s, %s) has sign %d", (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it.each([
    ["1.25", "1.25", true],
    ["1.26", "1.25", true],
    ["1.24", "1.25", false],
    ["1.33", null, false],
    ["1.33", undefined, false],
  ])("reached(%s, %s) = %s", (target, version, expected) => {
    expect(reached(target, version)).toBe(expected);
  });

  it("normalizes spellings and rejects non-versions with a fix", () => {
    expect(normalizeVersion("v1.30.2")).toBe("1.30");
    expect(() => minorOf("latest")).toThrow(/use the form 1\.33/);
  });
});
