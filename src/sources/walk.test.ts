import { describe, expect, it } from "vitest";
import { displayPath, isManifestFileName, pathError } from "./walk.js";

describe("displayPath", () => {
  it.each([
    ["manifests/", "manifests"],
    ["./manifests//", "./manifests"],
    ["C:\\repo\\k8s\\", "C:/repo/k8s"],
    ["/", "/"],
    ["a.yaml", "a.yaml"],
  ])("%s → %s", (path, expected) => {
    expect(displayPath(path)).toBe(expected);
  });
});

describe("isManifestFileName", () => {
  it.each([
    ["a.yaml", true],
    ["a.yml", true],
    ["a.json", true],
    ["A.YAML", true],
    ["a.yaml.bak", false],
    ["a.txt", false],
    ["yaml", false],
    ["Chart.lock", false],
  ])("%s → %s", (name, expected) => {
    expect(isManifestFileName(name)).toBe(expected);
  });
});

describe("pathError", () => {
  const errno = (code: string) => Object.assign(new Error(`${code}: boom`), { code });
  it.each([
    ["ENOENT", "no such file or directory: x.yaml — check the path"],
    ["ENOTDIR", "no such file or directory: x.yaml — check the path"],
    ["EACCES", "permission denied: x.yaml — check its permissions or run as a user who can read it"],
    ["EIO", "cannot read x.yaml: EIO: boom"],
  ])("%s", (code, message) => {
    expect(pathError("x.yaml", errno(code))).toEqual({ file: "x.yaml", line: null, message });
  });
});
