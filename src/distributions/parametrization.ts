import { Value } from "../engine/value.js";
import { nth } from "../stats/at.js";
import { type Constraint, fromFreeValue, isInterval, toFree } from "./constraint.js";

/**
 * How the optimizer's unconstrained numbers θ map to a family's parameters, in the family's order.
 *
 * - `literal`: θ = the parameters themselves, as in the blog post. Nothing keeps a scale positive.
 * - `default`: each parameter from a start, in the data's units. The Normal's: θ = (m, s) with
 *   loc = origin + unit·m and scale = unit·exp(s). The scale is positive by construction, and a
 *   step of size 1 in m moves loc by one `unit`, the data's own spread, so fitting a·x + b follows
 *   exactly the path of fitting x, transformed. Other families: a location is start + unit·u, a
 *   positive parameter start·exp(u) (positive by construction, steps relative to its size).
 */
export interface Parametrization {
  readonly name: "literal" | "default";
  /** What the coordinates are, for the report. */
  readonly describe: string;
  /** θ at the given parameters. */
  theta(params: readonly number[]): number[];
  /** The parameters at θ, built from engine ops so gradients flow back to θ. */
  natural(theta: readonly Value[]): Value[];
}

export const literalParametrization: Parametrization = {
  name: "literal",
  describe: "literal: the blog post's raw parameters",
  theta: (params) => [...params],
  natural: (theta) => [...theta],
};

/** The Normal's default: loc = origin + unit·m, scale = unit·exp(s). */
export function dataUnitParametrization(origin: number, unit: number): Parametrization {
  return {
    name: "default",
    describe: "loc and log scale in units of the data's robust spread (IQR / 1.349)",
    theta: (params) => [(nth(params, 0) - origin) / unit, Math.log(nth(params, 1) / unit)],
    natural: ([m = new Value(Number.NaN), s = new Value(Number.NaN)]) => [
      m.mul(unit).add(origin),
      s.exp().mul(unit),
    ],
  };
}

export type { Constraint } from "./constraint.js";

/**
 * Any family's default: a "real" parameter is start + unit·u, a "positive" one
 * start·exp(unit·u), so θ = 0 is the start and every parameter keeps its constraint by
 * construction. `units` are per parameter (see fit/fit.ts for how they are chosen).
 */
export function startRelativeParametrization(
  constraints: readonly Constraint[],
  start: readonly number[],
  units: readonly number[],
): Parametrization {
  const unit = (j: number) => nth(units, j);
  return {
    name: "default",
    describe: `each parameter in units of its per-value standard error at the start (positive ones on a log scale${constraints.some(isInterval) ? ", bounded ones on a logit scale" : ""})`,
    theta: (params) =>
      params.map((p, j) => {
        const c = constraints[j] as Constraint;
        if (c === "positive") return Math.log(p / nth(start, j)) / unit(j);
        if (isInterval(c)) return (toFree(c, p) - toFree(c, nth(start, j))) / unit(j);
        return (p - nth(start, j)) / unit(j);
      }),
    natural: (theta) =>
      theta.map((u, j) => {
        const c = constraints[j] as Constraint;
        if (c === "positive") return u.mul(unit(j)).exp().mul(nth(start, j));
        if (isInterval(c)) return fromFreeValue(c, u.mul(unit(j)).add(toFree(c, nth(start, j))));
        return u.mul(unit(j)).add(nth(start, j));
      }),
  };
}

/** The parameters at θ, as plain numbers. */
export function naturalValues(
  parametrization: Parametrization,
  theta: ArrayLike<number>,
): number[] {
  return parametrization.natural(Array.from(theta, (t) => new Value(t))).map((v) => v.data);
}
