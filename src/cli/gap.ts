import { FitError } from "../errors.js";
import type { Inference } from "../inference/infer.js";
import type { RunResult } from "./run.js";

/** Options that bring SGD within 0.1 standard errors of the exact MLE (README, tested). */
export const CLOSE_FIT_RECIPE =
  "--optimizer adam --lr 0.02 --schedule inverse --average --epochs 100";

/** The parameter farthest from the exact MLE, in standard errors. */
function largestGap(
  gapSe: readonly number[],
  names: readonly string[],
): { name: string; gap: number } | undefined {
  let largest: { name: string; gap: number } | undefined;
  gapSe.forEach((gap, j) => {
    if (largest === undefined || Math.abs(gap) > Math.abs(largest.gap)) {
      largest = { name: names[j] ?? `parameter ${j + 1}`, gap };
    }
  });
  return largest;
}

/**
 * A gap above 1 standard error is a warning; with --max-gap-se X, a gap above X is a failure
 * (exit 3, after the report) and below it nothing is said: the caller chose the tolerance.
 */
export function checkGap(
  inference: Inference,
  maxGapSe: number | undefined,
  names: readonly string[],
): Pick<RunResult, "warnings" | "failure"> {
  const largest = inference.gapSe && largestGap(inference.gapSe, names);
  if (largest === undefined || Math.abs(largest.gap) <= (maxGapSe ?? 1)) return { warnings: [] };
  const what = `the SGD estimate of ${largest.name} is ${Math.abs(largest.gap).toFixed(2)} standard errors from the exact MLE`;
  if (maxGapSe === undefined) {
    return { warnings: [`warning: ${what}; for a closer estimate try ${CLOSE_FIT_RECIPE}`] };
  }
  return {
    warnings: [],
    failure: new FitError(`${what}, more than --max-gap-se ${maxGapSe}; try ${CLOSE_FIT_RECIPE}`),
  };
}
