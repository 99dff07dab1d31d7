import { normalMle } from "../stats/moments.js";
import { quantile } from "../stats/quantile.js";

/** Mean and standard deviation (divisor n), compensated: the Normal's MLE. */
export function meanSd(data: Float64Array): { mean: number; sd: number } {
  const { loc, scale } = normalMle(data);
  return { mean: loc, sd: scale };
}

/** Mean and standard deviation (divisor n) of log x. */
export function logMeanSd(data: Float64Array): { mean: number; sd: number } {
  return meanSd(data.map(Math.log));
}

/** The median and quartiles, from a sorted copy. */
export function quartiles(data: Float64Array): { q1: number; median: number; q3: number } {
  const sorted = Float64Array.from(data).sort();
  return {
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
  };
}
