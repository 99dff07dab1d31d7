import { Readable } from "node:stream";
import { silentIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { checkJsonOutput, checkTextOutput } from "../json-schema.js";

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command in-process with the given stdin (a terminal when undefined); a --json run's
 * output is checked against the JSON Schema.
 */
export async function runCli(argv: string[], stdin?: string | Uint8Array): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  let clock = 0;
  const io = silentIo({
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]),
    stdinIsTTY: stdin === undefined,
    now: () => (clock += 125),
  });
  const code = await main(argv, io);
  checkJsonOutput(argv, code, stdout);
  checkTextOutput(argv, stdout);
  return { code, stdout, stderr };
}
