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

/**
 * Whether a symmetric matrix is positive definite: its Cholesky factorization runs to the end
 * with every pivot above 0 (and finite). An invertible matrix need not be (a saddle's
 * information has a negative eigenvalue).
 */
export function isPositiveDefinite(matrix: readonly (readonly number[])[]): boolean {
  const n = matrix.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let diagonal = cell(matrix, j, j);
    for (let k = 0; k < j; k++) diagonal -= cell(l, j, k) ** 2;
    if (!(diagonal > 0) || !Number.isFinite(diagonal)) return false;
    const pivot = Math.sqrt(diagonal);
    (l[j] as number[])[j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = cell(matrix, i, j);
      for (let k = 0; k < j; k++) sum -= cell(l, i, k) * cell(l, j, k);
      (l[i] as number[])[j] = sum / pivot;
    }
  }
  return true;
}
