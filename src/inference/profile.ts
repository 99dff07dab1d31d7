import quantile from "@stdlib/stats-base-dists-normal-quantile";
import { type Constraint, fromFree, slopes, toFree } from "../distributions/constraint.js";
import type { Family } from "../distributions/family.js";
import { fixParameters } from "../distributions/fixed.js";
import type { EngineName } from "../engine/engine-name.js";
import { exactFit } from "../fit/exact.js";
import { likelihoodEvaluator } from "../likelihood/likelihood.js";

/**
 * Profile-likelihood intervals (bbmle's confint, R's MASS profile): for each parameter, the
 * values v where the profile log-likelihood, the maximum over the other parameters with this one
 * held at v, falls χ²₁(level)/2 below its maximum. The others are maximized by the exact fit
 * of the family with the parameter fixed (fixed.ts: Newton on the engine's Hessian); a family of
 * one parameter is its own profile. Each end is bracketed by stepping out from the MLE in
 * multiples of its standard error (on the log scale for a positive parameter), then found by
 * bisection to a relative 1e-10 of the parameter's scale. An end the profile never crosses (the
 * likelihood flattens out before the cut, or the fit fails there) is Infinity in that direction
 * (0 for a positive parameter's lower end).
 *
 * Unlike Wald's, these intervals follow the likelihood's own shape, so they are the better
 * interval for a skewed parameter (a scale on a small sample, a shape).
 */
export function profileIntervals(
  family: Family,
  data: Float64Array,
  mle: readonly number[],
  maxLogLik: number,
  se: readonly number[],
  level: number,
  engine: EngineName,
): [number, number][] {
  const z = quantile((1 + level) / 2, 0, 1);
  const cut = maxLogLik - (z * z) / 2;
  const evaluate = likelihoodEvaluator(family, engine);
  return family.params.map((name, j) => {
    const constraint = family.constraints[j] as Constraint;
    const at = mle[j] as number;
    const profile = (v: number): number => {
      if (family.params.length === 1) return evaluate(data, [v]).logLik;
      try {
        return exactFit(fixParameters(family, { [name]: v }), data, engine).logLik;
      } catch {
        return Number.NaN;
      }
    };
    // u: the parameter's free coordinate (constraint.ts: log θ for a positive one); steps in its
    // standard errors.
    const toValue = (u: number) => fromFree(constraint, u);
    const u0 = toFree(constraint, at);
    const step = (se[j] as number) / slopes(constraint, at)[0] || Math.abs(u0) || 1;
    const end = (direction: 1 | -1): number => {
      let inside = u0;
      let outside: number | undefined;
      for (let k = 1; k <= 2 ** 20; k *= 2) {
        const u = u0 + direction * k * step;
        const value = profile(toValue(u));
        if (!Number.isFinite(toValue(u))) break;
        if (Number.isNaN(value)) break;
        if (value < cut) {
          outside = u;
          break;
        }
        inside = u;
      }
      if (outside === undefined) {
        return toValue(direction * Number.POSITIVE_INFINITY);
      }
      // Bisection: the profile is above the cut at `inside`, below it at `below`.
      let below: number = outside;
      const tolerance = 1e-10 * Math.max(Math.abs(step), Number.MIN_VALUE);
      for (let i = 0; i < 200 && Math.abs(below - inside) > tolerance; i++) {
        const middle: number = (inside + below) / 2;
        const value = profile(toValue(middle));
        if (Number.isNaN(value) || value < cut) below = middle;
        else inside = middle;
      }
      return toValue((inside + below) / 2);
    };
    return [end(-1), end(1)];
  });
}
