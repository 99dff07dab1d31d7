import { cell, nth } from "../stats/at.js";
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
      if (Math.abs(cell(a, r, col)) > Math.abs(cell(a, pivot, col))) pivot = r;
    }
    const pivotValue = cell(a, pivot, col);
    if (!Number.isFinite(pivotValue) || pivotValue === 0) return undefined;
    const row = a[pivot] ?? [];
    a[pivot] = a[col] ?? [];
    a[col] = row;
    for (let c = 0; c < 2 * n; c++) row[c] = nth(row, c) / pivotValue;
    a.forEach((other, r) => {
      if (r === col) return;
      const factor = nth(other, col);
      for (let c = 0; c < 2 * n; c++) other[c] = nth(other, c) - factor * nth(row, c);
    });
  }
  return a.map((row) => row.slice(n));
}
