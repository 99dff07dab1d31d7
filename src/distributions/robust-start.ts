import { quantile } from "../stats/quantile.js";
import { meanSd } from "./summaries.js";

/** At most this many values, evenly spaced through the data, choose the start: O(1) memory. */
const START_SAMPLE = 10_001;

/** IQR / 1.349 estimates the standard deviation of a Normal (2 × 0.6745). */
const IQR_PER_SD = 1.3489795003921634;

/**
 * A data-based start for the fit: the median and the interquartile range / 1.349, robust stand-ins
 * for the mean and standard deviation that differ from the exact MLE, so the optimizer still has
 * work to do. For n above 10,001 they are taken over 10,001 evenly spaced values. Where the IQR is
 * 0 (over half the values equal), or too small beside the range for z² to stay finite,
 * `fallbackScale` is used instead.
 *
 * Both are affine equivariant: the start for a·x + b is a·loc + b and |a|·scale, up to rounding.
 */
export function robustStart(
  values: ArrayLike<number>,
  fallbackScale: number,
): { loc: number; scale: number } {
  const sample = evenlySpaced(values, START_SAMPLE).sort();
  const q1 = quantile(sample, 0.25);
  const q3 = quantile(sample, 0.75);
  const iqr = q3 - q1;
  // An IQR below 1e-50 of the range (0, 0, 5e-324, 0, 1) makes z² of the extremes, and the
  // gradient z²/scale, overflow: the fallback then, as for an IQR of 0. An outlier's range (1e12
  // among values near 10) is far inside that.
  const range = (sample[sample.length - 1] ?? 0) - (sample[0] ?? 0);
  const usable = iqr > 0 && Number.isFinite(iqr) && iqr >= range * 1e-50;
  return {
    loc: quantile(sample, 0.5),
    scale: usable ? iqr / IQR_PER_SD : fallbackScale,
  };
}

function evenlySpaced(values: ArrayLike<number>, count: number): Float64Array {
  const n = values.length;
  if (n <= count) return Float64Array.from(values);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++)
    out[i] = values[Math.floor((i * (n - 1)) / (count - 1))] as number;
  return out;
}

/**
 * The data's spread, robustly: IQR / 1.349 (over half the values equal: the sd instead). One
 * outlier cannot inflate it as it inflates the sd (a 1e12 among a thousand values near 10 makes
 * the sd 3e10 and leaves this near 1): the unit of SGD's steps.
 */
export function robustSpread(values: Float64Array): number {
  return robustStart(values, meanSd(values).sd).scale;
}
