// Whole files through the reused buffer: every size, every encoding, and a file whose size the file
// system does not know in advance.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFileBytes, textOf } from "./file-text.js";

const dir = mkdtempSync(path.join(tmpdir(), "cutover-file-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function written(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe("readFileBytes and textOf", () => {
  it.each([
    ["empty", ""],
    ["ASCII", "apiVersion: v1\nkind: ConfigMap\n"],
    ["UTF-8", "metadata:\n  name: café-ü-日本\n  emoji: 🚀\n"],
    ["3 MB, larger than the first buffer", `data: ${"x".repeat(3 * 1024 * 1024)}\n`],
    ["3 MB of UTF-8", `data: ${"é".repeat(1536 * 1024)}\n`],
  ])("gives back a %s file exactly", (name, content) => {
    const file = written(`${name.replaceAll(" ", "-")}.yaml`, content);
    expect(textOf(readFileBytes(file))).toBe(content);
  });

  it("reads one file after another without mixing them up (the buffer is shared)", () => {
    const long = written("long.yaml", "a".repeat(5000));
    const short = written("short.yaml", "bb");
    expect(textOf(readFileBytes(long))).toBe("a".repeat(5000));
    expect(textOf(readFileBytes(short))).toBe("bb");
  });

  // Linux only: procfs files report size 0 and have content.
  it.runIf(existsSync("/proc/self/status"))(
    "reads to the end a file whose size is given as 0 (procfs)",
    () => {
      const text = textOf(readFileBytes("/proc/self/status"));
      expect(text).toMatch(/^Name:/);
      expect(text).toMatch(/\nPid:/);
    },
  );

  it("decodes invalid UTF-8 as the UTF-8 decoder does (replacement character)", () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62]);
    expect(textOf(bytes)).toBe("a\ufffdb");
  });
});
