import { Readable } from "node:stream";
import type { Io } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in-process with the given stdin (a terminal when undefined). */
export async function runCli(argv: string[], stdin?: string | Uint8Array): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  let clock = 0;
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]),
    stdinIsTTY: stdin === undefined,
    stdoutColumns: undefined,
    color: false,
    progressStream: undefined,
    ci: false,
    now: () => (clock += 125),
    watchInterrupts: () => ({ signal: new AbortController().signal, dispose: () => {} }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
