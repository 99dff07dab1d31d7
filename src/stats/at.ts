/**
 * Checked reads for the places where an index is known to be in range but the type system cannot
 * see it (noUncheckedIndexedAccess): past the end they give NaN, which every later step carries
 * and every finite check catches, instead of a cast that would hide the mistake.
 */

/** values[i], or NaN past the end. */
export function nth(values: ArrayLike<number>, i: number): number {
  return values[i] ?? Number.NaN;
}

/** matrix[i][j], or NaN outside it. */
export function cell(matrix: ArrayLike<ArrayLike<number>>, i: number, j: number): number {
  return matrix[i]?.[j] ?? Number.NaN;
}
