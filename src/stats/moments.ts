import { neumaier } from "./neumaier.js";

/**
 * The Normal's exact maximum-likelihood estimate: the mean, and the standard deviation with
 * divisor n. Two passes with compensated (Neumaier) sums, after scaling by powers of two (exact)
 * so that values near 1e300 do not overflow when squared and values like 1e12 plus noise of 1e-3
 * do not cancel. O(n) time, O(1) extra memory.
 *
 * @example
 * normalMle(Float64Array.of(1, 2, 3, 4)); // { loc: 2.5, scale: 1.118033988749895 }
 */
export function normalMle(values: ArrayLike<number>): { loc: number; scale: number } {
  const n = values.length;
  if (n === 0) return { loc: Number.NaN, scale: Number.NaN };
  const unit = powerOfTwoAbove(maxAbs(values, (x) => x));
  const mean = neumaier(values, (x) => x / unit) / n;
  // Deviations in units of `spread` are at most about 1, so their squares cannot overflow.
  const spread = powerOfTwoAbove(maxAbs(values, (x) => x / unit - mean));
  const sumSquares = neumaier(values, (x) => ((x / unit - mean) / spread) ** 2);
  return { loc: mean * unit, scale: Math.sqrt(sumSquares / n) * spread * unit };
}

function maxAbs(values: ArrayLike<number>, transform: (x: number) => number): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    max = Math.max(max, Math.abs(transform(values[i] as number)));
  }
  return max;
}

/** A power of two near x (1 for 0), so dividing by it is exact; capped so it stays finite. */
function powerOfTwoAbove(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 1;
  return 2 ** Math.min(1023, Math.ceil(Math.log2(x)));
}
