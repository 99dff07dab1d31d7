import type { Family } from "./family.js";
import { meanSd } from "./summaries.js";

/**
 * How a parameter moves when the data are multiplied by c > 0: a location or scale by ×c, a rate
 * by ÷c, a log-location (lognormal's meanlog) by + log c; a shape does not move.
 */
export type ScaleRole = "scale" | "rate" | "log-shift" | "none";

/** Spreads within 2^±64 need no rescaling: their information and its inverse stay in range. */
const SAFE = 64;

/**
 * A power of two c near the data's spread, for fitting and inference in scaled coordinates
 * (x / c), or 1 when the family cannot be rescaled (counts) or the spread is moderate. Dividing
 * by a power of two is exact, so the scaled fit's estimates map back exactly; the point is that
 * second derivatives like n / scale² overflow (or underflow) for data near 1e±300, while in
 * scaled coordinates they are of order n, so standard errors are equivariant: those of a·x are
 * a times those of x.
 */
export function dataScale(family: Family, data: Float64Array): number {
  if (family.scaling === undefined || data.length === 0) return 1;
  // An order of magnitude is all it needs: above 10,001 values, evenly spaced ones give it.
  const { mean, sd } = meanSd(evenlySpaced(data, 10_001));
  const spread = sd > 0 && Number.isFinite(sd) ? sd : Math.abs(mean);
  if (!(spread > 0) || !Number.isFinite(spread)) return 1;
  const power = Math.round(Math.log2(spread));
  if (Math.abs(power) <= SAFE) return 1;
  return 2 ** Math.max(-1022, Math.min(1023, power));
}

/** The parameters of data x expressed for the data x / c. */
export function toScaled(family: Family, params: readonly number[], c: number): number[] {
  return params.map((p, j) => move(family.scaling?.[j], p, 1 / c));
}

/** The parameters of data x / c expressed for the data x. */
export function fromScaled(family: Family, params: readonly number[], c: number): number[] {
  return params.map((p, j) => move(family.scaling?.[j], p, c));
}

/** How a standard error (or any spread of an estimate) of the scaled data maps back. */
export function seFromScaled(family: Family, se: readonly number[], c: number): number[] {
  return se.map((s, j) => {
    const role = family.scaling?.[j];
    if (role === "scale") return s * c;
    if (role === "rate") return s / c;
    return s;
  });
}

function move(role: ScaleRole | undefined, p: number, c: number): number {
  switch (role) {
    case "scale":
      return p * c;
    case "rate":
      return p / c;
    case "log-shift":
      return p + Math.log(c);
    default:
      return p;
  }
}

/** At most `count` values spread evenly through the data (all of them when there are fewer). */
function evenlySpaced(data: Float64Array, count: number): Float64Array {
  const n = data.length;
  if (n <= count) return data;
  return Float64Array.from(
    { length: count },
    (_, i) => data[Math.floor((i * (n - 1)) / (count - 1))] ?? 0,
  );
}
