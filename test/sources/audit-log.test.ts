import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { InputError } from "../../src/core/types.js";
import type { ApiCall } from "../../src/core/usage/audit-event.js";
import { MAX_LISTED, readAuditLogs } from "../../src/sources/audit-log.js";

const FIXTURES = "test/fixtures/usage";
const tmp = mkdtempSync(path.join(tmpdir(), "cutover-audit-log-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function read(paths: string[]) {
  const calls: { call: ApiCall; at: string }[] = [];
  const errors: InputError[] = [];
  const counts = await readAuditLogs(paths, {
    call: (call, file, line) => calls.push({ call, at: `${file}:${line}` }),
    error: (error) => errors.push(error),
  });
  return { calls, errors, counts };
}

describe("readAuditLogs", () => {
  it("reads a directory of logs in name order; early stages are not counted; a malformed line is reported with file:line", async () => {
    const { calls, errors, counts } = await read([FIXTURES]);
    expect(counts).toEqual({ files: 2, lines: 10, events: 8, malformed: 1 });
    expect(calls.map((item) => item.at)).toEqual([
      `${FIXTURES}/audit-2026-11-19T07-10-00.000.log:1`,
      `${FIXTURES}/audit-2026-11-19T07-10-00.000.log:2`,
      `${FIXTURES}/audit-2026-11-19T07-10-00.000.log:3`,
      `${FIXTURES}/audit.log:2`,
      `${FIXTURES}/audit.log:3`,
      `${FIXTURES}/audit.log:4`,
      `${FIXTURES}/audit.log:5`,
      `${FIXTURES}/audit.log:7`,
    ]);
    expect(errors).toEqual([
      { file: `${FIXTURES}/audit.log`, line: 6, message: expect.stringMatching(/^not JSON .*truncated/) },
    ]);
    expect(calls[6]?.call).toMatchObject({
      apiVersion: "autoscaling/v2beta2",
      resource: "horizontalpodautoscalers",
      user: "kubernetes-admin",
      deprecated: true,
      removedRelease: "1.26",
    });
  });

  it("reads gzip by its magic bytes, whatever the name, with the same lines", async () => {
    const gz = path.join(tmp, "audit.log.1");
    writeFileSync(gz, gzipSync(readFileSync(`${FIXTURES}/audit.log`)));
    const plain = await read([`${FIXTURES}/audit.log`]);
    const zipped = await read([gz]);
    expect(zipped.calls.map((item) => item.call)).toEqual(plain.calls.map((item) => item.call));
    expect(zipped.errors).toEqual([{ file: gz, line: 6, message: plain.errors[0]?.message }]);
  });

  it("reports a truncated gzip file and keeps what was read before", async () => {
    const whole = gzipSync(readFileSync(`${FIXTURES}/audit.log`));
    const cut = path.join(tmp, "cut.log.gz");
    writeFileSync(cut, whole.subarray(0, whole.length - 20));
    const { errors } = await read([cut]);
    expect(errors.at(-1)).toMatchObject({
      file: cut,
      message: expect.stringMatching(/truncated or corrupt/),
    });
  });

  it("lists the first malformed lines and counts the rest; a missing path is an error and reading goes on", async () => {
    const noisy = path.join(tmp, "noisy.log");
    copyFileSync(`${FIXTURES}/audit.log`, noisy);
    writeFileSync(noisy, `${readFileSync(noisy, "utf8")}${"garbage\n".repeat(MAX_LISTED + 5)}`);
    const { errors, counts } = await read([path.join(tmp, "missing.log"), noisy]);
    expect(errors[0]).toMatchObject({ line: null, message: expect.stringMatching(/no such file/) });
    expect(errors.filter((error) => error.line !== null)).toHaveLength(MAX_LISTED);
    expect(errors.at(-1)).toEqual({
      file: noisy,
      line: null,
      message: `6 more malformed lines (${MAX_LISTED + 6} in all, the first ${MAX_LISTED} listed); the other lines were read`,
    });
    expect(counts.events).toBe(5);
  });
});
