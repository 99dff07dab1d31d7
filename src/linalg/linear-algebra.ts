/**
 * The inverse of a small square matrix by Gauss-Jordan elimination with partial pivoting, or
 * undefined when it is singular (or not finite). For the 2×2 and 3×3 information matrices here.
 */
export function invert(matrix: readonly (readonly number[])[]): number[][] | undefined {
  const n = matrix.length;
  const a = matrix.map((row, i) => [
    ...row,
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (
        Math.abs((a[r] as number[])[col] as number) >
        Math.abs((a[pivot] as number[])[col] as number)
      )
        pivot = r;
    }
    const pivotValue = (a[pivot] as number[])[col] as number;
    if (!Number.isFinite(pivotValue) || pivotValue === 0) return undefined;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const row = a[col] as number[];
    for (let c = 0; c < 2 * n; c++) row[c] = (row[c] as number) / pivotValue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const other = a[r] as number[];
      const factor = other[col] as number;
      for (let c = 0; c < 2 * n; c++) other[c] = (other[c] as number) - factor * (row[c] as number);
    }
  }
  return a.map((row) => row.slice(n));
}
