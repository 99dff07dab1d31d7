import { CommanderError } from "commander";
import { ExitCode, UserError } from "../errors.js";
import { type Io, processIo } from "./io.js";
import { isOutOfMemory } from "./load-data.js";

export { silentIo } from "./io.js";

import { makeProgram } from "./program.js";

/**
 * Runs the command line and returns its exit code. Every failure becomes one line on stderr,
 * `mle-fit: what is wrong: what to do`; only an internal error (exit 1) adds a stack trace.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const program = makeProgram(io)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {}, // main prints commander's errors in the one-line template below
    });
  try {
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return ExitCode.ok; // --help, --version
    io.stderr.write(`mle-fit: ${commanderMessage(error)}\n`);
    return ExitCode.usage;
  }
  if (error instanceof UserError) {
    io.stderr.write(`mle-fit: ${error.message}\n`);
    return error.exitCode;
  }
  if (isOutOfMemory(error)) {
    io.stderr.write(
      `mle-fit: not enough memory for this run (${(error as Error).message}); try fewer values\n`,
    );
    return ExitCode.usage;
  }
  const errno = error as NodeJS.ErrnoException;
  if (errno?.syscall === "write") {
    io.stderr.write(`mle-fit: writing the output failed: ${errno.message}\n`);
    return ExitCode.ioError;
  }
  if (errno?.syscall !== undefined) {
    io.stderr.write(`mle-fit: reading the input failed: ${errno.message}\n`);
    return ExitCode.noInput;
  }
  io.stderr.write(
    `mle-fit: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`,
  );
  return ExitCode.internal;
}

/** Commander's message without its "error: " prefix, on one line, with a pointer to --help. */
function commanderMessage(error: CommanderError): string {
  const text = error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
  const invalid = /^option '.*?' argument '.*?' is invalid\. (.*)$/.exec(text);
  if (invalid) return invalid[1] as string;
  return `${text} (see mle-fit --help)`;
}
