import { Readable } from "node:stream";

/** What the command line touches of the outside world, so tests can run it in-process. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & AsyncIterable<Buffer | string>;
  stdinIsTTY: boolean;
  /** The terminal's width when stdout is one; undefined otherwise (a plot is then 80 wide). */
  stdoutColumns: number | undefined;
  /** ANSI colours: stdout is a terminal and NO_COLOR is not set. */
  color: boolean;
  /** stderr when it is a terminal, for a progress bar; undefined otherwise. */
  progressStream: NodeJS.WriteStream | undefined;
  /** ANSI colours on stderr (the progress bar): NO_COLOR is not set. */
  progressColor: boolean;
  /** Running under CI (the CI environment variable is set): no progress bar. */
  ci: boolean;
  /** Milliseconds, for the elapsed time. */
  now(): number;
  /**
   * Listens for Ctrl-C while a fit runs: the first aborts `signal` (the fit stops and reports the
   * estimate so far); after it, Ctrl-C is Node's own again, and ends the process at once.
   */
  watchInterrupts(): { signal: AbortSignal; dispose(): void };
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb",
    progressStream: process.stderr.isTTY ? process.stderr : undefined,
    progressColor: !process.env.NO_COLOR && process.env.TERM !== "dumb",
    ci: Boolean(process.env.CI),
    // process.hrtime, not performance.now(): the global `performance` loads perf_hooks.
    now: () => Number(process.hrtime.bigint()) / 1e6,
    watchInterrupts: () => {
      const controller = new AbortController();
      const onInterrupt = () => {
        process.off("SIGINT", onInterrupt);
        controller.abort();
      };
      process.on("SIGINT", onInterrupt);
      return { signal: controller.signal, dispose: () => process.off("SIGINT", onInterrupt) };
    },
  };
}

/**
 * An Io that touches nothing: output dropped, empty stdin standing for a terminal, no colour, no
 * progress, a clock stopped at 0, no Ctrl-C. For running the command in-process (tests, and the
 * build's warm-up run); override what a caller needs to see.
 */
export function silentIo(overrides: Partial<Io> = {}): Io {
  const drop = { write: () => true };
  return {
    stdout: drop,
    stderr: drop,
    stdin: Readable.from([]),
    stdinIsTTY: true,
    stdoutColumns: undefined,
    color: false,
    progressStream: undefined,
    progressColor: false,
    ci: false,
    now: () => 0,
    watchInterrupts: () => ({ signal: new AbortController().signal, dispose: () => {} }),
    ...overrides,
  };
}
