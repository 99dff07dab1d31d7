/**
 * The smallest and largest finite value, leaving out rows of weight 0 when weights are given
 * (they are not data): where the support's ends sit (fit/edges.ts, fit/fit.ts).
 */
export function extremes(
  values: ArrayLike<number>,
  weights?: ArrayLike<number>,
): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    if (weights !== undefined && !((weights[i] as number) > 0)) continue;
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}
