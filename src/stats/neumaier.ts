/**
 * Σ f(values[i]) with Neumaier's compensated summation: the error does not grow with n, so sums of
 * 1e8 terms, or of terms that cancel, keep their digits.
 *
 * @example
 * neumaier([1e16, 1, -1e16], (x) => x); // 1 (a plain sum gives 0)
 */
export function neumaier<T>(values: ArrayLike<T>, f: (x: T) => number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const x = f(values[i] as T);
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  // With an infinite term the compensation is NaN; the plain sum is the honest answer then.
  return Number.isFinite(sum) ? sum + compensation : sum;
}
