import { Readable } from "node:stream";
import type { Terminal } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a user would from a pipe (not a TTY). */
export async function runCli(args: string[], stdin = ""): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const terminal: Terminal = {
    out: (text) => {
      stdout += text.endsWith("\n") ? text : `${text}\n`;
    },
    err: (text) => {
      stderr += text.endsWith("\n") ? text : `${text}\n`;
    },
    isTTY: false,
    color: false,
    stdin: Readable.from([stdin]),
  };
  const code = await main(["node", "cutover", ...args], terminal);
  return { code, stdout, stderr };
}
