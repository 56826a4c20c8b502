import { describe, expect, it } from "vitest";
import type { Terminal } from "../../src/cli/io.js";
import { withProgress } from "../../src/cli/progress.js";
import type { SourceEvent } from "../../src/core/types.js";

const object = (name: string): SourceEvent => ({
  type: "object",
  item: {
    object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name } },
    source: { file: "f", line: 1, origin: "manifest" },
  },
});
const error: SourceEvent = { type: "error", error: { file: "f", line: 3, message: "bad" } };

async function* stream(events: SourceEvent[]): AsyncIterable<SourceEvent> {
  yield* events;
}

function terminal(status?: (text: string) => void): Terminal {
  return { out: () => {}, err: () => {}, isTTY: false, color: false, stdin: process.stdin, status };
}

async function collect(events: AsyncIterable<SourceEvent>): Promise<SourceEvent[]> {
  const seen: SourceEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe("withProgress", () => {
  const events = [object("a"), error, object("b")];

  it("passes every event through unchanged and clears its status line at the end", async () => {
    const lines: string[] = [];
    const seen = await collect(
      withProgress(
        stream(events),
        terminal((text) => lines.push(text)),
        "scanned",
      ),
    );
    expect(seen).toEqual(events);
    expect(lines[0]).toBe("scanned 1 objects…");
    expect(lines.at(-1)).toBe("");
  });

  it("prints nothing when stderr is not a terminal", async () => {
    const written: string[] = [];
    const quiet = {
      ...terminal(undefined),
      out: (text: string) => written.push(text),
      err: (text: string) => written.push(text),
    };
    const seen = await collect(withProgress(stream(events), quiet));
    expect(seen).toEqual(events);
    expect(written).toEqual([]);
  });
});
