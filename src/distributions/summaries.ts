import { normalMle } from "../stats/moments.js";
import { quantile } from "../stats/quantile.js";

const remembered = new WeakMap<Float64Array, { mean: number; sd: number }>();

/**
 * Mean and standard deviation (divisor n), compensated: the Normal's MLE. Remembered for each
 * array (three passes over it otherwise, and a fit asks for them several times: data checks,
 * start, closed form, units): callers must not change an array's values between calls.
 */
export function meanSd(data: Float64Array): { mean: number; sd: number } {
  let result = remembered.get(data);
  if (result === undefined) {
    const { loc, scale } = normalMle(data);
    result = { mean: loc, sd: scale };
    remembered.set(data, result);
  }
  return result;
}

/** Mean and standard deviation (divisor n) of log x. */
export function logMeanSd(data: Float64Array): { mean: number; sd: number } {
  return meanSd(data.map(Math.log));
}

/** The median and quartiles, from a sorted copy. */
export function quartiles(data: Float64Array): { q1: number; median: number; q3: number } {
  let result = quartilesOf.get(data);
  if (result === undefined) {
    const sorted = Float64Array.from(data).sort();
    result = {
      q1: quantile(sorted, 0.25),
      median: quantile(sorted, 0.5),
      q3: quantile(sorted, 0.75),
    };
    quartilesOf.set(data, result);
  }
  return result;
}

/** Remembered per array (a sort each): callers must not change an array's values between calls. */
const quartilesOf = new WeakMap<Float64Array, { q1: number; median: number; q3: number }>();
