import { closeSync, openSync, writeSync } from "node:fs";
import { OutputError } from "../errors.js";
import type { StepCallback } from "../fit/sgd-fit.js";

/**
 * --trace FILE: one CSV row per optimizer step (epoch, step, loc, scale, loss), written in
 * chunks as the fit runs, so a trace of millions of steps is not held in memory.
 */
export function openTrace(
  path: string,
  names: readonly string[],
): { onStep: StepCallback; close(): void } {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new OutputError(`--trace ${path}: cannot create the file (${code})`);
  }
  let buffer = `epoch,step,${names.join(",")},loss\n`;
  const flush = () => {
    writeSync(fd, buffer);
    buffer = "";
  };
  return {
    onStep: (epoch, step, params, loss) => {
      buffer += `${epoch},${step},${params.join(",")},${loss}\n`;
      if (buffer.length > 1 << 16) flush();
    },
    close: () => {
      flush();
      closeSync(fd);
    },
  };
}
