import { Value } from "../engine/value.js";

/**
 * How the optimizer's two unconstrained numbers θ map to the Normal's loc and scale.
 *
 * - `literal`: θ = (loc, scale), as in the seed. Nothing keeps the scale positive.
 * - `default`: θ = (m, s) with loc = origin + unit·m and scale = unit·exp(s). The scale is positive
 *   by construction, and a step of size 1 in m moves loc by one `unit`, the data's own spread, so
 *   fitting a·x + b follows exactly the path of fitting x, transformed.
 */
export interface Parametrization {
  readonly name: "literal" | "default";
  /** θ at the given loc and scale. */
  theta(loc: number, scale: number): [number, number];
  /** loc and scale at θ, built from engine ops so gradients flow back to θ. */
  natural(theta: readonly [Value, Value]): { loc: Value; scale: Value };
}

export const literalParametrization: Parametrization = {
  name: "literal",
  theta: (loc, scale) => [loc, scale],
  natural: ([loc, scale]) => ({ loc, scale }),
};

export function dataUnitParametrization(origin: number, unit: number): Parametrization {
  return {
    name: "default",
    theta: (loc, scale) => [(loc - origin) / unit, Math.log(scale / unit)],
    natural: ([m, s]) => ({
      loc: m.mul(unit).add(origin),
      scale: s.exp().mul(unit),
    }),
  };
}

/** loc and scale as plain numbers. */
export function naturalValues(
  parametrization: Parametrization,
  theta: readonly [number, number],
): { loc: number; scale: number } {
  const { loc, scale } = parametrization.natural([new Value(theta[0]), new Value(theta[1])]);
  return { loc: loc.data, scale: scale.data };
}
