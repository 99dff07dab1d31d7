import { FitError } from "../errors.js";
import { AUTO_CAP, AUTO_TOLERANCE } from "../fit/full-batch.js";
import type { RunSummary } from "../report/summary.js";
import type { RunResult } from "./run.js";

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

/** lr × batch size above this is named in the advice: each step is that many per-value steps. */
const LARGE_STEP = 0.5;

/**
 * What the warnings and --max-gap-se say about where SGD stopped:
 *
 * - with --max-gap-se X, a gap above X standard errors is a failure (exit 3, after the report),
 *   and nothing else is said: the caller chose the tolerance;
 * - --epochs auto warns only when it stopped short of its rule (at its cap, or where no step
 *   raised the log-likelihood);
 * - a fixed --epochs N (or --literal) warns when the estimate ended more than 1 standard error
 *   from the exact MLE, and says what to do.
 */
export function checkGap(
  summary: RunSummary,
  maxGapSe: number | undefined,
): Pick<RunResult, "warnings" | "failure"> {
  const { fit, inference, optimizer } = summary;
  const largest = inference.gapSe && largestGap(inference.gapSe, fit.family.params);
  const gap = largest === undefined ? undefined : Math.abs(largest.gap);
  const what =
    largest === undefined
      ? ""
      : `the SGD estimate of ${largest.name} is ${gap?.toFixed(2)} standard errors from the exact MLE`;
  if (maxGapSe !== undefined) {
    if (gap === undefined || gap <= maxGapSe) return { warnings: [] };
    return {
      warnings: [],
      failure: new FitError(`${what}, more than --max-gap-se ${maxGapSe}; ${advice(summary)}`),
    };
  }
  if (fit.epochs === "auto") {
    if (inference.converged || fit.interrupted) return { warnings: [] };
    const score = inference.estimate.score;
    const where = fit.capped
      ? `stopped at its cap of ${AUTO_CAP} epochs`
      : "stopped where no step raised the log-likelihood";
    return {
      warnings: [
        `warning: --epochs auto ${where} with the score ${Number.isFinite(score) ? `${score.toPrecision(3)} standard errors` : "undefined (the information is not positive definite)"} from the optimum, above ${AUTO_TOLERANCE}${what === "" ? "" : `; ${what}`}; use the exact MLE beside it (Newton's), and look at the likelihood's surface (--plot-file) for a maximum that is flat or at an edge`,
      ],
    };
  }
  if (gap === undefined || gap <= 1 || fit.interrupted) return { warnings: [] };
  const epochs = `${optimizer.epochs} epoch${optimizer.epochs === 1 ? "" : "s"}`;
  return { warnings: [`warning: after ${epochs}, ${what}; ${advice(summary)}`] };
}

/** What to try for a closer estimate: auto epochs, and a smaller lr when steps are large. */
function advice({ fit, optimizer }: RunSummary): string {
  const step = optimizer.lr * optimizer.batchSize;
  const large =
    step > LARGE_STEP
      ? `; lr × batch size is ${+step.toPrecision(3)}, large: the loss sums the batch, so each step is that many per-value steps (try a smaller --lr)`
      : "";
  if (fit.mode === "literal") {
    return `drop --literal and --epochs to let SGD run until it converges (--epochs auto)${large}`;
  }
  if (fit.epochs === "auto") {
    return `--epochs auto stops within ${AUTO_TOLERANCE} standard errors by its rule; for a tighter gate, use the exact MLE${large}`;
  }
  return `drop --epochs to let SGD run until it converges (--epochs auto, the default)${large}`;
}
