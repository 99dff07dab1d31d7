/**
 * R's default quantile (type 7) of sorted values: linear between order statistics.
 *
 * @example
 * quantile(Float64Array.of(1, 2, 3, 4), 0.5); // 2.5
 */
export function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return below + (h - lo) * (above - below);
}
