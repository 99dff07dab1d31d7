import type { StepCallback } from "../fit/sgd-fit.js";
import { AtomicFile } from "./atomic-file.js";

/**
 * --trace FILE: one CSV row per optimizer step (epoch, step, loc, scale, loss), written in
 * chunks as the fit runs, so a trace of millions of steps is not held in memory. Written under a
 * temporary name and put in place by `commit` when the run succeeds (atomic-file.ts).
 */
export function openTrace(
  path: string,
  names: readonly string[],
): { onStep: StepCallback; commit(): void; discard(): void } {
  const file = new AtomicFile(path, "--trace");
  let buffer = `epoch,step,${names.join(",")},loss\n`;
  const flush = () => {
    file.write(buffer);
    buffer = "";
  };
  return {
    onStep: (epoch, step, params, loss) => {
      buffer += `${epoch},${step},${params.join(",")},${loss}\n`;
      if (buffer.length > 1 << 16) flush();
    },
    commit: () => {
      flush();
      file.commit();
    },
    discard: () => file.discard(),
  };
}
