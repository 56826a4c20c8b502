import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { SourceEvent } from "../core/types.js";
import { readPaths } from "./files.js";
import { readInOrder } from "./read-pool.js";

const dir = mkdtempSync(join(tmpdir(), "cutover-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 24 files of every kind a worker may meet: objects, Lists, JSON, a syntax error, a binary, an empty file. */
function writeInputs(): void {
  mkdirSync(join(dir, "sub"), { recursive: true });
  for (let i = 0; i < 18; i++) {
    const docs = Array.from(
      { length: i + 1 },
      (_, d) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}-${d}\n`,
    );
    writeFileSync(join(dir, `f${String(i).padStart(2, "0")}.yaml`), docs.join("---\n"));
  }
  writeFileSync(
    join(dir, "sub/broken.yaml"),
    'apiVersion: v1\nkind: A\n---\nkind: "open\n---\napiVersion: v1\nkind: B\n',
  );
  writeFileSync(join(dir, "sub/binary.yaml"), Buffer.from([0x61, 0, 0x62]));
  writeFileSync(join(dir, "sub/empty.yaml"), "");
  writeFileSync(join(dir, "sub/dup.yaml"), "apiVersion: v1\nkind: A\nkind: B\n");
  const list = {
    apiVersion: "v1",
    kind: "List",
    items: [
      { apiVersion: "v1", kind: "X" },
      { apiVersion: "v1", kind: "Y" },
    ],
  };
  writeFileSync(join(dir, "sub/list.json"), JSON.stringify(list, null, 2));
  writeFileSync(join(dir, "sub/notes.txt"), "not read in a directory walk");
}

async function read(jobs: number): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  const stdin = Readable.from(["apiVersion: v1\nkind: FromStdin\n"]);
  for await (const event of readPaths([dir, join(dir, "missing"), "-"], { jobs, stdin })) events.push(event);
  return events;
}

describe("readPaths on worker threads", () => {
  writeInputs();

  it("gives the stream of a single thread, in the same order, whatever the number of workers", async () => {
    const one = await read(1);
    expect(one.filter((e) => e.type === "object")).toHaveLength(171 + 1 + 2 + 2 + 1);
    expect(one.map((e) => e.type)).toEqual(expect.arrayContaining(["error", "skipped", "warning"]));
    for (const jobs of [2, 3]) expect(await read(jobs)).toEqual(one);
  }, 120_000);
});

describe("readInOrder", () => {
  it("hands results on in input order even when later ones finish first", async () => {
    async function* inputs() {
      for (const id of [3, 1, 2]) yield { type: "other", id };
    }
    const delays = new Map([
      [3, 30],
      [1, 0],
      [2, 10],
    ]);
    const events: SourceEvent[] = [];
    const readHere = async (input: { id: number }) => {
      await new Promise((resolve) => setTimeout(resolve, delays.get(input.id)));
      return [{ type: "warning", message: String(input.id) } as SourceEvent];
    };
    for await (const event of readInOrder(inputs(), 2, readHere)) events.push(event);
    expect(events.map((e) => (e.type === "warning" ? e.message : "?"))).toEqual(["3", "1", "2"]);
  });

  it("passes on a reader's failure when its turn comes", async () => {
    async function* inputs() {
      yield { type: "other" };
    }
    const failing = readInOrder(inputs(), 2, () => Promise.reject(new Error("boom")));
    await expect(failing.next()).rejects.toThrow("boom");
  });
});

describe("what a worker sends back", () => {
  it("keeps YAML's non-finite floats, which JSON cannot carry, and every other value exactly", async () => {
    const floats = join(dir, "floats");
    mkdirSync(floats, { recursive: true });
    // More files than are read before the workers start, so that these reach a worker.
    for (let i = 0; i < 12; i++) {
      const data = i % 2 === 0 ? "  a: .inf\n  b: -.Inf\n  c: .NaN\n" : '  a: "1"\n  b: 0777\n  c: 1e3\n';
      writeFileSync(
        join(floats, `f${String(i).padStart(2, "0")}.yaml`),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f${i}\ndata:\n${data}`,
      );
    }
    const collect = async (jobs: number) => {
      const events: SourceEvent[] = [];
      for await (const event of readPaths([floats], { jobs })) events.push(event);
      return events.map((event) => (event.type === "object" ? event.item.object.data : event.type));
    };
    const one = await collect(1);
    expect(one[0]).toEqual({ a: Number.POSITIVE_INFINITY, b: Number.NEGATIVE_INFINITY, c: Number.NaN });
    expect(one[1]).toEqual({ a: "1", b: 511, c: 1000 });
    const two = await collect(2);
    expect(two).toStrictEqual(one);
  }, 120_000);
});

describe("paths without objects, on worker threads", () => {
  it("are named as a single thread names them, saying what each holds", async () => {
    const root = join(dir, "empties");
    mkdirSync(join(root, "no-manifests"), { recursive: true });
    writeFileSync(join(root, "no-manifests", "notes.txt"), "nothing to read");
    writeFileSync(join(root, "empty.yaml"), "");
    writeFileSync(join(root, "readme.txt"), "key: {unclosed\n");
    writeFileSync(join(root, "image.yaml"), Buffer.from([0x89, 0x50, 0, 1]));
    const paths = [
      dir, // enough files for the workers to start
      join(root, "empty.yaml"),
      join(root, "readme.txt"),
      join(root, "image.yaml"),
      join(root, "no-manifests"),
    ];
    const collect = async (jobs: number) => {
      const events: SourceEvent[] = [];
      for await (const event of readPaths(paths, { jobs, allowEmpty: true })) events.push(event);
      return events.filter((event) => event.type !== "object");
    };
    const one = await collect(1);
    const messages = one.map((event) => (event.type === "warning" ? event.message : ""));
    expect(messages.some((message) => message.includes("binary file"))).toBe(true);
    expect(messages.some((message) => message.includes("no-manifests"))).toBe(true);
    expect(await collect(2)).toStrictEqual(one);
  }, 120_000);
});
