/** What the command line touches of the outside world, so tests can run it in-process. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & AsyncIterable<Buffer | string>;
  stdinIsTTY: boolean;
  /** Milliseconds, for the elapsed time. */
  now(): number;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    // process.hrtime, not performance.now(): the global `performance` loads perf_hooks.
    now: () => Number(process.hrtime.bigint()) / 1e6,
  };
}
